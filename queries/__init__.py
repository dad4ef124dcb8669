"""The questions planners ask: plain functions, store first, never writing."""

if __name__ != "chainatlas.queries":  # queries/ is imported only as chainatlas.queries
    raise ImportError(
        f"import chainatlas.queries, not {__name__}: queries/ is a layer of chainatlas"
    )


from .candidates import Candidate, CandidateFilters, Candidates, find_candidates
from .gaps import GapReport, Thresholds, find_gaps
from .targets import TargetList, build_target_list
from .weights import Weights

__all__ = [
    "Candidate",
    "CandidateFilters",
    "Candidates",
    "GapReport",
    "TargetList",
    "Thresholds",
    "Weights",
    "build_target_list",
    "find_candidates",
    "find_gaps",
]
