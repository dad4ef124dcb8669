"""The view of one chain, or several fused: segments by tier, coloured by coverage, with candidates.

Data comes only through the public API (``find_gaps``, ``find_candidates``, with the store's
home region when none is given) and the store's chain retrievals; segments that several chains
share are drawn once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from chainatlas.explorer.dates import date_fact, date_firms, set_span
from chainatlas.explorer.labels import label_size, list_label, region_names, segment_label
from chainatlas.explorer.layout import Box, chain_positions, fan_offsets
from chainatlas.explorer.view import (
    CandidateInfo,
    ExplorerView,
    FactorInfo,
    FilterGroup,
    FirmInfo,
    ViewEdge,
    ViewNode,
)
from chainatlas.graph.model import Segment, SupplyLink
from chainatlas.graph.store import Store
from chainatlas.queries import GapReport, Thresholds
from chainatlas.queries.gaps import SegmentCoverage
from chainatlas.questions import find_candidates, find_gaps
from chainatlas.settings import region_for
from chainatlas.words import Lang, explain, say

__all__ = ["build_chain_view", "TIER_LABELS", "COVERAGE_LABELS", "segment_node_id"]

TIERS = ("upstream", "midstream", "downstream")
COVERAGES = ("strong", "weak", "missing")


def tier_labels(lang: Lang = "zh") -> dict[str, str]:
    return {t: say(f"tier.{t}", lang) for t in TIERS}


def coverage_labels(lang: Lang = "zh") -> dict[str, str]:
    return {c: say(f"class.{c}", lang) for c in COVERAGES}


TIER_LABELS = tier_labels()
COVERAGE_LABELS = coverage_labels()
DEFAULT_TOP = 5
_SEGMENT_RE = re.compile(r"(tagged on segment )([\w.-]+)")
_HQ_RE = re.compile(r"\bHQ (\d{6})\b")
LABEL_GAP = 8.0  # between a dot and its label (vis-network leaves less)
LABEL_PAD = 12.0  # around a label, left and right together


def segment_node_id(segment_id: str) -> str:
    return f"seg:{segment_id}"


def _evidence(
    text: str, name: str, segments: dict[str, str], regions: dict[str, str], lang: Lang = "zh"
) -> str:
    """A factor's evidence with names before codes: segments, lists and HQ regions."""
    if name == "lists":
        return say("x.list_sep", lang).join(list_label(x.strip(), lang) for x in text.split(","))
    return explain(_names_first(text, segments, regions), lang)


def _names_first(text: str, segments: dict[str, str], regions: dict[str, str]) -> str:
    text = _SEGMENT_RE.sub(
        lambda m: (
            f"{m.group(1)}{segments[m.group(2)]} ({m.group(2)})"
            if m.group(2) in segments
            else m.group(0)
        ),
        text,
    )
    return _HQ_RE.sub(
        lambda m: (
            f"HQ {regions[m.group(1)]} ({m.group(1)})" if regions.get(m.group(1)) else m.group(0)
        ),
        text,
    )


def _candidates(
    store: Store, segment_id: str, region: str, top: int, segments: dict[str, str], lang: Lang
) -> list[CandidateInfo]:
    found = find_candidates(store, segment=segment_id, region=region, top=top).candidates
    offsets = fan_offsets(len(found))
    names = region_names(store, [c.hq_region for c in found])
    return [
        CandidateInfo(
            enterprise_id=c.enterprise_id,
            name=c.name,
            score=c.score,
            factors=[
                FactorInfo(
                    name=f.name,
                    value=f.value,
                    evidence=_evidence(f.evidence, f.name, segments, names, lang),
                )
                for f in c.factors
            ],
            hq_region=c.hq_region,
            hq_region_name=names.get(c.hq_region, ""),
            lists=[list_label(x, lang) for x in c.lists],
            dx=dx,
            dy=dy,
        )
        for c, (dx, dy) in zip(found, offsets, strict=True)
    ]


def _named(name: str, code: str) -> str:
    return f"{name} ({code})" if name and name != code else code


