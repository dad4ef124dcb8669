"""The embedded store's file: one pickle, read with the garbage collector kept out of the way,
replaced atomically (a temporary file, fsync, rename, fsync of the folder) on every write."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import BaseModel

from ..errors import StoreUnavailable

__all__ = ["FORMAT", "read_payload", "write_payload", "release", "fsync_dir"]

FORMAT = "chainatlas-nx/1"


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def release(graph: nx.MultiDiGraph | None) -> None:
    """Drop a graph's cached views: its edge and degree views refer back to it, a reference
    cycle that would keep a dropped atlas (frozen out of garbage collection) in memory."""
    if graph is None:
        return
    for name in [
        k for k in vars(graph) if isinstance(getattr(type(graph), k, None), cached_property)
    ]:
        del graph.__dict__[name]


def _model(cls: type[BaseModel], fields_set: set[str]) -> BaseModel:
    """An empty record of ``cls`` (``_Pickler``), filled by ``_fill``."""
    rec = cls.__new__(cls)
    object.__setattr__(rec, "__pydantic_fields_set__", fields_set)
    object.__setattr__(rec, "__pydantic_extra__", None)
    object.__setattr__(rec, "__pydantic_private__", None)
    return rec


def _fill(rec: BaseModel, values: dict[str, Any]) -> None:
    object.__setattr__(rec, "__dict__", values)


class _Pickler(pickle.Pickler):
    """Pickles records without pydantic's ``__getstate__``: that builds a dict a record, which
    the pickler keeps to the end of the dump (+100 MB on 450,000 records). The file loads into
    the same records; a file written by pydantic's way loads as before."""

    def reducer_override(self, obj: Any) -> Any:
        if (
            isinstance(obj, BaseModel)
            and not isinstance(obj, type)
            and obj.__pydantic_extra__ is None
            and obj.__pydantic_private__ is None
        ):
            return _model, (type(obj), obj.__pydantic_fields_set__), obj.__dict__, None, None, _fill
        return NotImplemented


def read_payload(file: Path) -> dict[str, Any]:
    """The file's contents (``format``, ``graph``, ``public``, ``settings``).

    The garbage collector is off while reading (nothing read is garbage). Raises
    ``StoreUnavailable`` for a file that cannot be read or is not a store file."""
    gc.collect()  # what is garbage now must not be frozen after the read
    collecting = gc.isenabled()
    gc.disable()
    try:
        with file.open("rb") as fh:
            payload = pickle.load(fh)  # noqa: S301 - the user's own store file
    except Exception as exc:  # pragma: no cover - depends on the damage
        raise StoreUnavailable(
            f"cannot read the embedded store {file}: {exc}; "
            "restore it from a backup or remove it and load your files again"
        ) from exc
    finally:
        if collecting:
            gc.enable()
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise StoreUnavailable(f"{file} is not a chainatlas store file (expected format {FORMAT})")
    return payload


def write_payload(file: Path, **parts: Any) -> None:
    """Replace ``file`` with these parts (plus ``format``), atomically and durably."""
    file.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{file.name}-"  # written under the store's lock: any older one is a dead write
    for stale in file.parent.glob(prefix + "*.tmp"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _Pickler(fh, protocol=5).dump({"format": FORMAT, **parts})
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, file)
        fsync_dir(file.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
