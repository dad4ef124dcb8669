"""Gaps (产业链弱项和缺项): per segment of a chain, how well the region covers it.

A segment's local coverage is the set of firms present in the region (HQ or plant) that can
supply it or a segment below it. It is classified strong / weak / missing by thresholds the
planner sets, weighted by importance (how much of the chain depends on the segment), and
merged with the official weak-link list; where the two disagree, the disagreement is listed.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
from chainatlas.graph.cached import read_cache
from chainatlas.graph.model import ProjectStatus, Segment, Tier, WeakLinkKind, region_prefix
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .common import (
    children_map,
    get_chain,
    with_descendants,
)

__all__ = [
    "Thresholds",
    "LocalFirm",
    "SegmentCoverage",
    "Disagreement",
    "GapReport",
    "find_gaps",
]

Coverage = Literal["strong", "weak", "missing"]
TIER_ORDER = {Tier.UPSTREAM: 0, Tier.MIDSTREAM: 1, Tier.DOWNSTREAM: 2}
SEVERITY = {"missing": 1.0, "weak": 0.5, "strong": 0.0}


class Thresholds(BaseModel):
    """When a segment counts as strong, weak or missing in the region."""

    strong_min_firms: int = Field(2, ge=1, description="local firms needed for 'strong'")
    strong_min_coverage: float = Field(
        1.5, ge=0, description="sum of local firms' strengths needed for 'strong'"
    )
    weak_min_coverage: float = Field(
        0.0, ge=0, description="coverage at or below this is 'missing' even with firms"
    )

    def classify(self, firms: int, coverage: float) -> Coverage:
        if firms == 0 or coverage <= self.weak_min_coverage:
            return "missing"
        if firms >= self.strong_min_firms and coverage >= self.strong_min_coverage:
            return "strong"
        return "weak"


class LocalFirm(BaseModel):
    """A firm present in the region that can supply the segment (or fills it by a project)."""

    enterprise_id: str
    name: str
    strength: float
    segment_id: str
    via_project: str = ""


class SegmentCoverage(BaseModel):
    """One segment's coverage in the region, and what the official list says of it."""

    segment_id: str
    name_zh: str
    name_en: str
    tier: Tier
    parent: str | None
    coverage_class: Coverage
    local_firm_count: int
    coverage: float
    local_firms: list[LocalFirm]
    importance: float
    dependents: int
    priority: float
    official_kind: WeakLinkKind | None = None
    official_note: str = ""
    agrees_with_official: bool = True


class Disagreement(BaseModel):
    segment_id: str
    name_zh: str
    computed: Coverage
    official: WeakLinkKind | None
    kind: Literal["listed-but-covered", "listed-weak-but-missing", "not-listed"]
    message: str


class GapReport(BaseModel):
    chain_id: str
    chain_name: str
    region: str
    thresholds: Thresholds
    segments: list[SegmentCoverage]
    disagreements: list[Disagreement]

    @property
    def gaps(self) -> list[SegmentCoverage]:
        """Weak and missing segments, most urgent first."""
        found = [s for s in self.segments if s.coverage_class != "strong"]
        return sorted(found, key=lambda s: (-s.priority, s.segment_id))

    def counts(self) -> dict[str, int]:
        out = {"strong": 0, "weak": 0, "missing": 0}
        for s in self.segments:
            out[s.coverage_class] += 1
        return out


def _dependents(store: Store, chain_id: str, ids: list[str]) -> dict[str, int]:
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from((lk.from_id, lk.to_id) for lk in store.chain_links(chain_id))
    return {sid: len(nx.descendants(g, sid)) for sid in ids}


def find_gaps(
    store: Store,
    chain_id: str,
    region: str,
    *,
    thresholds: Thresholds | None = None,
) -> GapReport:
    """Coverage of every segment of ``chain_id`` in ``region`` (a division code, e.g. 410700).

    >>> report = find_gaps(store, "battery-ev", "410700")  # doctest: +SKIP
    >>> [s.coverage_class for s in report.gaps][:3]  # doctest: +SKIP
    ['missing', 'missing', 'weak']
    """
    store = read_cache(store)
    thresholds = thresholds or Thresholds()
    chain = get_chain(store, chain_id)
    segments = store.chain_segments(chain.id)
    kids = children_map(segments)
    ids = [s.id for s in segments]
    firms_at = _local_firms(store, ids, region_prefix(region))
    deps = _dependents(store, chain.id, ids)
    max_dep = max(deps.values(), default=0) or 1
    official = _official(store, chain.id)
    rows: list[SegmentCoverage] = []
    disagreements: list[Disagreement] = []
    for seg in segments:
        firms = _best_firms(seg.id, kids, firms_at)
        row = _coverage(seg, firms, thresholds, deps[seg.id] / max_dep, deps[seg.id])
        off = official.get(seg.id)
        if off is not None:
            row.official_kind, row.official_note = off
        d = _disagreement(row)
        if d is not None and d.kind == "not-listed" and seg.id in kids:
            d = None  # a grouping segment: its children's disagreements say it better
        if d is not None:
            row.agrees_with_official = False
            disagreements.append(d)
        rows.append(row)
    rows.sort(key=lambda r: (TIER_ORDER[r.tier], r.segment_id))
    disagreements.sort(key=lambda d: (d.kind, d.segment_id))
    return GapReport(
        chain_id=chain.id,
        chain_name=chain.name_zh,
        region=region,
        thresholds=thresholds,
        segments=rows,
        disagreements=disagreements,
    )


