"""Writing a batch into the embedded store: the write plan (``graph.plan``), executed on the graph.

Nodes are keyed ``(label, key)`` and hold their record under ``"rec"``; a relationship is keyed
by its type, plus its variant (``FEEDS:<chain>``, ``LOCATED_IN:<kind>``) where one pair of nodes
can have several. Products, product links and main-product edges go to the column tables
(``PublicTables``) instead of the graph.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..model import NodeLabel
from ..plan import NODE_KEYS, OWNED, EdgeKind, WritePlan
from .public import PublicTables

__all__ = ["GraphHoldings", "apply_plan", "edge_key"]

_PRODUCT = NodeLabel.PRODUCT


def edge_key(kind: EdgeKind, variant: str = "") -> str:
    """The networkx key of a relationship: its type, ``:variant`` where it has one."""
    return f"{kind.rel.value}:{variant}" if variant else kind.rel.value


class GraphHoldings:
    """What the graph and the column tables hold (``graph.plan.Holdings``)."""

    def __init__(self, graph: nx.MultiDiGraph, public: PublicTables) -> None:
        self.graph = graph
        self.public = public

    def existing(self, label: NodeLabel, keys: list[str]) -> set[str]:
        if label is _PRODUCT:
            return set(self.public.known(keys))
        return {k for k in keys if (label.value, k) in self.graph}

    def records(self, label: NodeLabel, keys: list[str]) -> list[Any]:
        nodes = self.graph.nodes
        found = (nodes.get((label.value, k)) for k in keys)
        return [data["rec"] for data in found if data]


def apply_plan(graph: nx.MultiDiGraph, public: PublicTables, plan: WritePlan) -> None:
    """Drops, nodes, placeholders, then relationships (the plan's order)."""
    for kind, keys in plan.drops.items():
        _drop(graph, kind, keys)
    for label, recs in plan.puts.items():
        if label is not _PRODUCT:
            name, attr = label.value, NODE_KEYS[label]
            for rec in recs:
                graph.add_node((name, getattr(rec, attr)), rec=rec)
    for label, recs in plan.ensures.items():
        if label is not _PRODUCT:
            name, attr = label.value, NODE_KEYS[label]
            for rec in recs:
                node = (name, getattr(rec, attr))
                if node not in graph:
                    graph.add_node(node, rec=rec)
    links: list[Any] = []
    supplies: list[Any] = []
    for kind, edges in plan.edges.items():
        if kind.dst is _PRODUCT:  # product links and main products: the column tables
            (links if kind.src is _PRODUCT else supplies).extend(e.rec for e in edges)
            continue
        src, dst = kind.src.value, kind.dst.value
        for e in edges:
            key = edge_key(kind, e.variant)
            if e.rec is None:
                graph.add_edge((src, e.a), (dst, e.b), key=key)
            else:
                graph.add_edge((src, e.a), (dst, e.b), key=key, rec=e.rec)
    products = [*plan.puts.get(_PRODUCT, ()), *plan.ensures.get(_PRODUCT, ())]
    public.merge(products, links, supplies)


def _drop(graph: nx.MultiDiGraph, kind: EdgeKind, keys: list[str]) -> None:
    """Remove the ``kind`` relationships of these owners (``OWNED``)."""
    owner_is_src = OWNED[kind] == "src"
    owner, other = (kind.src, kind.dst) if owner_is_src else (kind.dst, kind.src)
    rel = kind.rel.value
    for key in keys:
        node = (owner.value, key)
        if node not in graph:
            continue
        if owner_is_src:
            out = graph.out_edges(node, keys=True)
            gone = [(node, v, k) for _, v, k in out if k == rel and v[0] == other.value]
        else:
            into = graph.in_edges(node, keys=True)
            gone = [(u, node, k) for u, _, k in into if k == rel and u[0] == other.value]
        graph.remove_edges_from(gone)
