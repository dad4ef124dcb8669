"""The questions planners ask: plain functions, store first, never writing."""

from chainatlas.queries.candidates import Candidate, CandidateFilters, Candidates, find_candidates
from chainatlas.queries.gaps import GapReport, Thresholds, find_gaps
from chainatlas.queries.targets import TargetList, build_target_list
from chainatlas.queries.weights import Weights, load_weights

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
    "load_weights",
]
