"""The row-at-a-time baseline: one ``MERGE`` per record, one transaction per record.

This is how public chain-graph projects load Neo4j today (a driver loop calling
``session.run("MERGE …")`` for each CSV row). It is given the same uniqueness constraints as
the project's loader (without them every ``MERGE`` scans a label and the comparison would be
unfair to it), writes the same properties (``to_props``), and can stop after a time budget:
its rows/s is what the benchmark compares, measured on the first rows of the same data.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
from chainatlas.graph.model import Atlas, Industry, NodeLabel, RelType
from chainatlas.graph.neo4j.cypher import NODE_KEYS
from chainatlas.graph.neo4j.store import to_props

__all__ = ["RowwiseResult", "load_rowwise", "iter_rows"]

L, R = NodeLabel, RelType


def _node(label: NodeLabel) -> str:
    return f"MERGE (n:{label.value} {{{NODE_KEYS[label]}: $key}}) SET n = $props"


def _edge(src: NodeLabel, rel: RelType, dst: NodeLabel, merge_on: str = "") -> str:
    key = f" {{{merge_on}: $props.{merge_on}}}" if merge_on else ""
    return (
        f"MATCH (a:{src.value} {{{NODE_KEYS[src]}: $a}}) "
        f"MATCH (b:{dst.value} {{{NODE_KEYS[dst]}: $b}}) "
        f"MERGE (a)-[r:{rel.value}{key}]->(b) SET r = $props"
    )


NODE = {label: _node(label) for label in NodeLabel}
SEGMENT_IN_CHAIN = _edge(L.SEGMENT, R.PART_OF, L.CHAIN)
SEGMENT_PARENT = _edge(L.SEGMENT, R.PART_OF, L.SEGMENT)
SEGMENT_CLASSIFIED_AS = _edge(L.SEGMENT, R.CLASSIFIED_AS, L.INDUSTRY)
FEEDS = _edge(L.SEGMENT, R.FEEDS, L.SEGMENT, merge_on="chain_id")
CAN_SUPPLY = _edge(L.ENTERPRISE, R.CAN_SUPPLY, L.SEGMENT)
LOCATED_IN = _edge(L.ENTERPRISE, R.LOCATED_IN, L.REGION, merge_on="kind")
WEAK_LINK_AT = _edge(L.WEAK_LINK, R.AT, L.SEGMENT)
SUPPLIES = _edge(L.ENTERPRISE, R.SUPPLIES, L.ENTERPRISE)


@dataclass
class RowwiseResult:
    rows: int
    seconds: float
    complete: bool

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def iter_rows(atlas: Atlas) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(statement, parameters)`` per record, in dependency order (nodes before their edges).

    A record that is both a node and edges (a segment: its chain and parent) counts as one row
    per statement, as a CSV-driven loader would issue them.
    """
    for r in atlas.regions:
        yield NODE[L.REGION], {"key": r.code, "props": to_props(r)}
    for c in atlas.chains:
        yield NODE[L.CHAIN], {"key": c.id, "props": to_props(c)}
    for s in atlas.segments:
        yield NODE[L.SEGMENT], {"key": s.id, "props": to_props(s)}
    codes: set[str] = set()
    for s in atlas.segments:
        for cid in s.chain_ids:
            yield SEGMENT_IN_CHAIN, {"a": s.id, "b": cid, "props": {}}
        if s.parent:
            yield SEGMENT_PARENT, {"a": s.id, "b": s.parent, "props": {}}
        for code in s.gbt_codes:
            if code not in codes:
                codes.add(code)
                ind = Industry(code=code, scheme="gbt4754")
                yield NODE[L.INDUSTRY], {"key": code, "props": to_props(ind)}
            yield SEGMENT_CLASSIFIED_AS, {"a": s.id, "b": code, "props": {}}
    for lk in atlas.links:
        yield FEEDS, {"a": lk.from_id, "b": lk.to_id, "props": to_props(lk)}
    for w in atlas.weak_links:
        yield NODE[L.WEAK_LINK], {"key": w.id, "props": to_props(w)}
        yield WEAK_LINK_AT, {"a": w.id, "b": w.segment_id, "props": {}}
    for e in atlas.enterprises:
        yield NODE[L.ENTERPRISE], {"key": e.id, "props": to_props(e)}
    for cap in atlas.capabilities:
        yield CAN_SUPPLY, {"a": cap.enterprise_id, "b": cap.segment_id, "props": to_props(cap)}
    for p in atlas.presences:
        yield LOCATED_IN, {"a": p.enterprise_id, "b": p.region_code, "props": to_props(p)}
    for t in atlas.supply_ties:
        yield SUPPLIES, {"a": t.from_id, "b": t.to_id, "props": to_props(t)}


def _run_one(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()


def load_rowwise(
    driver: neo4j.Driver,
    batches: Iterable[Atlas],
    *,
    database: str | None = None,
    budget_s: float | None = None,
) -> RowwiseResult:
    """Write every row in its own transaction; stop once ``budget_s`` seconds have passed."""
    rows = 0
    t0 = time.perf_counter()
    with driver.session(database=database) as session:
        for atlas in batches:
            for query, params in iter_rows(atlas):
                session.execute_write(_run_one, query, params)
                rows += 1
                if budget_s is not None and time.perf_counter() - t0 > budget_s:
                    return RowwiseResult(rows, time.perf_counter() - t0, complete=False)
    return RowwiseResult(rows, time.perf_counter() - t0, complete=True)
