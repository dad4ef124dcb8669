"""The neighbourhood of a firm, a product or a segment, ``depth`` steps out.

Steps follow what the store knows: a firm's segments (CAN_SUPPLY) and main products, a
product's materials, subtypes and makers, a segment's suppliers and the segments it feeds or
is fed by. Each ring is fetched in one batch per kind; past ``max_nodes`` the walk stops adding
nodes (in a stable order) and counts the links it did not follow.

>>> hood = neighbourhood(store, "宁德时代", depth=2)  # doctest: +SKIP
>>> hood.centre, len(hood.depth_of), len(hood.edges)  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Enterprise, RelType, Segment
from chainatlas.graph.store import Store

from .firms import match_enterprise

__all__ = [
    "DEFAULT_MAX_NODES",
    "Link",
    "LinkKind",
    "Neighbourhood",
    "Ref",
    "RefKind",
    "UnknownName",
    "neighbourhood",
    "resolve_centre",
]

DEFAULT_MAX_NODES = 4000

RefKind = Literal["enterprise", "product", "segment"]
LinkKind = Literal["can_supply", "makes", "made_from", "subtype_of", "feeds"]
Ref = tuple[str, str]  # (kind, key): ("enterprise", id), ("product", name), ("segment", id)


class UnknownName(ChainAtlasError):
    """No firm, product or segment has the name given to ``--around``."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; similar: {', '.join(suggestions[:8])}" if suggestions else ""
        super().__init__(f"no firm, product or segment is named {name!r}{hint}")
        self.name = name


@dataclass(frozen=True)
class Link:
    """One relationship of the neighbourhood, drawn from ``source`` to ``target``."""

    kind: LinkKind
    source: Ref
    target: Ref
    label: str = ""


@dataclass
class Neighbourhood:
    """What lies within ``depth`` steps of ``centre``: each node's ring and the node it was
    reached from, the links between them, and the records of the firms and segments."""

    centre: Ref
    depth: int
    max_nodes: int
    depth_of: dict[Ref, int] = field(default_factory=dict)
    parent: dict[Ref, Ref] = field(default_factory=dict)
    links: dict[tuple[str, Ref, Ref], Link] = field(default_factory=dict)
    levels: list[list[Ref]] = field(default_factory=list)
    dropped: int = 0
    enterprises: dict[str, Enterprise] = field(default_factory=dict)
    segments: dict[str, Segment] = field(default_factory=dict)

    @property
    def edges(self) -> list[Link]:
        return list(self.links.values())

    def _reach(self, src: Ref, dst: Ref, depth: int) -> bool:
        if dst in self.depth_of:
            return True
        if len(self.depth_of) >= self.max_nodes:
            self.dropped += 1
            return False
        self.depth_of[dst] = depth
        self.parent[dst] = src
        return True

    def _visit(self, here: Ref, there: Ref, link: Link, depth: int) -> None:
        if self._reach(here, there, depth):
            self.links.setdefault((link.kind, link.source, link.target), link)


def resolve_centre(store: Store, name: str) -> Ref:
    """What ``name`` refers to: an exact firm name or alias, a product, then a segment name."""
    text = name.strip()
    firms = match_enterprise(store, text, limit=50)
    if firms.exact is not None:
        return ("enterprise", firms.exact.id)
    if store.products([text]):
        return ("product", text)
    for seg in store.segments():
        if text == seg.id or text in seg.names():
            return ("segment", seg.id)
    if len(firms.found) == 1:
        return ("enterprise", firms.found[0].id)
    suggestions = [e.name for e in firms.found] + store.search_products([text], limit=10)
    raise UnknownName(name, suggestions)


def _expand_firms(store: Store, h: Neighbourhood, firms: list[str], depth: int) -> None:
    for cap in store.capabilities_of(firms) if firms else []:
        e, s = ("enterprise", cap.enterprise_id), ("segment", cap.segment_id)
        h._visit(e, s, Link("can_supply", e, s, f"{cap.strength:g}"), depth)
    for ps in store.enterprise_products(firms) if firms else []:
        e, p = ("enterprise", ps.enterprise_id), ("product", ps.product_name)
        h._visit(e, p, Link("makes", e, p), depth)


def _expand_products(store: Store, h: Neighbourhood, products: list[str], depth: int) -> None:
    wanted = set(products)
    for pl in store.product_links(products) if products else []:
        a, b = ("product", pl.from_name), ("product", pl.to_name)
        kind: LinkKind = "made_from" if pl.rel == RelType.MADE_FROM else "subtype_of"
        if pl.from_name in wanted:
            h._visit(a, b, Link(kind, a, b), depth)
        if pl.to_name in wanted:
            h._visit(b, a, Link(kind, a, b), depth)
    for ps in store.product_suppliers(products) if products else []:
        e, p = ("enterprise", ps.enterprise_id), ("product", ps.product_name)
        h._visit(p, e, Link("makes", e, p), depth)


def _expand_segments(store: Store, h: Neighbourhood, segs: list[str], depth: int) -> None:
    for cap in store.capabilities_for_segments(segs) if segs else []:
        e, s = ("enterprise", cap.enterprise_id), ("segment", cap.segment_id)
        h._visit(s, e, Link("can_supply", e, s, f"{cap.strength:g}"), depth)
    if not segs:
        return
    wanted = set(segs)
    chains = sorted({c for seg in store.segments(segs) for c in seg.chain_ids})
    for cid in chains:
        for lk in store.chain_links(cid):
            a, b = ("segment", lk.from_id), ("segment", lk.to_id)
            if lk.from_id in wanted:
                h._visit(a, b, Link("feeds", a, b, lk.kind.value), depth)
            if lk.to_id in wanted:
                h._visit(b, a, Link("feeds", a, b, lk.kind.value), depth)


def _expand(store: Store, h: Neighbourhood, frontier: list[Ref], depth: int) -> None:
    by_kind: dict[str, list[str]] = {"enterprise": [], "product": [], "segment": []}
    for ref_kind, key in frontier:
        by_kind[ref_kind].append(key)
    _expand_firms(store, h, by_kind["enterprise"], depth)
    _expand_products(store, h, by_kind["product"], depth)
    _expand_segments(store, h, by_kind["segment"], depth)


def neighbourhood(
    store: Store, name: str, depth: int = 2, *, max_nodes: int = DEFAULT_MAX_NODES
) -> Neighbourhood:
    """Everything within ``depth`` steps of the firm, product or segment called ``name``."""
    if depth < 1:
        raise ChainAtlasError(f"--depth must be at least 1 (got {depth})")
    centre = resolve_centre(store, name)
    h = Neighbourhood(centre=centre, depth=depth, max_nodes=max_nodes)
    h.depth_of[centre] = 0
    h.levels.append([centre])
    for d in range(1, depth + 1):
        _expand(store, h, sorted(h.levels[-1]), d)
        nxt = sorted(r for r, dd in h.depth_of.items() if dd == d)
        if not nxt:
            break
        h.levels.append(nxt)
    refs = list(h.depth_of)
    h.enterprises = {e.id: e for e in store.enterprises(k for t, k in refs if t == "enterprise")}
    h.segments = {s.id: s for s in store.segments([k for t, k in refs if t == "segment"])}
    return h
