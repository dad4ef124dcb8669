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

Names are imported on first use, so ``import chainatlas.graph.model`` (or any layer)
does not load the loaders, the queries and the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what static tools and IDEs see; at run time __getattr__ imports
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
    from chainatlas.graph.store import (
        Store,
    )
    from chainatlas.queries import (
        Candidate,
        CandidateFilters,
        Candidates,
        GapReport,
        TargetList,
        Thresholds,
        Weights,
    )
    from chainatlas.queries.around import (
        UnknownName,
    )
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
    from chainatlas.settings import (
        NoRegion,
        home_region,
        region_for,
        set_home_region,
    )


__version__ = "0.1.0"

#: public name -> the module that defines it
_WHERE: dict[str, str] = {
    "Candidate": "chainatlas.queries",
    "CandidateFilters": "chainatlas.queries",
    "Candidates": "chainatlas.queries",
    "ChainAtlasError": "chainatlas.graph.errors",
    "ClusterReport": "chainatlas.questions",
    "GapReport": "chainatlas.queries",
    "LoadError": "chainatlas.graph.errors",
    "LoadSummary": "chainatlas.api",
    "NoRegion": "chainatlas.settings",
    "Problem": "chainatlas.graph.errors",
    "Store": "chainatlas.graph.store",
    "StoreError": "chainatlas.graph.errors",
    "StoreLocked": "chainatlas.graph.errors",
    "StoreUnavailable": "chainatlas.graph.errors",
    "TargetList": "chainatlas.queries",
    "Thresholds": "chainatlas.queries",
    "UnknownChain": "chainatlas.graph.errors",
    "UnknownEnterprise": "chainatlas.graph.errors",
    "UnknownName": "chainatlas.queries.around",
    "UnknownSegment": "chainatlas.graph.errors",
    "Weights": "chainatlas.queries",
    "build_target_list": "chainatlas.questions",
    "build_target_lists": "chainatlas.questions",
    "cluster_report": "chainatlas.questions",
    "default_weights": "chainatlas.questions",
    "enterprise_profile": "chainatlas.questions",
    "find_candidates": "chainatlas.questions",
    "find_gaps": "chainatlas.questions",
    "home_region": "chainatlas.settings",
    "list_clusters": "chainatlas.questions",
    "load_paths": "chainatlas.api",
    "load_sample": "chainatlas.api",
    "open_store": "chainatlas.api",
    "quarterly_report": "chainatlas.questions",
    "read_paths": "chainatlas.api",
    "region_for": "chainatlas.settings",
    "sample_paths": "chainatlas.api",
    "set_home_region": "chainatlas.settings",
    "soe_pairing": "chainatlas.questions",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'chainatlas' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