def _facts(
    seg: Segment, row: SegmentCoverage, chains: list[str], names: dict[str, str], lang: Lang
) -> list[tuple[str, str]]:
    """The panel's facts, names before codes (``names``: chain ids and GB/T codes to names)."""
    facts = [
        (say("x.tier", lang), tier_labels(lang).get(row.tier.value, row.tier.value)),
        (say("x.coverage", lang), coverage_labels(lang)[row.coverage_class]),
        (say("x.local", lang), str(row.local_firm_count)),
        (say("x.cov_sum", lang), f"{row.coverage:g}"),
        (say("x.importance", lang), f"{row.importance:.2f}"),
        (say("x.priority", lang), f"{row.priority:.2f}"),
    ]
    if row.official_kind is not None:
        note = ("：" if lang == "zh" else ": ") + row.official_note if row.official_note else ""
        official = say(f"x.official.{row.official_kind.value}", lang)
        facts.append((say("x.official", lang), official + note))
    if not row.agrees_with_official:
        facts.append((say("x.vs_official", lang), say("x.disagrees", lang)))
    sep = say("x.list_sep", lang)
    facts.append((say("x.chains", lang), sep.join(_named(names.get(x, ""), x) for x in chains)))
    if seg.gbt_codes:
        gbt = [_named(names.get(f"gbt:{x}", ""), x) for x in seg.gbt_codes]
        facts.append(("GB/T 4754-2017", sep.join(gbt)))
    facts.append(date_fact(seg, lang))
    facts.append((say("x.id", lang), seg.id))
    return facts


@dataclass
class _Chains:
    """The segments, coverage rows and links of the chains drawn, shared segments once."""

    reports: list[GapReport]
    segments: dict[str, Segment] = field(default_factory=dict)
    rows: dict[str, SegmentCoverage] = field(default_factory=dict)
    in_chains: dict[str, list[str]] = field(default_factory=dict)
    links: dict[tuple[str, str], SupplyLink] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # chain ids, "gbt:<code>" → names
    lang: Lang = "zh"


def _gather(store: Store, reports: list[GapReport]) -> _Chains:
    c = _Chains(reports)
    for report in reports:
        for seg in store.chain_segments(report.chain_id):
            c.segments.setdefault(seg.id, seg)
            c.in_chains.setdefault(seg.id, [])
            if report.chain_id not in c.in_chains[seg.id]:
                c.in_chains[seg.id].append(report.chain_id)
        for row in report.segments:
            old = c.rows.get(row.segment_id)
            if old is None or row.priority > old.priority:
                c.rows[row.segment_id] = row
        for lk in store.chain_links(report.chain_id):
            c.links.setdefault((lk.from_id, lk.to_id), lk)
        c.names[report.chain_id] = report.chain_name
    codes = {g for seg in c.segments.values() for g in seg.gbt_codes}
    c.names.update((f"gbt:{i.code}", i.name) for i in store.industries(codes) if i.name)
    return c


def node_size(row: SegmentCoverage) -> float:
    """A segment's dot radius: 10 px, and 4 px more per step of importance (0–5)."""
    return round(10 + 4 * min(max(row.importance, 0.0), 5.0), 1)


def _label(c: _Chains, sid: str) -> str:
    row = c.rows[sid]
    official = row.official_kind.value if row.official_kind else None
    return segment_label(c.segments[sid].name_zh, official, len(c.in_chains[sid]), c.lang)


def _box(c: _Chains, sid: str) -> Box:
    """The node's extent with its label below the dot: (width, above, below)."""
    radius = node_size(c.rows[sid])
    width, height = label_size(_label(c, sid))
    return (max(width, 2 * radius) + LABEL_PAD, radius, radius + LABEL_GAP + height)


