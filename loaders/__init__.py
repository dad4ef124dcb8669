"""Loaders: read planners' files and public data sets into validated records.

Each ``read_*`` returns a ``LoadReport`` (``valid`` records, ``problems`` down to the row and
field). Loaders never talk to a database.
"""

from __future__ import annotations

if __name__ != "chainatlas.loaders":  # loaders/ is imported only as chainatlas.loaders
    raise ImportError(
        f"import chainatlas.loaders, not {__name__}: loaders/ is a layer of chainatlas"
    )

import functools
import gc
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from chainatlas.graph.errors import LoadError
from chainatlas.graph.model import Atlas

from .chains import parse_chain_map, read_chain_map
from .detect import KINDS, detect_kind
from .enterprises import read_enterprises
from .regions import read_regions
from .report import LoadReport, Problem
from .values import LoadContext
from .weak_links import read_weak_links

__all__ = [
    "KINDS",
    "LoadContext",
    "LoadReport",
    "Problem",
    "detect_kind",
    "gc_paused",
    "parse_chain_map",
    "read_chain_map",
    "read_enterprises",
    "read_file",
    "read_regions",
    "read_weak_links",
]


_P = ParamSpec("_P")
_T = TypeVar("_T")


def gc_paused(fn: Callable[_P, _T]) -> Callable[_P, _T]:
    """``fn`` run with the garbage collector off: reading makes records, not reference cycles,
    and each collection would scan every record read so far (half the time of a 100,000-row
    registry went to them)."""

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return run


@gc_paused
def read_file(
    path: str | Path, kind: str | None = None, context: LoadContext | None = None
) -> LoadReport[Atlas]:
    """Read one file of any kind (recognised from its content unless ``kind`` is given);
    ``checks.check_report`` adds the warnings a planner should look at."""
    from .checks import check_report

    kind = kind or detect_kind(path)
    report = _read(path, kind, context)
    check_report(report, context)
    return report


def _read(path: str | Path, kind: str, context: LoadContext | None) -> LoadReport[Atlas]:
    if kind == "chain":
        return read_chain_map(path)
    if kind == "enterprises":
        return read_enterprises(path, context)
    if kind == "weak_links":
        return read_weak_links(path, context)
    if kind == "regions":
        return read_regions(path)
    import importlib

    workflow = importlib.import_module("chainatlas.loaders.workflow")  # clusters, projects, …
    reader = getattr(workflow, f"read_{kind}", None)
    if reader is None:
        raise LoadError(f"{path}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return reader(path, context)  # type: ignore[no-any-return]
