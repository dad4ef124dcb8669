"""A store's own settings, as the surface uses them: the home region commands default to.

A city sets its region once (``chainatlas init --region 410700``, or :func:`set_home_region`);
every question that needs a region then takes it from ``--region`` or, without one, from the
store.
"""

from __future__ import annotations

import re

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.store import Store

__all__ = ["HOME_REGION", "NoRegion", "home_region", "set_home_region", "region_for"]

HOME_REGION = "home_region"
_CODE = re.compile(r"\d{2,12}")


class NoRegion(ChainAtlasError):
    """A question needs a region: none was given and the store has no home region."""

    def __init__(self) -> None:
        super().__init__(
            "no region: give --region CODE (a GB/T 2260 division code, e.g. 410700), "
            "or set the store's home region once with `chainatlas init --region CODE`"
        )


def home_region(store: Store) -> str | None:
    """The store's home region, or ``None`` when none is set."""
    return store.settings().get(HOME_REGION) or None


def set_home_region(store: Store, code: str) -> str:
    """Set the store's home region (a division code of 2 to 12 digits); returns it."""
    code = code.strip()
    if not _CODE.fullmatch(code):
        raise ChainAtlasError(
            f"region {code!r} is not a division code; write its digits, e.g. 410700"
        )
    store.update_settings({HOME_REGION: code})
    return code


def region_for(store: Store, region: str | None) -> str:
    """``region`` when given, else the store's home region; ``NoRegion`` when neither is."""
    if region:
        return region
    home = home_region(store)
    if home is None:
        raise NoRegion()
    return home