def _segment_node(
    store: Store, c: _Chains, sid: str, xy: tuple[float, float], region: str, top: int
) -> ViewNode:
    seg, row = c.segments[sid], c.rows[sid]
    return ViewNode(
        id=segment_node_id(sid),
        kind="segment",
        name=seg.name_zh,
        name_en=seg.name_en,
        aliases=seg.aliases,
        x=xy[0],
        y=xy[1],
        size=node_size(row),
        label=_label(c, sid),
        tier=row.tier.value,
        coverage=row.coverage_class,
        official=row.official_kind.value if row.official_kind else None,
        official_note=row.official_note,
        importance=row.importance,
        priority=row.priority,
        chains=c.in_chains[sid],
        facts=_facts(seg, row, c.in_chains[sid], c.names, c.lang),
        local_firms=[
            FirmInfo(
                enterprise_id=f.enterprise_id,
                name=f.name,
                strength=f.strength,
                via_project=f.via_project,
            )
            for f in row.local_firms
        ],
        candidates=_candidates(
            store, sid, region, top, {k: v.name_zh for k, v in c.segments.items()}, c.lang
        ),
    )


def _edges(c: _Chains, parent: dict[str, str | None]) -> list[ViewEdge]:
    rows = c.rows
    edges = [
        ViewEdge(
            id=f"feeds:{a}>{b}",
            source=segment_node_id(a),
            target=segment_node_id(b),
            kind="feeds",
            label=lk.kind.value,
        )
        for (a, b), lk in sorted(c.links.items())
        if a in rows and b in rows
    ]
    edges += [
        ViewEdge(
            id=f"part:{p}>{s}", source=segment_node_id(p), target=segment_node_id(s), kind="part_of"
        )
        for s, p in sorted(parent.items())
        if p
    ]
    return edges


def build_chain_view(
    store: Store,
    chain_ids: Sequence[str],
    region: str | None = None,
    *,
    top: int = DEFAULT_TOP,
    thresholds: Thresholds | None = None,
    lang: Lang = "zh",
) -> ExplorerView:
    """The picture of ``chain_ids`` (one chain, or several fused; none: every chain) in
    ``region`` (default: the store's home region).

    Every segment carries its coverage, local firms and top ``top`` candidates; segments
    shared by several chains appear once, listing all their chains.
    """
    where = region_for(store, region)
    if not chain_ids:
        chain_ids = [c.id for c in store.chains()]
    reports = [find_gaps(store, cid, where, thresholds=thresholds) for cid in chain_ids]
    c = _gather(store, reports)
    c.lang = lang
    rows = c.rows
    ids = sorted(s for s in c.segments if s in rows)
    parent = {s: c.segments[s].parent if c.segments[s].parent in rows else None for s in ids}
    pos = chain_positions(
        {s: rows[s].tier.value for s in ids},
        parent,
        [k for k in sorted(c.links) if k[0] in rows and k[1] in rows],
        {s: _box(c, s) for s in ids},
    )
    nodes = [_segment_node(store, c, sid, pos[sid], where, top) for sid in ids]
    counts = {"strong": 0, "weak": 0, "missing": 0}
    for sid in ids:
        counts[rows[sid].coverage_class] += 1
    shared = sum(1 for sid in ids if len(c.in_chains[sid]) > 1)
    notes = [say("x.shared_note", lang, n=shared)] if len(reports) > 1 else []
    firms = date_firms(store, nodes, lang)
    official = [w for r in reports for w in store.weak_links(r.chain_id)]
    drawn = [*(c.segments[s] for s in ids), *c.links.values(), *firms, *official]
    view = ExplorerView(
        kind="chain",
        title=" + ".join(r.chain_name for r in reports),
        subtitle=say(
            "x.subtitle",
            lang,
            region=_named(region_names(store, [where]).get(where, ""), where),
            n=len(ids),
            **counts,
        ),
        region=where,
        chain_ids=[r.chain_id for r in reports],
        nodes=nodes,
        edges=_edges(c, parent),
        filters=[
            FilterGroup(
                field="tier", label=say("x.tier", lang), options=list(tier_labels(lang).items())
            ),
            FilterGroup(
                field="coverage",
                label=say("x.coverage", lang),
                options=list(coverage_labels(lang).items()),
            ),
        ],
        notes=notes,
        lang=lang,
    )
    return set_span(view, drawn)
