"""Gaps (产业链弱项和缺项): per segment of a chain, how well the region covers it.

A segment's local coverage is the set of firms present in the region (HQ or plant) that can
supply it or a segment below it. It is classified strong / weak / missing by thresholds the
planner sets, given a priority, and merged with the official weak-link list; where the two
disagree, the disagreement is listed.

Priority (优先级) is a sum of three printed terms, so the planner's stated importance leads:

    priority = importance + 0.6 × severity + 0.25 × structure      (0 for a strong segment)

- importance: the 0–5 the chain map states for the segment (``importance: 4``); when it states
  none, 1 + 4 × structure;
- severity: 1 for missing (缺项), 0.5 for weak (弱项);
- structure: the share of the chain downstream of the segment (its dependents over the most
  any segment has), 0..1.

The two smaller terms add at most 0.85, less than one step of importance: a segment of stated
importance 5 always comes before one of 4; at equal importance missing comes before weak, then
the segment more of the chain depends on.
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
    "PRIORITY_FORMULA",
    "PriorityTerm",
    "priority_terms",
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
#: weights of the two terms after importance (together below one step of importance)
SEVERITY_WEIGHT = 0.6
STRUCTURE_WEIGHT = 0.25
PRIORITY_FORMULA = {
    "zh": (
        "优先级 = 重要性 + 0.6 × 缺口程度 + 0.25 × 结构位置（强项为 0）；"
        "重要性为产业链图谱标注的 0–5（未标注时为 1 + 4 × 结构位置）；"
        "缺口程度：缺项 1、弱项 0.5；结构位置：下游依赖本环节的环节数 ÷ 全链最多者（0–1）。"
        "后两项合计不超过 0.85，重要性高一级者总在前。"
    ),
    "en": (
        "priority = importance + 0.6 × severity + 0.25 × structure (0 when strong); "
        "importance: the 0–5 the chain map states (when none: 1 + 4 × structure); "
        "severity: missing 1, weak 0.5; structure: segments downstream of it ÷ the most any "
        "segment has (0–1). The last two add at most 0.85, so one more step of importance "
        "always ranks first."
    ),
}


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
    importance: float = Field(description="0–5: as the chain map states it, else 1 + 4 × structure")
    importance_stated: bool = True
    dependents: int
    structure: float = Field(0.0, description="dependents ÷ the most any segment has, 0..1")
    severity: float = Field(0.0, description="missing 1, weak 0.5, strong 0")
    priority: float = Field(description="importance + 0.6 × severity + 0.25 × structure")
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
    """A segment's row: its class, its importance (as the chain map states it, else from its
    place in the chain) and its priority (the module's formula)."""
    coverage = round(sum(f.strength for f in firms), 4)
    cls = thresholds.classify(len(firms), coverage)
    structure = round(structural, 4)
    stated = seg.importance is not None
    importance = round(seg.importance if seg.importance is not None else 1 + 4 * structure, 4)
    severity = SEVERITY[cls]
    priority = (
        round(importance + SEVERITY_WEIGHT * severity + STRUCTURE_WEIGHT * structure, 4)
        if severity
        else 0.0
    )
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
        importance_stated=stated,
        dependents=dependents,
        structure=structure,
        severity=severity,
        priority=priority,
    )


class PriorityTerm(BaseModel):
    """One term of a segment's priority: its name, its 0..5 or 0..1 value, its weight."""

    name: str
    value: float
    weight: float
    adds: float
    note: str


def priority_terms(row: SegmentCoverage, lang: Literal["zh", "en"] = "en") -> list[PriorityTerm]:
    """The terms of ``row.priority`` (they add up to it), each with what it adds and why."""
    zh = lang == "zh"
    if row.importance_stated:
        imp_note = "产业链图谱标注" if zh else "stated in the chain map"
    else:
        imp_note = "未标注：1 + 4 × 结构位置" if zh else "not stated: 1 + 4 × structure"
    cls = {"missing": ("缺项", "missing"), "weak": ("弱项", "weak"), "strong": ("强", "strong")}
    sev_note = cls[row.coverage_class][0 if zh else 1]
    on = 1.0 if row.severity else 0.0  # a strong segment has no priority: every term adds 0
    terms = [
        ("重要性" if zh else "importance", row.importance, 1.0, imp_note),
        ("缺口程度" if zh else "severity", row.severity, SEVERITY_WEIGHT, sev_note),
        (
            "结构位置" if zh else "structure",
            row.structure,
            STRUCTURE_WEIGHT,
            f"{row.dependents} 个下游环节" if zh else f"{row.dependents} segments downstream",
        ),
    ]
    return [
        PriorityTerm(name=n, value=v, weight=w, adds=round(on * v * w, 4), note=note)
        for n, v, w, note in terms
    ]


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
