"""The questions planners ask, with what the surface supplies filled in.

Each function here is a query of ``chainatlas.queries`` with the store's home region standing
in for a region not given (see :mod:`chainatlas.settings`) and the shipped reference data
(default factor weights, the central-SOE pairing table, from :mod:`chainatlas.reference`)
passed in. The CLI's commands and the notebooks call
these; each returns the query's own pydantic result.

The store's home region, then a region given:

>>> report = find_gaps(store, "battery-ev")  # doctest: +SKIP
>>> report = find_gaps(store, "battery-ev", "410700")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel

from chainatlas import queries
from chainatlas.graph.store import Store
from chainatlas.queries import CandidateFilters, Candidates, GapReport, TargetList, Thresholds
from chainatlas.queries import clusters as _clusters
from chainatlas.queries import pipeline as _pipeline
from chainatlas.queries import profiles as _profiles
from chainatlas.queries import soe as _soe
from chainatlas.queries.clusters import ClusterCandidate, ClusterCoverage
from chainatlas.queries.pipeline import DEFAULT_STALLED_DAYS, QuarterlyReport
from chainatlas.queries.profiles import EnterpriseProfile
from chainatlas.queries.soe import SoeAnswer
from chainatlas.queries.weights import Weights
from chainatlas.reference import (
    english_dictionary,
    read_weights,
    shipped_soe_pairing,
    shipped_weights,
)
from chainatlas.settings import region_for

__all__ = [
    "ClusterReport",
    "build_target_list",
    "build_target_lists",
    "cluster_report",
    "default_weights",
    "enterprise_profile",
    "find_candidates",
    "find_gaps",
    "list_clusters",
    "quarterly_report",
    "read_weights",
    "soe_pairing",
]


def default_weights() -> Weights:
    """The candidate score's factor weights shipped with chainatlas (``data/weights.yaml``)."""
    return shipped_weights()


def find_gaps(
    store: Store, chain_id: str, region: str | None = None, *, thresholds: Thresholds | None = None
) -> GapReport:
    """Each segment's local coverage in ``region`` (default: the store's home region)."""
    return queries.find_gaps(store, chain_id, region_for(store, region), thresholds=thresholds)


def find_candidates(
    store: Store,
    segment: str | None = None,
    query: str | None = None,
    *,
    region: str | None = None,
    weights: Weights | None = None,
    filters: CandidateFilters | None = None,
    top: int = 20,
) -> Candidates:
    """The firms that could fill a gap (a segment, or a product as a planner types it)."""
    return queries.find_candidates(
        store,
        segment,
        query,
        region=region_for(store, region),
        weights=weights or default_weights(),
        filters=filters,
        pairing=shipped_soe_pairing(),
        dictionary=english_dictionary(),
        top=top,
    )


def build_target_list(
    store: Store,
    chain_id: str,
    region: str | None = None,
    *,
    weights: Weights | None = None,
    top: int = 100,
) -> TargetList:
    """Firms ranked by the gaps of one chain they would fill."""
    return queries.build_target_list(
        store,
        chain_id,
        region_for(store, region),
        weights=weights or default_weights(),
        pairing=shipped_soe_pairing(),
        top=top,
    )


def build_target_lists(
    store: Store,
    chain_ids: Sequence[str] | None = None,
    region: str | None = None,
    *,
    weights: Weights | None = None,
    top: int = 100,
    progress: Callable[[str], None] | None = None,
) -> list[TargetList]:
    """One target list per chain (``None``: every chain of the store), in the order given."""
    where = region_for(store, region)
    ids = [c.id for c in store.chains()] if chain_ids is None else list(chain_ids)
    w, pairing = weights or default_weights(), shipped_soe_pairing()
    lists = []
    for cid in ids:
        if progress:
            progress(f"ranking targets for {cid}")
        lists.append(
            queries.build_target_list(store, cid, where, weights=w, pairing=pairing, top=top)
        )
    return lists


def enterprise_profile(store: Store, ref: str, region: str | None = None) -> EnterpriseProfile:
    """Everything on one firm, and the gaps of ``region`` it could fill."""
    return _profiles.enterprise_profile(store, ref, region_for(store, region))


def list_clusters(store: Store, region: str | None = None) -> list[ClusterCoverage]:
    """Every cluster with its coverage and the gaps that weaken it."""
    return _clusters.list_clusters(store, region_for(store, region))


class ClusterReport(BaseModel):
    """One cluster: its coverage and gaps, and the firms that would strengthen it."""

    coverage: ClusterCoverage
    candidates: list[ClusterCandidate]


def cluster_report(
    store: Store, cluster: str, region: str | None = None, *, top: int = 10
) -> ClusterReport:
    """A cluster's coverage with the ``top`` firms that would strengthen several segments."""
    where = region_for(store, region)
    coverage = _clusters.cluster_coverage(store, cluster, where)
    candidates = _clusters.cluster_candidates(
        store,
        coverage.cluster_id,
        where,
        weights=default_weights(),
        pairing=shipped_soe_pairing(),
        top=top,
    )
    return ClusterReport(coverage=coverage, candidates=candidates)


def quarterly_report(
    store: Store, quarter: str, *, stalled_days: int = DEFAULT_STALLED_DAYS
) -> QuarterlyReport:
    """The quarterly project report (项目汇报会); it needs no region."""
    return _pipeline.quarterly_report(store, quarter, stalled_days=stalled_days)


def soe_pairing(industry: str) -> SoeAnswer:
    """The central SOEs paired with ``industry`` in the shipped pairing table."""
    return _soe.soe_pairing(shipped_soe_pairing(), industry)
