"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server.

Records are node and relationship properties (``props.py``: nested lists such as
``Enterprise.lists`` are a JSON string), rebuilt into the same pydantic models on read
(``reads.py``). ``write`` plans the batch (``graph.plan``, the merge rules every store shares)
and executes the plan in one managed transaction as batched ``UNWIND $rows … MERGE``
statements from ``cypher.py`` (``write.py``).
"""

from __future__ import annotations

from neo4j import ManagedTransaction

from ..errors import StoreError, StoreUnavailable
from ..model import Atlas, NodeLabel
from ..prepare import Prepared, prepare, prepare_remove
from ..revision import (
    Changes,
    HistoryEntry,
    Patch,
    WriteNote,
    dropped_record,
    merged_settings,
    new_entry,
    now_text,
    settings_changes,
    undo_entry,
    undo_keep,
    undo_target,
)
from . import cypher as Q
from . import history as H
from .connection import CONNECT_TIMEOUT_S, QUIET_NOTIFICATIONS, RETRY_TIME_S
from .props import from_props, to_props
from .reads import StoreReads
from .write import BATCH_SIZE, TxHoldings, execute_patch, execute_plan

__all__ = [
    "Neo4jStore",
    "BATCH_SIZE",
    "CONNECT_TIMEOUT_S",
    "RETRY_TIME_S",
    "QUIET_NOTIFICATIONS",
    "to_props",
    "from_props",
]

RESET_BATCH = 10000
#: A write of at least this many records per node of the database after it refreshes the
#: planner's statistics (a first load, or one that grows the database by a fifth or more).
REPLAN_SHARE = 0.2
REPLAN_MIN_ROWS = 1000
REPLAN_WAIT_S = 300


class Neo4jStore(StoreReads):
    """An atlas in a Neo4j 5 database.

    ``Neo4jStore(driver)`` uses a driver the caller owns (and closes); ``Neo4jStore.from_uri``
    makes and owns its own. The schema (constraints and indexes) is created on opening.
    """

    # -- writing -----------------------------------------------------------------------------------
    def write(self, atlas: Atlas, note: WriteNote | None = None) -> Changes:
        with self._reaching(), self._session() as session:
            changes: Changes = session.execute_write(self._apply, atlas, note)
        rows = sum(atlas.counts().values())
        if rows < REPLAN_MIN_ROWS:
            return changes
        try:
            nodes = int(self._read(Q.NODE_COUNT)[0]["count"])
        except (StoreError, StoreUnavailable):
            return changes  # the write is done; fresh statistics only make later reads faster
        if rows >= REPLAN_SHARE * nodes:
            self.refresh_statistics()
        return changes

    def preview(self, atlas: Atlas, note: WriteNote | None = None) -> Changes:
        with self._reaching(), self._session() as session:
            return session.execute_read(  # type: ignore[no-any-return]
                lambda tx: prepare(atlas, TxHoldings(tx), note).changes
            )

    def remove(self, label: NodeLabel, keys: list[str], note: WriteNote | None = None) -> Changes:
        def apply(tx: ManagedTransaction) -> Changes:
            prep = prepare_remove(label, keys, TxHoldings(tx))
            self._commit(tx, prep, note or WriteNote(command="remove"))
            return prep.changes

        with self._reaching(), self._session() as session:
            return session.execute_write(apply)  # type: ignore[no-any-return]

    def _commit(self, tx: ManagedTransaction, prep: Prepared, note: WriteNote | None) -> None:
        """Execute a prepared write and record it, in the caller's transaction."""
        tx.run(Q.BUMP_STAMP).consume()
        execute_plan(tx, prep.plan, self.batch_size)
        if note is not None and note.settings:  # settings set by the same write
            row = tx.run(Q.READ_SETTINGS).single()
            found = (row["settings"] if row else None) or {}
            current = {k: str(v) for k, v in found.items() if k != "key"}
            kept = merged_settings(current, note.settings)
            tx.run(Q.WRITE_SETTINGS, settings={**kept, "key": "settings"}).consume()
            prep.patch.settings = current
            prep.changes.settings = settings_changes(current, kept).settings
        entry = new_entry(H.next_seq(tx), note, prep.changes, prep.counts)
        H.record(tx, entry, prep.patch)
        tx.run(Q.PRUNE_PATCHES, upto=entry.seq - undo_keep()).consume()

    def record_import(self, files: list[str], counts: dict[str, int]) -> None:
        """Record an import into the empty database (``neo4j import``) in the history: it
        cannot be undone (it kept no undo record); later writes can."""

        def apply(tx: ManagedTransaction) -> None:
            tx.run(Q.BUMP_STAMP).consume()
            entry = HistoryEntry(
                seq=H.next_seq(tx),
                at=now_text(),
                user=WriteNote().user,
                command="neo4j import",
                files=files,
                counts={k: v for k, v in counts.items() if v},
                undoable=False,
            )
            H.record(tx, entry, None)

        with self._reaching(), self._session() as session:
            session.execute_write(apply)

    def history(self) -> list[HistoryEntry]:
        return H.entries(self._read(Q.READ_HISTORY))

    def undo(self, note: WriteNote | None = None) -> HistoryEntry:
        def apply(tx: ManagedTransaction) -> HistoryEntry:
            target = undo_target(H.entries(list(tx.run(Q.READ_HISTORY))), self.location)
            patch = H.patch_of(tx, target.seq)
            if patch is None:
                raise dropped_record(target.seq)
            tx.run(Q.BUMP_STAMP).consume()
            execute_patch(tx, patch, self.batch_size)
            if patch.settings is not None:
                tx.run(Q.WRITE_SETTINGS, settings={**patch.settings, "key": "settings"}).consume()
            H.record(tx, undo_entry(H.next_seq(tx), target, note), None)
            return target

        with self._reaching(), self._session() as session:
            return session.execute_write(apply)  # type: ignore[no-any-return]

    def refresh_statistics(self) -> str:
        """Have the planner see the data as it is now: resample the indexes and drop the plans
        made before (``db.prepareForReplanning``, for an admin), else schedule the resampling of
        outdated indexes. Returns the procedure that ran, or "" when neither was allowed.

        ``write`` calls this after a write that grew the database by a fifth or more. Without it,
        queries asked right after a large load are planned from index samples taken when the
        indexes were nearly empty: on the chainkg import some product-graph reads then took
        0.3-1 s each instead of 10-40 ms, until the server restarted.
        """
        for name, query, params in (
            ("db.prepareForReplanning", Q.PREPARE_FOR_REPLANNING, {"seconds": REPLAN_WAIT_S}),
            ("db.resampleOutdatedIndexes", Q.RESAMPLE_OUTDATED_INDEXES, {}),
        ):
            try:
                with self._reaching(), self._session() as session:
                    session.run(query, params).consume()
                return name
            except (StoreError, StoreUnavailable):
                continue  # not allowed here (a user without admin rights): the next, or none
        return ""

    def reset(self) -> None:
        with self._reaching(), self._session() as session:
            # the stamp goes first: while the rest is deleted batch by batch, nothing is cached
            session.run(Q.DROP_STAMP).consume()
            session.run(Q.DELETE_ALL, batch=RESET_BATCH).consume()

    def data_version(self) -> str:
        """The database's write stamp (the one a ``pinned`` view read), "" without one."""
        return self._pin if self._pin is not None else self._stamp()

    def settings(self) -> dict[str, str]:
        rows = self._read(Q.READ_SETTINGS)
        found = (rows[0]["settings"] if rows else None) or {}
        return {k: str(v) for k, v in sorted(found.items()) if k != "key"}

    def update_settings(self, values: dict[str, str | None], note: WriteNote | None = None) -> None:
        def apply(tx: ManagedTransaction) -> None:
            row = tx.run(Q.READ_SETTINGS).single()
            current = dict((row["settings"] if row else None) or {})
            current.pop("key", None)
            kept = {k: v for k, v in {**current, **values}.items() if v is not None}
            tx.run(Q.WRITE_SETTINGS, settings={**kept, "key": "settings"}).consume()
            tx.run(Q.BUMP_STAMP).consume()
            changes = settings_changes(current, kept)
            entry = new_entry(H.next_seq(tx), note or WriteNote(command="settings"), changes, {})
            H.record(tx, entry, Patch(settings={k: str(v) for k, v in current.items()}))

        with self._reaching(), self._session() as session:
            session.execute_write(apply)

    def _apply(self, tx: ManagedTransaction, atlas: Atlas, note: WriteNote | None) -> Changes:
        """The batch prepared, written and recorded in this transaction (a retry prepares it
        again)."""
        prep = prepare(atlas, TxHoldings(tx), note)
        self._commit(tx, prep, note)
        return prep.changes
