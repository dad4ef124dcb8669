"""A store's own settings, as the surface uses them: the home region commands default to,
and the list matches a person has reviewed (:func:`reviewed_decisions`).

A city sets its region once (``chainatlas init --region 410700`` or ``--region 新乡市``, or
:func:`set_home_region`); every question that needs a region then takes it from ``--region`` or,
without one, from the store. Every region given is checked against the GB/T 2260 division table
the package ships (``loaders/divisions.py``): a name becomes its code, and an unknown code or
name is an ``UnknownRegion`` error with the closest codes or names, never an empty answer.
"""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.store import Store
from chainatlas.loaders.divisions import RegionError, resolve_region
from chainatlas.loaders.list_review import ReviewDecisions, read_review

__all__ = [
    "HOME_REGION",
    "NoRegion",
    "UnknownRegion",
    "check_region",
    "home_region",
    "set_home_region",
    "region_for",
    "LIST_REVIEW",
    "list_decisions",
    "reviewed_decisions",
    "list_decision_settings",
    "remember_list_decisions",
]

HOME_REGION = "home_region"


class NoRegion(ChainAtlasError):
    """A question needs a region: none was given and the store has no home region."""

    def __init__(self) -> None:
        super().__init__(
            "no region: give --region CODE (a GB/T 2260 division code, e.g. 410700), "
            "or set the store's home region once with `chainatlas init --region CODE`"
        )


class UnknownRegion(ChainAtlasError):
    """A region code or name that is no single division of GB/T 2260."""


def check_region(region: str) -> str:
    """The division code ``region`` (a code or a name) stands for; ``UnknownRegion`` (with the
    closest codes or names, or the choices of an ambiguous name) when there is none.

    >>> check_region("新乡市"), check_region("4107")
    ('410700', '4107')
    """
    try:
        return resolve_region(region)
    except RegionError as exc:
        raise UnknownRegion(str(exc)) from None


def home_region(store: Store) -> str | None:
    """The store's home region, or ``None`` when none is set."""
    return store.settings().get(HOME_REGION) or None


def set_home_region(store: Store, region: str) -> str:
    """Set the store's home region (a division code or name, checked); returns its code."""
    code = check_region(region)
    store.update_settings({HOME_REGION: code})
    return code


def region_for(store: Store, region: str | None) -> str:
    """``region`` when given, else the store's home region; ``NoRegion`` when neither is."""
    if region:
        return check_region(region)
    home = home_region(store)
    if home is None:
        raise NoRegion()
    return home


LIST_REVIEW = "list_review"


def list_decisions(store: Store) -> ReviewDecisions:
    """The reviewed list matches the store remembers (``import lists --reviewed FILE``)."""
    return ReviewDecisions.from_json(store.settings().get(LIST_REVIEW))


def reviewed_decisions(store: Store, path: str | Path | None) -> ReviewDecisions:
    """The remembered decisions with those of the filled-in review file ``path`` on top;
    ``LoadError`` naming the row and field of a bad confirm cell (nothing is kept then)."""
    decisions = list_decisions(store)
    if path is None:
        return decisions
    report, newer = read_review(path)
    report.raise_for_problems()
    return decisions.updated(newer)


def list_decision_settings(store: Store, decisions: ReviewDecisions) -> dict[str, str | None]:
    """The settings that keep ``decisions`` (empty when the store keeps them already), for a
    write's ``WriteNote.settings``."""
    if decisions.to_json() != (store.settings().get(LIST_REVIEW) or ReviewDecisions().to_json()):
        return {LIST_REVIEW: decisions.to_json()}
    return {}


def remember_list_decisions(store: Store, decisions: ReviewDecisions) -> None:
    """Keep ``decisions`` so later imports neither ask again nor undo them."""
    values = list_decision_settings(store, decisions)
    if values:
        store.update_settings(values)
