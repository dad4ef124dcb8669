"""The Neo4j store's history: one ``ChainAtlasHistory`` node per write, created in the write's
own transaction, holding the ``HistoryEntry`` as JSON and the patch that undoes the write as
compressed JSON bytes (records as the properties ``props.to_props`` writes, floats exact).
Everything travels as parameters."""

from __future__ import annotations

import json
import zlib
from typing import Any

from neo4j import ManagedTransaction

from ..model import NodeLabel
from ..plan import EDGE_KINDS, EDGE_RECORDS, NODE_RECORDS
from ..revision import EdgeState, HistoryEntry, NodeState, Patch, mark_undone
from . import cypher as Q
from .props import from_props, to_props

__all__ = ["dump_patch", "load_patch", "record", "entries", "patch_of"]


def dump_patch(patch: Patch) -> bytes:
    """A patch as compressed JSON (NaN and infinities kept)."""
    data = {
        "nodes": [
            [ns.label.value, ns.key, None if ns.rec is None else to_props(ns.rec), list(ns.origins)]
            for ns in patch.nodes
        ],
        "edges": [
            [
                EDGE_KINDS.index(st.kind),
                st.a,
                st.b,
                st.variant,
                st.present,
                None if st.rec is None else to_props(st.rec),
            ]
            for st in patch.edges
        ],
        "settings": patch.settings,
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False, allow_nan=True).encode(), 6)


def load_patch(blob: bytes) -> Patch:
    """The patch ``dump_patch`` wrote."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    nodes = []
    for label_name, key, props, origins in data["nodes"]:
        label = NodeLabel(label_name)
        rec = None if props is None else from_props(NODE_RECORDS[label], props)
        nodes.append(NodeState(label, key, rec, tuple(origins)))
    edges = []
    for index, a, b, variant, present, props in data["edges"]:
        kind = EDGE_KINDS[index]
        cls = EDGE_RECORDS.get(kind)
        rec = None if props is None or cls is None else from_props(cls, props)
        edges.append(EdgeState(kind, a, b, variant, present, rec))
    return Patch(nodes=nodes, edges=edges, settings=data.get("settings"))


def next_seq(tx: ManagedTransaction) -> int:
    """The number of the write being made (the counter also serialises concurrent writers)."""
    row = tx.run(Q.NEXT_SEQ).single()
    assert row is not None  # MERGE … RETURN always gives a row
    return int(row["seq"])


def record(tx: ManagedTransaction, entry: HistoryEntry, patch: Patch | None) -> None:
    """Add the history node of ``entry`` in the write's transaction."""
    blob = dump_patch(patch) if patch is not None else None
    tx.run(Q.ADD_HISTORY, seq=entry.seq, entry=entry.model_dump_json(), patch=blob).consume()


def entries(rows: list[Any]) -> list[HistoryEntry]:
    """History entries from ``READ_HISTORY`` rows, oldest first, ``undone_by`` filled in."""
    return mark_undone([HistoryEntry.model_validate_json(r["entry"]) for r in rows])


def patch_of(tx: ManagedTransaction, seq: int) -> Patch | None:
    """The patch of entry ``seq`` (None when it kept none)."""
    row = tx.run(Q.READ_PATCH, seq=seq).single()
    blob = row["patch"] if row is not None else None
    return load_patch(bytes(blob)) if blob is not None else None
