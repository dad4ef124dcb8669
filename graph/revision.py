"""What a write changes, and how to take it back: the note, the reverse patch, the history.

Every write of a store (a load, an import, a removal, a settings change, an undo) is recorded
as a ``HistoryEntry``: when, by whom, which files, how many records, and ``Changes`` (the
records added, changed and removed, by label, with their names). Before writing, the store
captures the exact prior state of every node and relationship the write touches (a
``Patch``: ``graph.prepare.prepare``); ``undo`` puts that state back. The patch is kept with
the entry (embedded: beside the store file; Neo4j: on the history node), written in the same
atomic step as the write itself.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from .model import Atlas, NodeLabel
from .plan import EdgeKind

__all__ = [
    "ATLAS_LABELS",
    "WriteNote",
    "NodeState",
    "EdgeState",
    "Patch",
    "LabelChange",
    "Changes",
    "HistoryEntry",
    "current_user",
    "now_text",
    "note_for_files",
    "record_name",
    "next_to_undo",
    "mark_undone",
    "new_entry",
    "undo_target",
    "undo_keep",
    "UNDO_KEEP_VARIABLE",
    "dropped_record",
    "undo_entry",
    "settings_changes",
]

#: The node label of each ``Atlas`` field that holds nodes.
ATLAS_LABELS: dict[str, NodeLabel] = {
    "regions": NodeLabel.REGION,
    "chains": NodeLabel.CHAIN,
    "segments": NodeLabel.SEGMENT,
    "enterprises": NodeLabel.ENTERPRISE,
    "weak_links": NodeLabel.WEAK_LINK,
    "clusters": NodeLabel.CLUSTER,
    "projects": NodeLabel.PROJECT,
    "profiles": NodeLabel.PROFILE,
    "products": NodeLabel.PRODUCT,
    "industries": NodeLabel.INDUSTRY,
}


def current_user() -> str:
    """The login name of whoever runs the write ("" where the system cannot tell)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database (a bare container): not worth failing a write
        return ""


def now_text() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class WriteNote:
    """What a write is, for its history entry and for the rules that depend on files.

    ``origin_of`` names, for each node of the batch, the files (names, not paths) it came
    from; ``replace`` makes the store hold exactly what those files say for what they cover.
    """

    command: str = "write"
    files: list[str] = field(default_factory=list)
    replace: bool = False
    #: nodes the same write removes with their relationships (as ``Store.remove`` does)
    delete: dict[NodeLabel, list[str]] = field(default_factory=dict)
    #: settings the same write sets (a ``None`` value removes one), undone with it
    settings: dict[str, str | None] = field(default_factory=dict)
    origin_of: dict[tuple[NodeLabel, str], list[str]] = field(default_factory=dict)
    user: str = field(default_factory=current_user)

    def origins(self, label: NodeLabel, key: str) -> list[str]:
        return self.origin_of.get((label, key), [])


def note_for_files(
    parts: Iterable[tuple[str, Atlas]], *, command: str = "load", replace: bool = False
) -> WriteNote:
    """The note of a load of these files (path, the records read from it)."""
    from pathlib import Path

    note = WriteNote(command=command, replace=replace)
    for path, atlas in parts:
        if str(path) not in note.files:
            note.files.append(str(path))
        name = Path(path).name
        for attr, label in ATLAS_LABELS.items():
            key = "enterprise_id" if label is NodeLabel.PROFILE else _KEY_FIELD.get(label, "id")
            for rec in getattr(atlas, attr):
                files = note.origin_of.setdefault((label, getattr(rec, key)), [])
                if name not in files:
                    files.append(name)
    return note


_KEY_FIELD = {NodeLabel.REGION: "code", NodeLabel.PRODUCT: "name", NodeLabel.INDUSTRY: "code"}


@dataclass
class NodeState:
    """A node as it was before a write: its record and origins, or ``rec=None`` (absent)."""

    label: NodeLabel
    key: str
    rec: Any | None
    origins: tuple[str, ...] = ()


