"""The embedded store's file and its writes: the atomic, locked transaction every write runs
in, and the writes themselves (records, removals, settings, undo), each recorded in the
history beside the file (``history.py``)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import networkx as nx
from filelock import FileLock, Timeout

from ..errors import StoreLocked
from ..model import Atlas, NodeLabel
from ..prepare import Prepared, prepare, prepare_remove
from ..revision import (
    Changes,
    HistoryEntry,
    Patch,
    WriteNote,
    merged_settings,
    new_entry,
    settings_changes,
    undo_entry,
    undo_keep,
    undo_target,
)
from .history import HistoryFolder
from .persist import read_payload, release, write_payload
from .public import PublicTables
from .write import GraphHoldings, apply_patch, apply_plan

__all__ = ["EmbeddedWrites"]


class EmbeddedWrites:
    """Persistence and writing of ``NetworkXStore`` (which sets these attributes)."""

    file: Path
    lock_timeout: float
    graph: nx.MultiDiGraph
    public: PublicTables
    history_folder: HistoryFolder
    _settings: dict[str, str]
    _generation: int
    _mtime: tuple[int, int, int] | None
    _cache: dict[str, Any]

    # -- persistence -------------------------------------------------------------------------
    def _read(self) -> None:
        self._cache = {}
        if not self.file.exists():
            self.graph = nx.MultiDiGraph()
            self.public = PublicTables()
            self._settings = {}
            self._generation = 0
            self._mtime = None
            return
        release(self.graph)
        payload = read_payload(self.file)
        self.graph = payload["graph"]
        self.public = payload.get("public") or PublicTables()
        self._settings = dict(payload.get("settings") or {})
        self._generation = int(payload.get("generation") or 0)
        self._mtime = self._signature()
        release(self.graph)
        # The atlas just read is long-lived and, without its cached views, holds no reference
        # cycles (``release``): keep the garbage collector from walking it. Otherwise the first
        # full collection after opening scans every record, a 100+ ms pause in whatever query
        # runs then (benchmarks/RESULTS.md).
        gc.freeze()

    def _save(self) -> None:
        release(self.graph)  # its cached views are not data
        write_payload(
            self.file,
            graph=self.graph,
            public=self.public,
            settings=self._settings,
            generation=self._generation,
        )
        self._mtime = self._signature()

    def _signature(self) -> tuple[int, int, int] | None:
        """Changes on every save (a new inode), even where mtime is coarse."""
        try:
            st = self.file.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _lock(self) -> FileLock:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.file) + ".lock", timeout=self.lock_timeout)

    def _transaction(self, apply: Any) -> None:
        lock = self._lock()
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreLocked(
                f"the embedded store {self.file} is being written by another process "
                f"(waited {self.lock_timeout:g} s for {self.file}.lock); try again when it is done"
            ) from exc
        try:
            if self._signature() != self._mtime:
                self._read()
            collecting = gc.isenabled()
            gc.disable()  # a write makes records, never cycles: no full scans of the atlas
            try:
                apply()
                self._save()
            except BaseException:
                self._read()  # the file is untouched: go back to it
                raise
            finally:
                if collecting:
                    gc.enable()
        finally:
            lock.release()
            self._cache = {}

    # -- writing -------------------------------------------------------------------------------
    def write(self, atlas: Atlas, note: WriteNote | None = None) -> Changes:
        done: list[Changes] = []

        def apply() -> None:
            prep = prepare(atlas, GraphHoldings(self.graph, self.public), note)
            self._commit(prep, note)
            done.append(prep.changes)

        self._transaction(apply)
        return done[0]

    def preview(self, atlas: Atlas, note: WriteNote | None = None) -> Changes:
        if self._signature() != self._mtime:
            self._read()
        return prepare(atlas, GraphHoldings(self.graph, self.public), note).changes

    def remove(self, label: NodeLabel, keys: list[str], note: WriteNote | None = None) -> Changes:
        done: list[Changes] = []

        def apply() -> None:
            prep = prepare_remove(label, keys, GraphHoldings(self.graph, self.public))
            self._commit(prep, note or WriteNote(command="remove"))
            done.append(prep.changes)

        self._transaction(apply)
        return done[0]

    def _commit(self, prep: Prepared, note: WriteNote | None) -> None:
        """Record the write's entry and patch, then execute its plan (saved by the caller)."""
        keep = undo_keep()
        if note is not None and note.settings:  # settings set by the same write
            before = dict(self._settings)
            self._settings = merged_settings(before, note.settings)
            prep.patch.settings = before
            prep.changes.settings = settings_changes(before, self._settings).settings
        self._generation += 1
        self.history_folder.record(
            new_entry(self._generation, note, prep.changes, prep.counts), prep.patch
        )
        self.history_folder.prune(self._generation, keep)
        apply_plan(self.graph, self.public, prep.plan)

    def history(self) -> list[HistoryEntry]:
        if self._signature() != self._mtime:
            self._read()
        return self.history_folder.entries(self._generation)

    def undo(self, note: WriteNote | None = None) -> HistoryEntry:
        done: list[HistoryEntry] = []

        def apply() -> None:
            target = undo_target(self.history_folder.entries(self._generation), str(self.file))
            patch = self.history_folder.patch(target.seq)
            self._generation += 1
            self.history_folder.record(undo_entry(self._generation, target, note), None)
            if patch.settings is not None:
                self._settings = dict(patch.settings)
            apply_patch(self.graph, self.public, patch)
            done.append(target)

        self._transaction(apply)
        return done[0]

    def reset(self) -> None:
        def clear() -> None:
            self.graph = nx.MultiDiGraph()
            self.public = PublicTables()
            self._settings = {}
            self._generation = 0
            self.history_folder.clear()

        self._transaction(clear)

    def data_version(self) -> str:
        """The number of the last write and the file's signature as read (every save changes
        it, even a reset followed by as many writes)."""
        return f"{self._generation}:{self._mtime}"

    def settings(self) -> dict[str, str]:
        if self._signature() != self._mtime:
            self._read()
        return dict(self._settings)

    def update_settings(self, values: dict[str, str | None], note: WriteNote | None = None) -> None:
        def apply() -> None:
            before = dict(self._settings)
            merged = {**self._settings, **values}
            self._settings = {k: v for k, v in sorted(merged.items()) if v is not None}
            self._generation += 1
            note_ = note or WriteNote(command="settings")
            entry = new_entry(self._generation, note_, settings_changes(before, self._settings), {})
            self.history_folder.record(entry, Patch(settings=before))

        self._transaction(apply)
