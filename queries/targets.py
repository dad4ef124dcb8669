"""Target lists (招商目标企业名单): across all gaps of a chain, the firms that would fill most.

Each gap's candidates are scored (``find_candidates``); a firm's target score sums its gap
scores weighted by each gap's priority, so a firm that fills several urgent gaps ranks first.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chainatlas.graph.cached import read_cache
from chainatlas.graph.model import SoePairingTable
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .candidates import CandidateFilters, Candidates, find_candidates
from .gaps import SegmentCoverage, Thresholds, find_gaps
from .weights import Weights

__all__ = ["Target", "TargetList", "build_target_list"]


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


class TargetList(BaseModel):
    chain_id: str
    chain_name: str
    region: str
    gap_count: int
    targets: list[Target]


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
    acc: dict[str, dict] = {}  # type: ignore[type-arg]
    parents = {s.parent for s in report.segments if s.parent}
    gaps = [g for g in report.gaps if g.segment_id not in parents]  # leaves: counted one by one

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
    for gap, found in zip(gaps, answers, strict=True):
        for cand in found.candidates:
            entry = acc.setdefault(
                cand.enterprise_id, {"cand": cand, "gaps": [], "score": 0.0, "reasons": []}
            )
            entry["gaps"].append(gap)
            entry["score"] += cand.score * (0.5 + gap.priority)
            best = max(cand.factors, key=lambda f: f.value)
            entry["reasons"].append(f"{gap.name_zh}: {best.evidence}")
    rows = sorted(
        acc.values(), key=lambda e: (-round(e["score"], 4), e["cand"].name, e["cand"].enterprise_id)
    )[:top]
    codes = {c for e in rows for c in _codes(e["cand"].hq_region)}
    names = {r.code: r.name_zh for r in store.regions(codes) if r.name_zh}
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
                score=round(e["score"], 4),
                reasons=e["reasons"][:5],
            )
        )
    return TargetList(
        chain_id=report.chain_id,
        chain_name=report.chain_name,
        region=region,
        gap_count=len(report.gaps),
        targets=targets,
    )


def _codes(code: str) -> list[str]:
    """A division code and the codes of its city and province, most specific first."""
    if not code:
        return []
    return list(dict.fromkeys([code, code[:4].ljust(6, "0"), code[:2].ljust(6, "0")]))
