"""Writing a batch into Neo4j: the write plan (``graph.plan``), executed in one transaction.

Every step is a batched ``UNWIND $rows`` (or ``$keys``) statement from ``cypher.py``; records
travel only as parameters. Nodes are put with ``MERGE … SET n = props``, placeholders with
``MERGE … ON CREATE SET`` (a node that appeared meanwhile is left as it is), relationships with
``MATCH``/``MATCH``/``MERGE`` between existing nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import ManagedTransaction

from ..model import NodeLabel
from ..plan import EDGE_RECORDS, NODE_RECORDS, VARIANT, EdgeKind, WritePlan, node_key
from ..revision import Patch
from . import cypher as Q
from .props import from_props, node_props, to_props

__all__ = ["TxHoldings", "execute_plan", "execute_patch", "BATCH_SIZE"]

Triple = tuple[str, str, str]

#: Rows per ``UNWIND`` statement when writing.
BATCH_SIZE = 5000


class TxHoldings:
    """What the database holds, read in the writing transaction (``graph.plan.Holdings``)."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self.tx = tx

    def existing(self, label: NodeLabel, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        return {row["key"] for row in self.tx.run(Q.EXISTING_KEYS[label], keys=keys)}

    def records(self, label: NodeLabel, keys: list[str]) -> list[Any]:
        if not keys:
            return []
        cls = NODE_RECORDS[label]
        return [from_props(cls, row["p"]) for row in self.tx.run(Q.NODES_BY_KEY[label], keys=keys)]

    # -- ``graph.prepare.Prior`` --------------------------------------------------------------
    def nodes(self, label: NodeLabel, keys: list[str]) -> dict[str, tuple[Any, tuple[str, ...]]]:
        if not keys:
            return {}
        cls, out = NODE_RECORDS[label], {}
        for row in self.tx.run(Q.NODES_BY_KEY[label], keys=keys):
            rec = from_props(cls, row["p"])
            out[node_key(label, rec)] = (rec, tuple(row["p"].get(Q.ORIGINS_PROPERTY) or ()))
        return out

    def all_keys(self, label: NodeLabel) -> list[str]:
        return [row["key"] for row in self.tx.run(Q.ALL_KEYS[label])]

    def keys_from(self, label: NodeLabel, origin: str) -> list[str]:
        return [row["key"] for row in self.tx.run(Q.KEYS_FROM[label], origin=origin)]

    def edges_at(self, kind: EdgeKind, ends: list[Triple]) -> dict[Triple, Any]:
        if not ends:
            return {}
        rows = [{"a": a, "b": b, "v": v} for a, b, v in ends]
        out: dict[Triple, Any] = {}
        for start in range(0, len(rows), BATCH_SIZE):
            for row in self.tx.run(Q.EDGES_AT[kind], rows=rows[start : start + BATCH_SIZE]):
                out[(row["a"], row["b"], row["v"])] = _edge_record(kind, row["p"])
        return out

    def edges_of(self, kind: EdgeKind, keys: list[str], end: str) -> list[tuple[Triple, Any]]:
        if not keys:
            return []
        variant = VARIANT.get(kind)
        return [
            (
                (row["a"], row["b"], str(row["p"].get(variant, "")) if variant else ""),
                _edge_record(kind, row["p"]),
            )
            for row in self.tx.run(Q.EDGES_OF[(kind, end)], keys=keys)
        ]


def _edge_record(kind: EdgeKind, props: dict[str, Any]) -> Any:
    cls = EDGE_RECORDS.get(kind)
    return from_props(cls, props) if cls is not None else None


def _run(
    tx: ManagedTransaction, query: str, rows: Sequence[Any], name: str, batch_size: int
) -> None:
    for start in range(0, len(rows), batch_size):
        tx.run(query, {name: list(rows[start : start + batch_size])}).consume()


def execute_plan(tx: ManagedTransaction, plan: WritePlan, batch_size: int = BATCH_SIZE) -> None:
    """Deletes, drops, nodes, placeholders, relationships, then origins (the plan's order)."""
    for label, keys in plan.deletes.items():
        _run(tx, Q.DELETE_NODES[label], keys, "keys", batch_size)
    for kind, keys in plan.drops.items():
        _run(tx, Q.DROP_EDGES[kind], keys, "keys", batch_size)
    for kind, gone in plan.unlinks.items():
        pairs = [{"a": e.a, "b": e.b, "v": e.variant} for e in gone]
        _run(tx, Q.DELETE_EDGE[kind], pairs, "rows", batch_size)
    for label, recs in plan.puts.items():
        rows = [{"key": node_key(label, r), "props": node_props(label, r)} for r in recs]
        _run(tx, Q.PUT_NODE[label], rows, "rows", batch_size)
    for label, recs in plan.ensures.items():
        rows = [{"key": node_key(label, r), "props": node_props(label, r)} for r in recs]
        _run(tx, Q.ENSURE_NODE[label], rows, "rows", batch_size)
    for kind, edges in plan.edges.items():
        rows = [
            {"a": e.a, "b": e.b, "props": to_props(e.rec)}
            if e.rec is not None
            else {"a": e.a, "b": e.b}
            for e in edges
        ]
        _run(tx, Q.ADD_EDGE[kind], rows, "rows", batch_size)
    for label, table in plan.origins.items():
        rows = [{"key": k, "origins": list(o)} for k, o in table.items()]
        _run(tx, Q.SET_ORIGINS[label], rows, "rows", batch_size)


def execute_patch(tx: ManagedTransaction, patch: Patch, batch_size: int = BATCH_SIZE) -> None:
    """Put back the state a patch recorded (``graph.revision``): relationships and nodes that
    were absent are deleted, then the nodes and relationships that were present are set to
    their records exactly (settings are the caller's)."""
    gone: dict[EdgeKind, list[dict[str, str]]] = {}
    back: dict[EdgeKind, list[dict[str, Any]]] = {}
    for st in patch.edges:
        if not st.present:
            gone.setdefault(st.kind, []).append({"a": st.a, "b": st.b, "v": st.variant})
        elif st.rec is not None:
            back.setdefault(st.kind, []).append({"a": st.a, "b": st.b, "props": to_props(st.rec)})
        else:
            back.setdefault(st.kind, []).append({"a": st.a, "b": st.b})
    for kind, rows in gone.items():
        _run(tx, Q.DELETE_EDGE[kind], rows, "rows", batch_size)
    absent: dict[NodeLabel, list[str]] = {}
    present: dict[NodeLabel, list[dict[str, Any]]] = {}
    for ns in patch.nodes:
        if ns.rec is None:
            absent.setdefault(ns.label, []).append(ns.key)
        else:
            props = node_props(ns.label, ns.rec)
            if ns.origins:
                props[Q.ORIGINS_PROPERTY] = list(ns.origins)
            present.setdefault(ns.label, []).append({"key": ns.key, "props": props})
    for label, keys in absent.items():
        _run(tx, Q.DELETE_NODES[label], keys, "keys", batch_size)
    for label, rows in present.items():
        _run(tx, Q.PUT_NODE[label], rows, "rows", batch_size)
    for kind, rows in back.items():
        _run(tx, Q.ADD_EDGE[kind], rows, "rows", batch_size)
