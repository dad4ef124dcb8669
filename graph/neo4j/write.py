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
from ..plan import NODE_RECORDS, WritePlan, node_key
from . import cypher as Q
from .props import from_props, node_props, to_props

__all__ = ["TxHoldings", "execute_plan", "BATCH_SIZE"]

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


def _run(
    tx: ManagedTransaction, query: str, rows: Sequence[Any], name: str, batch_size: int
) -> None:
    for start in range(0, len(rows), batch_size):
        tx.run(query, {name: list(rows[start : start + batch_size])}).consume()


def execute_plan(tx: ManagedTransaction, plan: WritePlan, batch_size: int = BATCH_SIZE) -> None:
    """Drops, nodes, placeholders, then relationships (the plan's order)."""
    for kind, keys in plan.drops.items():
        _run(tx, Q.DROP_EDGES[kind], keys, "keys", batch_size)
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
