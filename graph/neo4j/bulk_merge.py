"""Atlases written as the importer's input, merged the way ``Neo4jStore.write`` merges.

The importer only creates: a key written twice fails the import, and so does a relationship to
an absent node. So each batch is planned as a store plans it (``graph.plan.plan_write``, with
this writer answering what is already written) and the plan is executed on the files: a later
record of a key replaces the earlier row, placeholders are written only for absent keys, and
relationships only where both nodes exist. ``write_import_files(b)`` gives the graph that
``for a in b: store.write(a)`` gives on an empty database.

Memory holds the keys written (in each ``CsvTable``), the records that merge on a rewrite
(segments, projects, profiles) and the relationships a rewrite drops (``graph.plan.OWNED``: a
segment's parent, a weak link's segment, a cluster's members, a project's firm and segments);
these are written when the files are closed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from ..identity import check_identity
from ..model import Atlas, NodeLabel, RelType
from ..plan import (
    EDGE_RECORDS,
    NODE_KEYS,
    NODE_RECORDS,
    OWNED,
    Edge,
    EdgeKind,
    node_key,
    plan_write,
)
from ..revision import WriteNote
from .bulk_csv import CsvTable, ImportFiles, ImportInputError, Layout
from .cypher import NAMES_PROPERTY, ORIGINS_PROPERTY
from .props import node_props, to_props

__all__ = ["ImportWriter", "write_import_files", "NODE_RECORDS", "EDGE_RECORDS"]

PROGRESS_EVERY = 50_000
#: The record kinds of an ``Atlas`` this writer handles; a kind added to ``Atlas`` later is
#: refused by name rather than left out silently.
KNOWN_KINDS = frozenset(
    {
        "regions", "chains", "segments", "links", "enterprises", "capabilities", "presences",
        "weak_links", "clusters", "projects", "profiles", "products", "industries",
        "product_links", "product_supplies", "industry_memberships", "supply_ties",
    }
)  # fmt: skip
UNKNOWN_KINDS = tuple(name for name in Atlas.model_fields if name not in KNOWN_KINDS)
#: Nodes whose records merge on a rewrite: held in memory, written when the files close.
HELD = (NodeLabel.SEGMENT, NodeLabel.PROJECT, NodeLabel.PROFILE)


class ImportWriter:
    """Writes atlases as the importer's CSV files; ``write(atlas)`` is ``Neo4jStore.write(atlas)``
    on the graph the files will hold. ``close()`` finishes the files."""

    def __init__(
        self,
        folder: Path,
        progress: Callable[[str], None] | None = None,
        note: WriteNote | None = None,
    ) -> None:
        self.note = note or WriteNote()
        # the files each node came from (``graph.revision``), for nodes that came from one
        self.origins: dict[tuple[NodeLabel, str], list[str]] = {}
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.progress = progress
        self.nodes: dict[NodeLabel, CsvTable] = {}
        self.edges: dict[EdgeKind, CsvTable] = {}
        self.layouts: dict[object, Layout] = {}
        self.written = 0
        self.held: dict[NodeLabel, dict[str, Any]] = {label: {} for label in HELD}
        # owned relationships by owner key: a rewrite of the owner replaces them
        self.owned: dict[EdgeKind, dict[str, list[Edge]]] = {kind: {} for kind in OWNED}
        self.closed: ImportFiles | None = None

    # -- what is written so far (``graph.plan.Holdings``) ------------------------------------
    def existing(self, label: NodeLabel, keys: list[str]) -> set[str]:
        if label in self.held:
            return {k for k in keys if k in self.held[label]}
        table = self.nodes.get(label)
        return {k for k in keys if k in table} if table is not None else set()

    def records(self, label: NodeLabel, keys: list[str]) -> list[Any]:
        held = self.held.get(label, {})
        return [held[k] for k in keys if k in held]

    # -- tables ----------------------------------------------------------------------------------
    def _node_table(self, label: NodeLabel) -> CsvTable:
        table = self.nodes.get(label)
        if table is None:
            key = NODE_KEYS[label]
            extra = (NAMES_PROPERTY,) if label is NodeLabel.ENTERPRISE else ()
            layout = Layout.of(
                NODE_RECORDS[label], skip=key, extra=extra, extra_lists=(ORIGINS_PROPERTY,)
            )
            self.layouts[label] = layout
            header = ",".join((f"{key}:ID({label.value})", *layout.header))
            table = self.nodes[label] = CsvTable(self.folder / f"{label.value}.csv", header)
        return table

    def _edge_table(self, kind: EdgeKind) -> CsvTable:
        table = self.edges.get(kind)
        if table is None:
            rel, src, dst = kind
            layout = Layout.of(EDGE_RECORDS.get(kind))
            self.layouts[kind] = layout
            ends = (f":START_ID({src.value})", f":END_ID({dst.value})")
            path = self.folder / f"{rel.value}-{src.value}-{dst.value}.csv"
            table = self.edges[kind] = CsvTable(path, ",".join((*ends, *layout.header)))
        return table

    def _tick(self) -> None:
        self.written += 1
        if self.progress and self.written % PROGRESS_EVERY == 0:
            self.progress(f"writing the import files: {self.written:,} rows")

    def _put(self, label: NodeLabel, rec: Any) -> None:
        table = self._node_table(label)
        key = node_key(label, rec)
        props = node_props(label, rec)
        origins = self.origins.get((label, key))
        if origins:
            props[ORIGINS_PROPERTY] = origins
        table.put(key, self.layouts[label].row([key], props))
        self._tick()

    def _edge(self, kind: EdgeKind, e: Edge) -> None:
        """``MERGE (a)-[:rel]->(b)`` (both exist: the plan says so), ``SET`` to the record."""
        table = self._edge_table(kind)
        key: Hashable = (e.a, e.b, e.variant)
        if e.rec is None and key in table:
            return  # nothing to set on an existing relationship
        props = to_props(e.rec) if e.rec is not None else {}
        table.put(key, self.layouts[kind].row([e.a, e.b], props))
        self._tick()

    # -- one batch, as Neo4jStore.write ----------------------------------------------------------
    def write(self, atlas: Atlas) -> None:
        if self.closed is not None:
            raise RuntimeError("the import files are closed")
        unknown = [name for name in UNKNOWN_KINDS if getattr(atlas, name)]
        if unknown:
            raise ImportInputError(
                f"the bulk import does not know how to write {', '.join(unknown)}; "
                "load these records with `chainatlas load`"
            )
        check_identity(
            atlas,
            {label: {k: (r, ()) for k, r in recs.items()} for label, recs in self.held.items()},
            self.note,
        )
        plan = plan_write(atlas, self)
        for label, recs in plan.puts.items():
            for rec in recs:
                new = self.note.origins(label, node_key(label, rec))
                if new:
                    known = self.origins.get((label, node_key(label, rec)), [])
                    self.origins[(label, node_key(label, rec))] = sorted({*known, *new})
        for kind, keys in plan.drops.items():
            for key in keys:
                self.owned[kind].pop(key, None)
        for nodes in (plan.puts, plan.ensures):
            for label, recs in nodes.items():
                for rec in recs:
                    if label in self.held:
                        self.held[label][node_key(label, rec)] = rec
                    else:
                        self._put(label, rec)
        for kind, edges in plan.edges.items():
            if kind not in self.owned:
                for e in edges:
                    self._edge(kind, e)
                continue
            by_owner = self.owned[kind]
            for e in edges:
                by_owner.setdefault(e.a if OWNED[kind] == "src" else e.b, []).append(e)

    # -- finishing -------------------------------------------------------------------------------
    def close(self) -> ImportFiles:
        """Write what waited for the last batch, cut replaced rows, close the files."""
        if self.closed is not None:
            return self.closed
        for label, recs in self.held.items():
            for rec in recs.values():
                self._put(label, rec)
        for kind, by_owner in self.owned.items():
            for edges in by_owner.values():
                for e in edges:
                    self._edge(kind, e)
        return self._finish()

    def _finish(self) -> ImportFiles:
        out = ImportFiles(self.folder)
        out.counts = {label.value: 0 for label in NodeLabel} | {rel.value: 0 for rel in RelType}
        for label, table in self.nodes.items():
            table.close()
            out.nodes.append((label, table.path))
            out.counts[label.value] += table.rows
        for (rel, _, _), table in self.edges.items():
            table.close()
            out.relationships.append((rel, table.path))
            out.counts[rel.value] += table.rows
        self.closed = out
        return out

    def abort(self) -> None:
        """Close the files and remove the folder (after a failure)."""
        for table in (*self.nodes.values(), *self.edges.values()):
            table.fh.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def write_import_files(
    atlases: Iterable[Atlas],
    folder: Path,
    *,
    progress: Callable[[str], None] | None = None,
    note: WriteNote | None = None,
) -> ImportFiles:
    """The importer's CSV files for these batches, as if each were ``Neo4jStore.write(atlas,
    note)`` in turn (identities checked, the files each node came from kept)."""
    writer = ImportWriter(folder, progress, note)
    try:
        for atlas in atlases:
            writer.write(atlas)
        return writer.close()
    except BaseException:
        writer.abort()
        raise
