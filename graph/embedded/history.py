"""The embedded store's history: one entry per write, kept beside the store file.

A folder ``<store file>.history/`` holds, per write ``n``, ``n.json`` (the ``HistoryEntry``)
and, for a write that can be undone, ``n.patch`` (the pickled ``Patch``). The store file
carries the number of its last write (its generation); an entry is part of the history only
when its number is at most that. The entry is written first and the store file replaced
after it, so a write that fails between the two leaves an entry that does not count (and the
next write's entry replaces it): store and history change in one atomic step.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from ..errors import StoreUnavailable
from ..revision import HistoryEntry, Patch, dropped_record, mark_undone
from .persist import fsync_dir

__all__ = ["HistoryFolder"]

_WIDTH = 8


class HistoryFolder:
    """The history files of one store file."""

    def __init__(self, store_file: Path) -> None:
        self.folder = store_file.with_name(store_file.name + ".history")

    def _path(self, seq: int, suffix: str) -> Path:
        return self.folder / f"{seq:0{_WIDTH}d}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def record(self, entry: HistoryEntry, patch: Patch | None) -> None:
        """Write entry ``entry.seq`` (and its patch), replacing a stale one of that number."""
        self._path(entry.seq, ".patch").unlink(missing_ok=True)
        if patch is not None:
            self._write(self._path(entry.seq, ".patch"), pickle.dumps(patch, protocol=5))
        self._write(self._path(entry.seq, ".json"), entry.model_dump_json().encode())
        fsync_dir(self.folder)

    def entries(self, generation: int) -> list[HistoryEntry]:
        """The entries up to ``generation``, oldest first, with ``undone_by`` filled in."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                seq = int(path.stem)
            except ValueError:
                continue
            if seq <= generation:
                out.append(HistoryEntry.model_validate_json(path.read_bytes()))
        return mark_undone(sorted(out, key=lambda e: e.seq))

    def patch(self, seq: int) -> Patch:
        """The patch of entry ``seq``."""
        path = self._path(seq, ".patch")
        if not path.exists():
            raise dropped_record(seq)
        try:
            with path.open("rb") as fh:
                patch = pickle.load(fh)  # noqa: S301 - the user's own history file
        except (OSError, pickle.UnpicklingError, EOFError) as exc:
            raise StoreUnavailable(
                f"cannot read the undo record {path}: {exc}; the write cannot be undone"
            ) from exc
        if not isinstance(patch, Patch):
            raise StoreUnavailable(f"{path} is not an undo record of chainatlas")
        return patch

    def prune(self, newest: int, keep: int) -> None:
        """Let go of the undo records of the writes before the ``keep`` newest."""
        for path in self.folder.glob("*.patch"):
            try:
                seq = int(path.stem)
            except ValueError:
                continue
            if seq <= newest - keep:
                path.unlink(missing_ok=True)

    def clear(self) -> None:
        """Remove every entry (the store was reset)."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.is_file():
                    path.unlink(missing_ok=True)
