"""The neighbourhood of a firm, a product or a segment, ``depth`` steps out.

Steps follow what the store knows: a firm's segments (CAN_SUPPLY) and main products, a
product's materials, subtypes and makers, a segment's suppliers and the segments it feeds or
is fed by. Each ring is fetched in one batch per kind; past ``max_nodes`` the view is cut (in
a stable order) and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from chainatlas.explorer.layout import ring_positions
from chainatlas.explorer.view import (
    EdgeKind,
    ExplorerView,
    FilterGroup,
    NodeKind,
    ViewEdge,
    ViewNode,
)
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import RelType
from chainatlas.graph.store import Store

__all__ = ["build_around_view", "resolve_centre", "UnknownName", "KIND_LABELS", "DEFAULT_MAX_NODES"]

KIND_LABELS = {"enterprise": "企业 firm", "product": "产品 product", "segment": "环节 segment"}
PREFIX = {"enterprise": "ent", "product": "prod", "segment": "seg"}
DEFAULT_MAX_NODES = 4000


class UnknownName(ChainAtlasError):
    """No firm, product or segment has the name given to ``--around``."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; similar: {', '.join(suggestions[:8])}" if suggestions else ""
        super().__init__(f"no firm, product or segment is named {name!r}{hint}")
        self.name = name


Ref = tuple[str, str]  # (kind, key)


def _nid(ref: Ref) -> str:
    return f"{PREFIX[ref[0]]}:{ref[1]}"


def resolve_centre(store: Store, name: str) -> Ref:
    """What ``name`` refers to: an exact firm name or alias, a product, then a segment name."""
    text = name.strip()
    firms = store.find_enterprises(text, limit=50)
    exact = [e for e in firms if text == e.id or text in e.names()]
    if exact:
        return ("enterprise", exact[0].id)
    if store.products([text]):
        return ("product", text)
    for seg in store.segments():
        if text == seg.id or text in seg.names():
            return ("segment", seg.id)
    if len(firms) == 1:
        return ("enterprise", firms[0].id)
    suggestions = [e.name for e in firms] + store.search_products([text], limit=10)
    raise UnknownName(name, suggestions)


@dataclass
class _Graph:
    max_nodes: int
    depth_of: dict[Ref, int] = field(default_factory=dict)
    parent: dict[Ref, Ref] = field(default_factory=dict)
    edges: dict[str, ViewEdge] = field(default_factory=dict)
    dropped: int = 0

    def reach(self, src: Ref, dst: Ref, depth: int) -> bool:
        if dst in self.depth_of:
            return True
        if len(self.depth_of) >= self.max_nodes:
            self.dropped += 1
            return False
        self.depth_of[dst] = depth
        self.parent[dst] = src
        return True

    def link(self, a: Ref, b: Ref, kind: EdgeKind, label: str = "") -> None:
        eid = f"{kind}:{_nid(a)}>{_nid(b)}"
        self.edges.setdefault(
            eid, ViewEdge(id=eid, source=_nid(a), target=_nid(b), kind=kind, label=label)
        )


def _expand(store: Store, g: _Graph, frontier: list[Ref], depth: int) -> None:
    by_kind: dict[str, list[str]] = {"enterprise": [], "product": [], "segment": []}
    for ref_kind, key in frontier:
        by_kind[ref_kind].append(key)

    def visit(here: Ref, there: Ref, a: Ref, b: Ref, kind: EdgeKind, label: str = "") -> None:
        if g.reach(here, there, depth):
            g.link(a, b, kind, label)

    firms, products, segs = by_kind["enterprise"], by_kind["product"], by_kind["segment"]
    for cap in store.capabilities_of(firms) if firms else []:
        e, s = ("enterprise", cap.enterprise_id), ("segment", cap.segment_id)
        visit(e, s, e, s, "can_supply", f"{cap.strength:g}")
    for ps in store.enterprise_products(firms) if firms else []:
        e, p = ("enterprise", ps.enterprise_id), ("product", ps.product_name)
        visit(e, p, e, p, "makes")
    wanted = set(products)
    for pl in store.product_links(products) if products else []:
        a, b = ("product", pl.from_name), ("product", pl.to_name)
        rel: EdgeKind = "made_from" if pl.rel == RelType.MADE_FROM else "subtype_of"
        if pl.from_name in wanted:
            visit(a, b, a, b, rel)
        if pl.to_name in wanted:
            visit(b, a, a, b, rel)
    for ps in store.product_suppliers(products) if products else []:
        e, p = ("enterprise", ps.enterprise_id), ("product", ps.product_name)
        visit(p, e, e, p, "makes")
    for cap in store.capabilities_for_segments(segs) if segs else []:
        e, s = ("enterprise", cap.enterprise_id), ("segment", cap.segment_id)
        visit(s, e, e, s, "can_supply", f"{cap.strength:g}")
    if segs:
        wanted = set(segs)
        chains = sorted({c for seg in store.segments(segs) for c in seg.chain_ids})
        for cid in chains:
            for lk in store.chain_links(cid):
                a, b = ("segment", lk.from_id), ("segment", lk.to_id)
                if lk.from_id in wanted:
                    visit(a, b, a, b, "feeds", lk.kind.value)
                if lk.to_id in wanted:
                    visit(b, a, a, b, "feeds", lk.kind.value)


