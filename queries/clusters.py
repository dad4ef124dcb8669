"""Industrial clusters (产业集群): how well each covers its segments, what weakens it, who to attract.

A cluster's own coverage is which of its segments a member firm can supply. What weakens it
are the city's gaps (from ``find_gaps``) at its segments and at the segments that feed them
(a cell cluster with no local separator maker depends on distant suppliers). Candidates for a
cluster are the firms that would fill several of those gaps at once (cluster attraction, 产业集群招商).
"""

from __future__ import annotations

from chainatlas.graph.cached import read_cache
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Cluster, SoePairingTable
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .candidates import find_candidates
from .gaps import SegmentCoverage, Thresholds, find_gaps
from .weights import Weights

__all__ = [
    "ClusterSegment",
    "ClusterGap",
    "ClusterCoverage",
    "ClusterCandidate",
    "cluster_coverage",
    "list_clusters",
    "cluster_candidates",
    "get_cluster",
]


class ClusterSegment(BaseModel):
    segment_id: str
    name: str
    members: list[str]
    city_class: str = ""


class ClusterGap(BaseModel):
    """A weak or missing segment of the city that weakens the cluster, and why it matters."""

    segment_id: str
    name: str
    coverage_class: str
    priority: float
    relation: str  # "own" (a cluster segment) or "feeds <segment>"
    official_kind: str = ""


class ClusterCoverage(BaseModel):
    cluster_id: str
    name: str
    park: str
    region_code: str
    chain_id: str
    lead: str = ""
    members: list[str]
    segments: list[ClusterSegment]
    covered: int
    coverage: float = Field(description="share of the cluster's segments a member can supply")
    gaps: list[ClusterGap]
    source: str = ""


class ClusterCandidate(BaseModel):
    rank: int
    enterprise_id: str
    name: str
    segment_ids: list[str]
    segments: list[str]
    gap_count: int
    score: float
    reasons: list[str]


def get_cluster(store: Store, ref: str) -> Cluster:
    """A cluster by id or name; raises naming the known clusters."""
    clusters = store.clusters()
    for c in clusters:
        if ref in (c.id, c.name):
            return c
    hits = [c for c in clusters if ref and ref in c.name]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(f"{c.id} ({c.name})" for c in clusters) or "none loaded yet"
    raise ChainAtlasError(f"cluster {ref!r} not found; known: {known}")


def _chain_of(store: Store, cluster: Cluster) -> str:
    if cluster.chain_id:
        return cluster.chain_id
    for seg in store.segments(cluster.segment_ids):
        if seg.chain_ids:
            return seg.chain_ids[0]
    raise ChainAtlasError(
        f"cluster {cluster.id!r} names no chain and none of its segments is known"
    )


def cluster_coverage(
    store: Store,
    cluster: str | Cluster,
    region: str,
    *,
    thresholds: Thresholds | None = None,
) -> ClusterCoverage:
    """One cluster's coverage by its members and the city gaps that weaken it, most urgent first."""
    store = read_cache(store)
    cl = cluster if isinstance(cluster, Cluster) else get_cluster(store, cluster)
    chain_id = _chain_of(store, cl)
    report = find_gaps(store, chain_id, region, thresholds=thresholds)
    rows: dict[str, SegmentCoverage] = {s.segment_id: s for s in report.segments}
    ents = {e.id: e for e in store.enterprises([*cl.member_ids, cl.lead_id])}
    caps: dict[str, set[str]] = {}
    for cap in store.capabilities_of(cl.member_ids):
        caps.setdefault(cap.segment_id, set()).add(cap.enterprise_id)
    segments = []
    for sid in cl.segment_ids:
        row = rows.get(sid)
        kids = [s.segment_id for s in report.segments if s.parent == sid]
        members = sorted(caps.get(sid, set()).union(*(caps.get(k, set()) for k in kids)))
        segments.append(
            ClusterSegment(
                segment_id=sid,
                name=row.name_zh if row else sid,
                members=[ents[m].name if m in ents else m for m in members],
                city_class=row.coverage_class if row else "",
            )
        )
    gaps: dict[str, ClusterGap] = {}
    own = set(cl.segment_ids)
    for sid in cl.segment_ids:
        row = rows.get(sid)
        if row is not None and row.coverage_class != "strong":
            gaps[sid] = _gap(row, "own")
    for link in store.chain_links(chain_id):
        row = rows.get(link.from_id)
        if link.to_id in own and row is not None and row.coverage_class != "strong":
            gaps.setdefault(link.from_id, _gap(row, f"feeds {link.to_id}"))
    covered = sum(1 for s in segments if s.members)
    return ClusterCoverage(
        cluster_id=cl.id,
        name=cl.name,
        park=cl.park,
        region_code=cl.region_code,
        chain_id=chain_id,
        lead=ents[cl.lead_id].name if cl.lead_id in ents else cl.lead_id,
        members=[ents[m].name if m in ents else m for m in cl.member_ids],
        segments=segments,
        covered=covered,
        coverage=round(covered / len(segments), 4) if segments else 0.0,
        gaps=sorted(gaps.values(), key=lambda g: (-g.priority, g.segment_id)),
        source=cl.source,
    )


def _gap(row: SegmentCoverage, relation: str) -> ClusterGap:
    return ClusterGap(
        segment_id=row.segment_id,
        name=row.name_zh,
        coverage_class=row.coverage_class,
        priority=row.priority,
        relation=relation,
        official_kind=row.official_kind.value if row.official_kind else "",
    )


def list_clusters(store: Store, region: str) -> list[ClusterCoverage]:
    """Every cluster with its coverage and gaps, sorted by id."""
    store = read_cache(store)
    return [cluster_coverage(store, c, region) for c in store.clusters()]


def cluster_candidates(
    store: Store,
    cluster: str | Cluster,
    region: str,
    *,
    weights: Weights | None = None,
    pairing: SoePairingTable | None = None,
    per_gap: int = 15,
    top: int = 20,
) -> list[ClusterCandidate]:
    """Firms that would strengthen several of the cluster's weak segments, best first.

    Each gap's candidates come from ``find_candidates``; a firm's score sums its candidate
    scores times each gap's priority (as ``queries.targets``), so filling several urgent gaps
    ranks first. Sorted by that score (then by how many gaps, then id).
    """
    store = read_cache(store)
    cov = cluster_coverage(store, cluster, region)
    names: dict[str, str] = {}
    gaps_of: dict[str, list[ClusterGap]] = {}
    score: dict[str, float] = {}
    for gap in cov.gaps:
        found = find_candidates(
            store, gap.segment_id, region=region, weights=weights, pairing=pairing, top=per_gap
        )
        for cand in found.candidates:
            names[cand.enterprise_id] = cand.name
            gaps_of.setdefault(cand.enterprise_id, []).append(gap)
            score[cand.enterprise_id] = (
                score.get(cand.enterprise_id, 0.0) + cand.score * gap.priority
            )
    ranked = sorted(gaps_of, key=lambda e: (-round(score[e], 4), -len(gaps_of[e]), e))[:top]
    return [
        ClusterCandidate(
            rank=rank,
            enterprise_id=eid,
            name=names[eid],
            segment_ids=[g.segment_id for g in gaps_of[eid]],
            segments=[g.name for g in gaps_of[eid]],
            gap_count=len(gaps_of[eid]),
            score=round(score[eid], 4),
            reasons=[f"{g.name} ({g.coverage_class}, {g.relation})" for g in gaps_of[eid]],
        )
        for rank, eid in enumerate(ranked, start=1)
    ]
