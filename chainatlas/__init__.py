"""chainatlas: an industry-chain knowledge graph for city investment planners.

The public API, as a notebook uses it::

    import chainatlas as ca

    store = ca.open_store()              # $CHAINATLAS_STORE, else .chainatlas/
    ca.load_sample(store)                # or ca.load_paths(store, ["chain.yaml", ...])
    ca.set_home_region(store, "410700")  # once per store; any question may pass region=
    report = ca.find_gaps(store, "battery-ev")
    best = ca.find_candidates(store, "separators", top=5)
    targets = ca.build_target_list(store, "battery-ev")

A question given no region uses the store's home region and raises ``NoRegion`` when the
store has none. The plain queries (region always given) are in ``chainatlas.queries``.
"""

from chainatlas.api import (
    LoadSummary,
    load_paths,
    load_sample,
    open_store,
    read_paths,
    sample_paths,
)
from chainatlas.graph.errors import (
    ChainAtlasError,
    LoadError,
    Problem,
    StoreError,
    StoreLocked,
    StoreUnavailable,
    UnknownChain,
    UnknownEnterprise,
    UnknownSegment,
)
from chainatlas.graph.store import Store
from chainatlas.queries import (
    Candidate,
    CandidateFilters,
    Candidates,
    GapReport,
    TargetList,
    Thresholds,
    Weights,
)
from chainatlas.queries.around import UnknownName
from chainatlas.questions import (
    ClusterReport,
    build_target_list,
    build_target_lists,
    cluster_report,
    default_weights,
    enterprise_profile,
    find_candidates,
    find_gaps,
    list_clusters,
    quarterly_report,
    soe_pairing,
)
from chainatlas.settings import NoRegion, home_region, region_for, set_home_region

__version__ = "0.1.0"

__all__ = [
    "Candidate",
    "CandidateFilters",
    "Candidates",
    "ChainAtlasError",
    "ClusterReport",
    "GapReport",
    "LoadError",
    "LoadSummary",
    "NoRegion",
    "Problem",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
    "TargetList",
    "Thresholds",
    "UnknownChain",
    "UnknownEnterprise",
    "UnknownName",
    "UnknownSegment",
    "Weights",
    "__version__",
    "build_target_list",
    "build_target_lists",
    "cluster_report",
    "default_weights",
    "enterprise_profile",
    "find_candidates",
    "find_gaps",
    "home_region",
    "list_clusters",
    "load_paths",
    "load_sample",
    "open_store",
    "quarterly_report",
    "read_paths",
    "region_for",
    "sample_paths",
    "set_home_region",
    "soe_pairing",
]