def _labels(store: Store, refs: Iterable[Ref]) -> dict[Ref, ViewNode]:
    refs = list(refs)
    firms = {e.id: e for e in store.enterprises(k for t, k in refs if t == "enterprise")}
    segs = {s.id: s for s in store.segments([k for t, k in refs if t == "segment"])}
    out: dict[Ref, ViewNode] = {}
    for ref in refs:
        kind, key = ref
        facts = [("类型 kind", KIND_LABELS[kind])]
        name, name_en, aliases, tier, chains = key, "", [], None, []
        if kind == "enterprise" and key in firms:
            ent = firms[key]
            name, aliases = ent.name, [a for a in ent.names() if a != ent.name]
            facts += [
                (label, value)
                for label, value in (
                    ("全称 full name", ent.full_name),
                    ("总部 HQ region", ent.hq_region),
                    ("所有制 ownership", ent.ownership.value),
                    ("股票代码 stock code", ent.stock_code),
                    ("榜单 lists", "、".join(m.label() for m in ent.lists)),
                )
                if value
            ]
        elif kind == "segment" and key in segs:
            seg = segs[key]
            name, name_en, aliases, tier = seg.name_zh, seg.name_en, seg.aliases, seg.tier.value
            chains = seg.chain_ids
            facts += [("层级 tier", tier), ("产业链 chains", "、".join(chains))]
        facts.append(("编号 id", key))
        kind_lit: NodeKind = kind  # type: ignore[assignment]
        out[ref] = ViewNode(
            id=_nid(ref),
            kind=kind_lit,
            name=name,
            name_en=name_en,
            aliases=aliases,
            x=0.0,
            y=0.0,
            tier=tier,
            chains=chains,
            facts=facts,
        )
    return out


def build_around_view(
    store: Store, name: str, depth: int = 2, *, max_nodes: int = DEFAULT_MAX_NODES
) -> ExplorerView:
    """Everything within ``depth`` steps of the firm, product or segment called ``name``."""
    if depth < 1:
        raise ChainAtlasError(f"--depth must be at least 1 (got {depth})")
    centre = resolve_centre(store, name)
    g = _Graph(max_nodes=max_nodes)
    g.depth_of[centre] = 0
    levels: list[list[Ref]] = [[centre]]
    for d in range(1, depth + 1):
        _expand(store, g, sorted(levels[-1]), d)
        nxt = sorted(r for r, dd in g.depth_of.items() if dd == d)
        if not nxt:
            break
        levels.append(nxt)
    nodes = _labels(store, g.depth_of)
    sort_key = {ref: (ref[0], nodes[ref].name, ref[1]) for ref in nodes}
    pos = ring_positions(
        [[_nid(r) for r in level] for level in levels],
        {_nid(r): _nid(p) for r, p in g.parent.items()},
        {_nid(r): k for r, k in sort_key.items()},
    )
    degree: dict[str, int] = {}
    for e in g.edges.values():
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    out = []
    for ref in sorted(nodes, key=lambda r: (g.depth_of[r], sort_key[r])):
        node = nodes[ref]
        node.x, node.y = pos[node.id]
        node.depth = g.depth_of[ref]
        node.centre = ref == centre
        node.size = 40.0 if node.centre else round(8 + min(22.0, 2.0 * degree.get(node.id, 0)), 1)
        out.append(node)
    notes = []
    if g.dropped:
        notes.append(
            f"只显示前 {max_nodes} 个节点 (cut at {max_nodes} nodes; {g.dropped} links not shown)"
        )
    centre_node = nodes[centre]
    return ExplorerView(
        kind="around",
        title=f"{centre_node.name} · {depth} 步邻域",
        subtitle=f"{KIND_LABELS[centre[0]]} · 节点 {len(out)} · 连线 {len(g.edges)}",
        nodes=out,
        edges=sorted(g.edges.values(), key=lambda e: e.id),
        filters=[FilterGroup(field="kind", label="类型 kind", options=list(KIND_LABELS.items()))],
        notes=notes,
    )