def _local_firms(store: Store, ids: list[str], prefix: str) -> dict[str, list[LocalFirm]]:
    """By segment id: the firms with an HQ or plant under ``prefix`` (planned plants do not
    count) that can supply it, and the firms whose project here is in production (投产)."""
    caps = store.capabilities_in_region(ids, prefix)
    in_production = [
        p
        for p in store.projects()
        if p.status == ProjectStatus.IN_PRODUCTION
        and p.enterprise_id
        and p.region_code.startswith(prefix)
        and p.region_code
    ]
    wanted = {c.enterprise_id for c in caps} | {p.enterprise_id for p in in_production}
    names = store.enterprise_names(wanted)
    out: dict[str, list[LocalFirm]] = {}
    id_set = set(ids)
    for p in in_production:  # a project in production (投产) here fills its segments
        for sid in p.segment_ids:
            if sid in id_set:
                out.setdefault(sid, []).append(
                    LocalFirm(
                        enterprise_id=p.enterprise_id,
                        name=names.get(p.enterprise_id, p.enterprise_id),
                        strength=1.0,
                        segment_id=sid,
                        via_project=p.id,
                    )
                )
    for c in caps:
        out.setdefault(c.segment_id, []).append(
            LocalFirm(
                enterprise_id=c.enterprise_id,
                name=names.get(c.enterprise_id, c.enterprise_id),
                strength=c.strength,
                segment_id=c.segment_id,
            )
        )
    return out


def _official(store: Store, chain_id: str) -> dict[str, tuple[WeakLinkKind, str]]:
    """The official list's kind and note by segment (missing wins over weak)."""
    official: dict[str, tuple[WeakLinkKind, str]] = {}
    for wl in store.weak_links(chain_id):
        prev = official.get(wl.segment_id)
        if prev is None or (wl.kind == WeakLinkKind.MISSING and prev[0] != WeakLinkKind.MISSING):
            official[wl.segment_id] = (wl.kind, wl.note)
    return official


def _best_firms(
    segment_id: str, kids: dict[str, list[str]], firms_at: dict[str, list[LocalFirm]]
) -> list[LocalFirm]:
    """The local firms of a segment and of every segment below it, each at its strongest."""
    best: dict[str, LocalFirm] = {}
    for sid in with_descendants(segment_id, kids):
        for firm in firms_at.get(sid, []):
            if firm.enterprise_id not in best or firm.strength > best[firm.enterprise_id].strength:
                best[firm.enterprise_id] = firm
    return sorted(best.values(), key=lambda f: (-f.strength, f.name, f.enterprise_id))


def _coverage(
    seg: Segment,
    firms: list[LocalFirm],
    thresholds: Thresholds,
    structural: float,
    dependents: int,
) -> SegmentCoverage:
    """A segment's row: its class, and its importance (half how much of the chain depends on
    it, half the importance the chain map states) and priority."""
    coverage = round(sum(f.strength for f in firms), 4)
    cls = thresholds.classify(len(firms), coverage)
    stated = seg.importance / 5 if seg.importance is not None else structural
    importance = round(0.5 * structural + 0.5 * stated, 4)
    priority = round(SEVERITY[cls] * (0.25 + 0.75 * importance), 4)
    return SegmentCoverage(
        segment_id=seg.id,
        name_zh=seg.name_zh,
        name_en=seg.name_en,
        tier=seg.tier,
        parent=seg.parent,
        coverage_class=cls,
        local_firm_count=len(firms),
        coverage=coverage,
        local_firms=firms,
        importance=importance,
        dependents=dependents,
        priority=priority,
    )


def _disagreement(row: SegmentCoverage) -> Disagreement | None:
    off, cls = row.official_kind, row.coverage_class
    firms = "、".join(f.name for f in row.local_firms[:5])
    if off is not None and cls == "strong":
        kind, msg = (
            "listed-but-covered",
            (
                f"listed as {off.value} but {row.local_firm_count} local firms can supply it: {firms}"
            ),
        )
    elif off == WeakLinkKind.MISSING and cls == "weak":
        kind, msg = (
            "listed-but-covered",
            (f"listed as missing but {row.local_firm_count} local firm(s) can supply it: {firms}"),
        )
    elif off == WeakLinkKind.WEAK and cls == "missing":
        kind, msg = "listed-weak-but-missing", "listed as weak but no local firm can supply it"
    elif off is None and cls != "strong":
        kind = "not-listed"
        msg = (
            "no local firm can supply it, and it is not on the official list"
            if cls == "missing"
            else f"only {row.local_firm_count} local firm(s) ({firms}), and it is not on the official list"
        )
    else:
        return None
    return Disagreement(
        segment_id=row.segment_id,
        name_zh=row.name_zh,
        computed=cls,
        official=off,
        kind=kind,
        message=msg,
    )  # type: ignore[arg-type]
