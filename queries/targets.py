"""Target lists (招商目标企业名单): across all gaps of a chain, the firms that would fill most.

Every weak or missing segment of the chain is a gap, parents included (生物药 stays a gap when
疫苗 becomes its child). Each gap's candidates are scored (``find_candidates``) and a firm's
target score sums, over the gaps it would fill, its candidate score times the gap's priority
(``queries.gaps``: importance + 0.6 × severity + 0.25 × structure):

    target score = Σ candidate score × gap priority

A gap above another gap the same firm fills is listed but not added again (the firm is counted
once for a segment and its children). Each gap keeps at least its best firm in the list (when
``top`` allows), then the list is filled by score. ``TargetList.segments`` holds every segment
of the chain, strong ones too, with its priority terms and how many listed firms fill it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from chainatlas.graph.cached import read_cache
from chainatlas.graph.model import SoePairingTable
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .candidates import CandidateFilters, Candidates, find_candidates
from .freshness import rest_on
from .gaps import (
    PRIORITY_FORMULA,
    PriorityTerm,
    SegmentCoverage,
    Thresholds,
    find_gaps,
    priority_terms,
)
from .weights import Weights

__all__ = [
    "TARGET_SCORE_FORMULA",
    "PRIORITY_FORMULA",
    "SegmentPriority",
    "Target",
    "TargetList",
    "build_target_list",
]

TARGET_SCORE_FORMULA = {
    "zh": (
        "目标得分 = Σ（该企业在所补环节的候选得分 × 环节优先级）；"
        "同一企业既补上级环节又补其下级环节时，上级只列出、不重复计分；"
        "每个环节至少保留其最佳企业，其余按得分排列。"
    ),
    "en": (
        "target score = Σ (the firm's candidate score for a gap × the gap's priority); "
        "a gap above another gap the same firm fills is listed, not added again; "
        "each gap keeps at least its best firm, the rest follow by score."
    ),
}


class Target(BaseModel):
    rank: int
    enterprise_id: str
    name: str
    full_name: str = ""
    ownership: str = ""
    hq_region: str = ""
    hq_region_name: str = ""
    lists: list[str] = Field(default_factory=list)
    gap_ids: list[str]
    gap_names: list[str]
    gap_count: int
    score: float
    reasons: list[str]
    contact: str = ""
    notes: str = ""
    facts_as_of: str | None = Field(None, description="date of the firm's record (ISO)")


class SegmentPriority(BaseModel):
    """One segment of the chain in the target list: its class, priority terms and targets."""

    segment_id: str
    name_zh: str
    name_en: str = ""
    parent: str | None = None
    coverage_class: str
    official_kind: str = ""
    importance: float
    importance_stated: bool
    severity: float
    structure: float
    dependents: int
    priority: float
    terms: list[PriorityTerm]
    candidates: int = Field(0, description="firms outside the region found for it")
    targets: int = Field(0, description="firms of this list that fill it")
    top_targets: list[str] = Field(default_factory=list)


class TargetList(BaseModel):
    chain_id: str
    chain_name: str
    region: str
    gap_count: int
    targets: list[Target]
    segments: list[SegmentPriority] = Field(
        default_factory=list, description="every segment of the chain, highest priority first"
    )
    priority_formula: str = PRIORITY_FORMULA["en"]
    score_formula: str = TARGET_SCORE_FORMULA["en"]
    rests_on: dict[str, str | None] = Field(
        default_factory=dict,
        description="oldest date of the facts the list rests on: chain_map, official_list, firms",
    )


def build_target_list(
    store: Store,
    chain_id: str,
    region: str,
    *,
    thresholds: Thresholds | None = None,
    weights: Weights | None = None,
    filters: CandidateFilters | None = None,
    pairing: SoePairingTable | None = None,
    per_gap: int = 15,
    top: int = 100,
) -> TargetList:
    """Firms ranked by the gaps of ``chain_id`` they would fill, de-duplicated, with reasons."""
    store = read_cache(store)
    report = find_gaps(store, chain_id, region, thresholds=thresholds)
    gaps = report.gaps  # every weak or missing segment, parents included, most urgent first

    def candidates_of(gap: SegmentCoverage) -> Candidates:
        return find_candidates(
            store,
            gap.segment_id,
            region=region,
            weights=weights,
            filters=filters,
            pairing=pairing,
            top=per_gap,
        )

    # a database store answers over the network: ask for several gaps at once (order kept)
    workers = max(1, int(getattr(store, "parallel_reads", 1)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = list(pool.map(candidates_of, gaps))
    acc = _accumulate(gaps, answers, _ancestors(report.segments))
    rows = _select(acc, [[c.enterprise_id for c in a.candidates] for a in answers], top)
    targets = _targets(store, rows)
    found = {g.segment_id: len(a.candidates) for g, a in zip(gaps, answers, strict=True)}
    return TargetList(
        chain_id=report.chain_id,
        chain_name=report.chain_name,
        region=region,
        gap_count=len(gaps),
        targets=targets,
        segments=_segments(report.segments, targets, found),
        rests_on={
            "chain_map": rest_on(store.chain_segments(chain_id)),
            "official_list": rest_on(store.weak_links(chain_id)),
            "firms": min((t.facts_as_of for t in targets if t.facts_as_of), default=None),
        },
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _ancestors(segments: list[SegmentCoverage]) -> dict[str, set[str]]:
    """Each segment's ancestors in the chain's parent tree."""
    parent = {s.segment_id: s.parent for s in segments}
    out: dict[str, set[str]] = {}
    for sid in parent:
        seen: set[str] = set()
        up = parent.get(sid)
        while up and up not in seen:
            seen.add(up)
            up = parent.get(up)
        out[sid] = seen
    return out


def _accumulate(
    gaps: list[SegmentCoverage], answers: list[Candidates], ancestors: dict[str, set[str]]
) -> dict[str, dict[str, Any]]:
    """By firm: its candidate, the gaps it fills, its target score and reasons."""
    acc: dict[str, dict[str, Any]] = {}
    for gap, found in zip(gaps, answers, strict=True):
        for cand in found.candidates:
            entry = acc.setdefault(
                cand.enterprise_id, {"cand": cand, "gaps": [], "terms": {}, "reasons": []}
            )
            entry["gaps"].append(gap)
            entry["terms"][gap.segment_id] = cand.score * gap.priority
            best = max(cand.factors, key=lambda f: f.value)
            entry["reasons"].append(f"{gap.name_zh}: {best.evidence}")
    for entry in acc.values():
        filled = set(entry["terms"])
        above = set().union(*(ancestors.get(sid, set()) for sid in filled)) & filled
        entry["score"] = round(sum(v for k, v in entry["terms"].items() if k not in above), 4)
    return acc


def _select(
    acc: dict[str, dict[str, Any]], per_gap_ids: list[list[str]], top: int
) -> list[dict[str, Any]]:
    """Each gap's best firm (by target score, gaps in priority order) first, then by score."""

    def key(eid: str) -> tuple[float, str, str]:
        return (-acc[eid]["score"], acc[eid]["cand"].name, eid)

    chosen: list[str] = []
    for ids in per_gap_ids:
        if ids and not set(ids) & set(chosen):
            chosen.append(min(ids, key=key))
    chosen = sorted(chosen, key=key)[:top]
    rest = [eid for eid in sorted(acc, key=key) if eid not in set(chosen)]
    chosen += rest[: max(0, top - len(chosen))]
    return [acc[eid] for eid in sorted(chosen, key=key)]