@dataclass
class EdgeState:
    """A relationship as it was before a write: ``present`` (with its record, if its kind has
    one) or absent."""

    kind: EdgeKind
    a: str
    b: str
    variant: str
    present: bool
    rec: Any | None = None


@dataclass
class Patch:
    """The exact prior state of everything a write touches (``undo`` restores it)."""

    nodes: list[NodeState] = field(default_factory=list)
    edges: list[EdgeState] = field(default_factory=list)
    settings: dict[str, str] | None = None  # a settings change: the settings before it
    extra: Any = None  # what one store keeps besides (the embedded store's product tables)


#: Names kept per label and change kind (the counts are always exact).
NAMES_KEPT = 200


class LabelChange(BaseModel):
    """What a write did to the nodes of one label: how many were added, changed and removed,
    and ``key name`` of each (the first ``NAMES_KEPT``)."""

    label: str
    counts: dict[str, int] = Field(default_factory=lambda: {"added": 0, "changed": 0, "removed": 0})
    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)

    def note(self, what: str, name: str) -> None:
        self.counts[what] += 1
        names: list[str] = getattr(self, what)
        if len(names) < NAMES_KEPT:
            names.append(name)


class Changes(BaseModel):
    """What a write does: nodes by label, relationships as counts by type."""

    nodes: list[LabelChange] = Field(default_factory=list)
    edges: dict[str, dict[str, int]] = Field(default_factory=dict)  # type -> added/changed/removed
    settings: dict[str, list[str | None]] = Field(default_factory=dict)  # key -> [before, after]
    superseded: list[str] = Field(default_factory=list)  # earlier files a --replace revises

    def is_empty(self) -> bool:
        return not (self.nodes or self.edges or self.settings)

    def totals(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for ch in self.nodes:
            for what in out:
                out[what] += ch.counts.get(what, 0)
        return out

    def lines(self, limit: int = 8) -> list[str]:
        """One line per label and change kind, names shown up to ``limit``, then the
        relationship counts: what ``load --dry-run`` and ``history`` print."""
        out: list[str] = []
        for ch in self.nodes:
            for what in ("added", "changed", "removed"):
                names: list[str] = getattr(ch, what)
                n = ch.counts.get(what, 0)
                if n:
                    shown = ", ".join(names[:limit])
                    more = f" … (+{n - min(limit, len(names))} more)" if n > limit else ""
                    out.append(f"{what} {n} {ch.label}: {shown}{more}")
        for rel, counts in sorted(self.edges.items()):
            parts = [f"{what} {n}" for what, n in counts.items() if n]
            if parts:
                out.append(f"{rel} relationships: {', '.join(parts)}")
        if self.superseded:
            out.append(f"replaces what was loaded from: {', '.join(self.superseded)}")
        for key, (before, after) in sorted(self.settings.items()):
            out.append(f"setting {key}: {before or '(none)'} -> {after or '(none)'}")
        return out or ["no change"]

    def summary(self) -> str:
        """One line: the counts of added, changed and removed records."""
        t = self.totals()
        text = f"{t['added']} added, {t['changed']} changed, {t['removed']} removed"
        if self.settings:
            text += f", settings {', '.join(sorted(self.settings))}"
        return text


def record_name(label: NodeLabel, key: str, rec: Any) -> str:
    """``key name`` of a record for a change list (just the key where the name adds nothing)."""
    for attr in ("name_zh", "name", "written_as"):
        name = getattr(rec, attr, "") if rec is not None else ""
        if name and name != key:
            return f"{key} {name}"
    return key


class HistoryEntry(BaseModel):
    """One write as the store recorded it."""

    seq: int
    at: str
    user: str = ""
    command: str = "write"
    files: list[str] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    changes: Changes = Field(default_factory=Changes)
    undoes: int | None = None  # an undo: the entry it took back
    undone_by: int | None = None  # filled in when listing: the undo that took this one back
    undoable: bool = True  # False for an undo and for an import into an empty database


def mark_undone(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """The entries (oldest first) with ``undone_by`` filled in from the undo entries."""
    by = {e.undoes: e.seq for e in entries if e.undoes is not None}
    return [e.model_copy(update={"undone_by": by.get(e.seq)}) for e in entries]


def next_to_undo(entries: list[HistoryEntry]) -> HistoryEntry | None:
    """The newest write not taken back yet: what ``undo`` reverts next (if it is
    ``undoable``). Undoing in this order steps back one write at a time, whatever was written
    or undone in between."""
    for entry in reversed(mark_undone(entries)):
        if entry.undoes is None and entry.undone_by is None:
            return entry
    return None


def new_entry(
    seq: int, note: WriteNote | None, changes: Changes, counts: dict[str, int]
) -> HistoryEntry:
    """The history entry of write ``seq``."""
    note = note or WriteNote()
    return HistoryEntry(
        seq=seq,
        at=now_text(),
        user=note.user,
        command=note.command,
        files=list(note.files),
        counts={k: v for k, v in counts.items() if v},
        changes=changes,
    )


def undo_entry(seq: int, target: HistoryEntry, note: WriteNote | None = None) -> HistoryEntry:
    """The history entry of the undo (number ``seq``) of ``target``: its changes reversed."""
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    nodes = [
        LabelChange(
            label=ch.label,
            counts={swap[what]: n for what, n in ch.counts.items()},
            added=ch.removed,
            changed=ch.changed,
            removed=ch.added,
        )
        for ch in target.changes.nodes
    ]
    edges = {
        rel: {swap[what]: n for what, n in counts.items()}
        for rel, counts in target.changes.edges.items()
    }
    settings = {k: [after, before] for k, (before, after) in target.changes.settings.items()}
    return HistoryEntry(
        seq=seq,
        at=now_text(),
        user=(note or WriteNote()).user,
        command="undo",
        files=list(target.files),
        changes=Changes(nodes=nodes, edges=edges, settings=settings),
        undoes=target.seq,
        undoable=False,
    )


def merged_settings(before: dict[str, str], values: dict[str, str | None]) -> dict[str, str]:
    """``before`` with ``values`` set (a ``None`` value removes its key), sorted by key."""
    merged = {**before, **values}
    return {k: v for k, v in sorted(merged.items()) if v is not None}


def settings_changes(before: dict[str, str], after: dict[str, str]) -> Changes:
    """The changes of a settings update."""
    keys = sorted(set(before) | set(after))
    return Changes(
        settings={k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}
    )


def undo_target(entries: list[HistoryEntry], location: str) -> HistoryEntry:
    """The entry ``undo`` takes back next; ``NothingToUndo`` when none is left or the next
    one cannot be undone (an import into an empty database keeps no undo record)."""
    from .errors import NothingToUndo

    target = next_to_undo(entries)
    if target is None:
        raise NothingToUndo(f"nothing to undo: the store {location} has no write left")
    if not target.undoable:
        raise NothingToUndo(
            f"write #{target.seq} ({target.command}, {target.at}) cannot be undone: it kept no "
            "undo record; to go back further, reload the store from your files"
        )
    return target


#: How many of the newest writes keep their undo record (older ones stay listed).
UNDO_KEEP_VARIABLE = "CHAINATLAS_UNDO_KEEP"
UNDO_KEEP_DEFAULT = 100


def undo_keep() -> int:
    """``$CHAINATLAS_UNDO_KEEP`` (default 100): the newest writes whose undo records are kept."""
    import os

    from .errors import ChainAtlasError

    raw = os.environ.get(UNDO_KEEP_VARIABLE, "").strip()
    if not raw:
        return UNDO_KEEP_DEFAULT
    if not raw.isdigit() or int(raw) < 1:
        raise ChainAtlasError(
            f"{UNDO_KEEP_VARIABLE}={raw!r} is not a whole number of writes of 1 or more; "
            f"set it to e.g. {UNDO_KEEP_DEFAULT}"
        )
    return int(raw)


def dropped_record(seq: int) -> Exception:
    """The refusal of an undo that reaches a write whose undo record was let go."""
    from .errors import NothingToUndo

    return NothingToUndo(
        f"write #{seq} can no longer be undone: only the newest {undo_keep()} writes keep their "
        f"undo record ({UNDO_KEEP_VARIABLE}); to go back further, reload from your files"
    )
