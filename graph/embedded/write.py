"""Writing a batch into the embedded store: the write plan (``graph.plan``), executed on the graph.

Nodes are keyed ``(label, key)`` and hold their record under ``"rec"``; a relationship is keyed
by its type, plus its variant (``FEEDS:<chain>``, ``LOCATED_IN:<kind>``) where one pair of nodes
can have several. Products, product links and main-product edges go to the column tables
(``PublicTables``) instead of the graph.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..model import NodeLabel, ProductSupply, RelType
from ..plan import DROPPABLE, NODE_KEYS, EdgeKind, WritePlan
from ..revision import Patch
from .public import PublicTables

__all__ = ["GraphHoldings", "apply_plan", "apply_patch", "edge_key"]

_PRODUCT = NodeLabel.PRODUCT
Triple = tuple[str, str, str]


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

    # -- ``graph.prepare.Prior`` --------------------------------------------------------------
    def nodes(self, label: NodeLabel, keys: list[str]) -> dict[str, tuple[Any, tuple[str, ...]]]:
        if label is _PRODUCT:
            return {p.name: (p, ()) for p in self.public.products(keys)}
        nodes = self.graph.nodes
        out = {}
        for k in keys:
            data = nodes.get((label.value, k))
            if data:
                out[k] = (data["rec"], tuple(data.get("origins", ())))
        return out

    def all_keys(self, label: NodeLabel) -> list[str]:
        if label is _PRODUCT:
            return list(self.public.p_name)
        return [k for lab, k in self.graph.nodes if lab == label.value]

    def keys_from(self, label: NodeLabel, origin: str) -> list[str]:
        name = label.value
        return [
            k
            for (lab, k), d in self.graph.nodes(data=True)
            if lab == name and origin in d.get("origins", ())
        ]

    def edges_at(self, kind: EdgeKind, ends: list[Triple]) -> dict[Triple, Any]:
        out: dict[Triple, Any] = {}
        if kind.dst is _PRODUCT:
            for a, b, v in ends:
                rec: Any = (
                    self.public.supply_at(a, b)
                    if kind.src is not _PRODUCT
                    else self.public.link_at(a, kind.rel, b)
                )
                if rec is not None:
                    out[(a, b, v)] = rec
            return out
        src, dst = kind.src.value, kind.dst.value
        for a, b, v in ends:
            data = self.graph.get_edge_data((src, a), (dst, b), key=edge_key(kind, v))
            if data is not None:
                out[(a, b, v)] = data.get("rec")
        return out

    def edges_of(self, kind: EdgeKind, keys: list[str], end: str) -> list[tuple[Triple, Any]]:
        if kind.dst is _PRODUCT:
            return _public_edges(self.public, kind, keys, end)
        own, other = (kind.src, kind.dst) if end == "src" else (kind.dst, kind.src)
        rel, found = kind.rel.value, []
        for key in keys:
            node = (own.value, key)
            if node not in self.graph:
                continue
            view = self.graph.out_edges if end == "src" else self.graph.in_edges
            for u, v, k, d in view(node, keys=True, data=True):
                far = v if end == "src" else u
                if k.split(":", 1)[0] != rel or far[0] != other.value:
                    continue
                variant = k.split(":", 1)[1] if ":" in k else ""
                found.append(((u[1], v[1], variant), d.get("rec")))
        return found


def _public_edges(
    public: PublicTables, kind: EdgeKind, keys: list[str], end: str
) -> list[tuple[Triple, Any]]:
    """Product links and main-product edges at these nodes (``GraphHoldings.edges_of``)."""
    if kind.src is not _PRODUCT:
        sups = public.of_enterprises(keys) if end == "src" else public.suppliers(keys)
        return [((s.enterprise_id, s.product_name, ""), s) for s in sups]
    wanted = set(keys)
    return [
        ((lk.from_name, lk.to_name, ""), lk)
        for lk in public.links(keys)
        if lk.rel == kind.rel and (lk.from_name if end == "src" else lk.to_name) in wanted
    ]


def apply_plan(graph: nx.MultiDiGraph, public: PublicTables, plan: WritePlan) -> None:
    """Deletes, drops, nodes, placeholders, relationships, then origins (the plan's order)."""
    _delete(graph, public, plan.deletes)
    for kind, keys in plan.drops.items():
        _drop(graph, kind, keys)
    for kind, gone in plan.unlinks.items():
        for e in gone:
            u, v, k = (kind.src.value, e.a), (kind.dst.value, e.b), edge_key(kind, e.variant)
            if graph.has_edge(u, v, key=k):
                graph.remove_edge(u, v, key=k)
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
    for label, table in plan.origins.items():
        if label is not _PRODUCT:
            nodes = graph.nodes
            for key, origins in table.items():
                nodes[(label.value, key)]["origins"] = tuple(origins)


def _delete(
    graph: nx.MultiDiGraph, public: PublicTables, deletes: dict[NodeLabel, list[str]]
) -> None:
    """Remove these nodes with every relationship (a firm's main products too)."""
    for label, keys in deletes.items():
        if label is NodeLabel.ENTERPRISE:
            gone: dict[tuple[str, str], ProductSupply | None] = {
                (s.enterprise_id, s.product_name): None for s in public.of_enterprises(keys)
            }
            public.restore({}, {}, gone)
        graph.remove_nodes_from([(label.value, k) for k in keys])


def apply_patch(graph: nx.MultiDiGraph, public: PublicTables, patch: Patch) -> None:
    """Put back the state a patch recorded (``graph.revision``): relationships that were
    absent are removed, nodes that were absent are removed, then the nodes and relationships
    that were present are set to their records exactly."""
    products: dict[str, Any] = {}
    links: dict[tuple[str, RelType, str], Any] = {}
    supplies: dict[tuple[str, str], Any] = {}
    for st in patch.edges:
        if st.kind.dst is _PRODUCT:
            rec = st.rec if st.present else None
            if st.kind.src is _PRODUCT:
                links[(st.a, st.kind.rel, st.b)] = rec
            else:
                supplies[(st.a, st.b)] = rec
        elif not st.present:
            u, v = (st.kind.src.value, st.a), (st.kind.dst.value, st.b)
            k = edge_key(st.kind, st.variant)
            if graph.has_edge(u, v, key=k):
                graph.remove_edge(u, v, key=k)
    for ns in patch.nodes:
        if ns.label is _PRODUCT:
            products[ns.key] = ns.rec
        elif ns.rec is None:
            node = (ns.label.value, ns.key)
            if node in graph:
                graph.remove_node(node)
    for ns in patch.nodes:
        if ns.label is not _PRODUCT and ns.rec is not None:
            node = (ns.label.value, ns.key)
            data = {"rec": ns.rec, **({"origins": ns.origins} if ns.origins else {})}
            if node in graph:
                graph.nodes[node].clear()
                graph.nodes[node].update(data)
            else:
                graph.add_node(node, **data)
    for st in patch.edges:
        if st.present and st.kind.dst is not _PRODUCT:
            u, v = (st.kind.src.value, st.a), (st.kind.dst.value, st.b)
            k = edge_key(st.kind, st.variant)
            data = {"rec": st.rec} if st.rec is not None else {}
            if graph.has_edge(u, v, key=k):
                graph.edges[u, v, k].clear()
                graph.edges[u, v, k].update(data)
            else:
                graph.add_edge(u, v, key=k, **data)
    public.restore(products, links, supplies)


def _drop(graph: nx.MultiDiGraph, kind: EdgeKind, keys: list[str]) -> None:
    """Remove the ``kind`` relationships of these owners (``OWNED``)."""
    owner_is_src = DROPPABLE[kind] == "src"
    owner, other = (kind.src, kind.dst) if owner_is_src else (kind.dst, kind.src)
    rel = kind.rel.value
    for key in keys:
        node = (owner.value, key)
        if node not in graph:
            continue
        if owner_is_src:
            out = graph.out_edges(node, keys=True)
            gone = [(node, v, k) for _, v, k in out if _rel(k) == rel and v[0] == other.value]
        else:
            into = graph.in_edges(node, keys=True)
            gone = [(u, node, k) for u, _, k in into if _rel(k) == rel and u[0] == other.value]
        graph.remove_edges_from(gone)


def _rel(key: str) -> str:
    """The relationship type of a networkx edge key (``LOCATED_IN:hq`` → ``LOCATED_IN``)."""
    return key.split(":", 1)[0]