def _targets(store: Store, rows: list[dict[str, Any]]) -> list[Target]:
    codes = {c for e in rows for c in _codes(e["cand"].hq_region)}
    names = {r.code: r.name_zh for r in store.regions(codes) if r.name_zh}
    dated = {e.id: e.as_of for e in store.enterprises([r["cand"].enterprise_id for r in rows])}
    targets = []
    for i, e in enumerate(rows, start=1):
        c = e["cand"]
        targets.append(
            Target(
                rank=i,
                enterprise_id=c.enterprise_id,
                name=c.name,
                full_name=c.full_name,
                ownership=c.ownership,
                hq_region=c.hq_region,
                hq_region_name=next((names[x] for x in _codes(c.hq_region) if x in names), ""),
                lists=c.lists,
                gap_ids=[g.segment_id for g in e["gaps"]],
                gap_names=[g.name_zh for g in e["gaps"]],
                gap_count=len(e["gaps"]),
                score=e["score"],
                facts_as_of=_iso(dated.get(c.enterprise_id)),
                reasons=e["reasons"][:5],
            )
        )
    return targets


def _segments(
    rows: list[SegmentCoverage], targets: list[Target], found: dict[str, int]
) -> list[SegmentPriority]:
    """Every segment of the chain, highest priority first (strong ones last, by tier order)."""
    order = sorted(range(len(rows)), key=lambda i: (-rows[i].priority, i))
    out = []
    for i in order:
        s = rows[i]
        filling = [t.name for t in targets if s.segment_id in t.gap_ids]
        out.append(
            SegmentPriority(
                segment_id=s.segment_id,
                name_zh=s.name_zh,
                name_en=s.name_en,
                parent=s.parent,
                coverage_class=s.coverage_class,
                official_kind=s.official_kind.value if s.official_kind else "",
                importance=s.importance,
                importance_stated=s.importance_stated,
                severity=s.severity,
                structure=s.structure,
                dependents=s.dependents,
                priority=s.priority,
                terms=priority_terms(s),
                candidates=found.get(s.segment_id, 0),
                targets=len(filling),
                top_targets=filling[:3],
            )
        )
    return out


def _codes(code: str) -> list[str]:
    """A division code and the codes of its city and province, most specific first."""
    if not code:
        return []
    return list(dict.fromkeys([code, code[:4].ljust(6, "0"), code[:2].ljust(6, "0")]))
