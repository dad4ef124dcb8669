"""The write plan: what writing a batch of records does to a store, every merge rule once.

``plan_write(atlas, held)`` is a pure function of the batch and of what the store already
holds (asked through ``Holdings``: which keys of a label exist, and the stored records of the
segments, projects and profiles the batch rewrites). It returns the nodes to put (create or
replace), the nodes to ensure (placeholders: created only where missing), the relationships a
rewritten record drops and the relationships to add. The embedded store, the Neo4j store and
the bulk importer only execute it, so all three hold the same graph.

The rules:

- A record replaces the stored one of its key; within a batch the last record of a key wins.
- A segment's ``chain_ids`` are the union (sorted) of the stored and the new ones; a new
  segment keeps its own order. A rewritten segment drops its parent relationship.
- Projects and profiles merge into the stored ones (``graph.merge``).
- A rewritten weak link, cluster or project drops the relationships its record defines
  (``OWNED``); the new record's are added.
- Placeholders: a chain for each of a segment's chains, an industry for each of its GB/T codes
  and each membership's industry, a region for each presence, a product for each name a
  product link or main-product edge uses. The first placeholder of a key is the one created;
  a node put by the batch or already stored is never replaced by one.
- Presences, main-product edges and industry memberships of an enterprise that does not exist
  after the batch are left out with their placeholders.
- A relationship is added only where both of its nodes exist after the batch; of several with
  the same ends (and variant, ``VARIANT``) the last one wins. An unknown main-product weight
  is ``None``, never NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

from .merge import merge_batch, merge_profile, merge_project
from .model import (
    Atlas,
    Capability,
    Chain,
    Cluster,
    Enterprise,
    Industry,
    IndustryMembership,
    NodeLabel,
    Presence,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Record,
    Region,
    RelType,
    Segment,
    SupplyLink,
    SupplyTie,
    WeakLink,
)

__all__ = [
    "NODE_KEYS",
    "NODE_RECORDS",
    "EdgeKind",
    "Edge",
    "EDGE_KINDS",
    "EDGE_RECORDS",
    "VARIANT",
    "OWNED",
    "Holdings",
    "WritePlan",
    "plan_write",
    "last_by",
    "node_key",
]

L, R = NodeLabel, RelType
T = TypeVar("T")
F = TypeVar("F", Presence, ProductSupply, IndustryMembership)

#: The key field of every node label (a uniqueness constraint in Neo4j).
NODE_KEYS: dict[NodeLabel, str] = {
    L.CHAIN: "id",
    L.SEGMENT: "id",
    L.PRODUCT: "name",
    L.INDUSTRY: "code",
    L.ENTERPRISE: "id",
    L.REGION: "code",
    L.CLUSTER: "id",
    L.PROJECT: "id",
    L.WEAK_LINK: "id",
    L.PROFILE: "enterprise_id",
}

#: The record class of each node label.
NODE_RECORDS: dict[NodeLabel, type[Record]] = {
    L.CHAIN: Chain,
    L.SEGMENT: Segment,
    L.PRODUCT: Product,
    L.INDUSTRY: Industry,
    L.ENTERPRISE: Enterprise,
    L.REGION: Region,
    L.WEAK_LINK: WeakLink,
    L.CLUSTER: Cluster,
    L.PROJECT: Project,
    L.PROFILE: Profile,
}


class EdgeKind(NamedTuple):
    """A relationship type between two labels."""

    rel: RelType
    src: NodeLabel
    dst: NodeLabel


SEGMENT_IN_CHAIN = EdgeKind(R.PART_OF, L.SEGMENT, L.CHAIN)
SEGMENT_PARENT = EdgeKind(R.PART_OF, L.SEGMENT, L.SEGMENT)
SEGMENT_CLASSIFIED_AS = EdgeKind(R.CLASSIFIED_AS, L.SEGMENT, L.INDUSTRY)
FEEDS = EdgeKind(R.FEEDS, L.SEGMENT, L.SEGMENT)
CAN_SUPPLY_SEGMENT = EdgeKind(R.CAN_SUPPLY, L.ENTERPRISE, L.SEGMENT)
LOCATED_IN = EdgeKind(R.LOCATED_IN, L.ENTERPRISE, L.REGION)
WEAK_LINK_AT = EdgeKind(R.AT, L.WEAK_LINK, L.SEGMENT)
CLUSTER_MEMBER = EdgeKind(R.MEMBER_OF, L.ENTERPRISE, L.CLUSTER)
PROJECT_BY = EdgeKind(R.BY, L.PROJECT, L.ENTERPRISE)
PROJECT_FILLS = EdgeKind(R.FILLS, L.PROJECT, L.SEGMENT)
INDUSTRY_PARENT = EdgeKind(R.PART_OF, L.INDUSTRY, L.INDUSTRY)
MADE_FROM = EdgeKind(R.MADE_FROM, L.PRODUCT, L.PRODUCT)
SUBTYPE_OF = EdgeKind(R.SUBTYPE_OF, L.PRODUCT, L.PRODUCT)
CAN_SUPPLY_PRODUCT = EdgeKind(R.CAN_SUPPLY, L.ENTERPRISE, L.PRODUCT)
IN_INDUSTRY = EdgeKind(R.IN_INDUSTRY, L.ENTERPRISE, L.INDUSTRY)
SUPPLIES = EdgeKind(R.SUPPLIES, L.ENTERPRISE, L.ENTERPRISE)

#: Every relationship a store holds.
EDGE_KINDS: tuple[EdgeKind, ...] = (
    SEGMENT_IN_CHAIN, SEGMENT_PARENT, SEGMENT_CLASSIFIED_AS, FEEDS, CAN_SUPPLY_SEGMENT,
    LOCATED_IN, WEAK_LINK_AT, CLUSTER_MEMBER, PROJECT_BY, PROJECT_FILLS, INDUSTRY_PARENT,
    MADE_FROM, SUBTYPE_OF, CAN_SUPPLY_PRODUCT, IN_INDUSTRY, SUPPLIES,
)  # fmt: skip
#: The record of each relationship that has properties (the others have none).
EDGE_RECORDS: dict[EdgeKind, type[Record]] = {
    FEEDS: SupplyLink,
    CAN_SUPPLY_SEGMENT: Capability,
    LOCATED_IN: Presence,
    MADE_FROM: ProductLink,
    SUBTYPE_OF: ProductLink,
    CAN_SUPPLY_PRODUCT: ProductSupply,
    IN_INDUSTRY: IndustryMembership,
    SUPPLIES: SupplyTie,
}
#: The record field that tells apart several relationships between the same two nodes.
VARIANT: dict[EdgeKind, str] = {FEEDS: "chain_id", LOCATED_IN: "kind"}
#: Relationships a record defines, by the end that is that record ("src" or "dst"): a rewrite
#: of the record drops them before its new ones are added.
OWNED: dict[EdgeKind, str] = {
    SEGMENT_PARENT: "src",
    WEAK_LINK_AT: "src",
    CLUSTER_MEMBER: "dst",
    PROJECT_BY: "src",
    PROJECT_FILLS: "src",
}
_PRODUCT_LINKS = {R.MADE_FROM: MADE_FROM, R.SUBTYPE_OF: SUBTYPE_OF}


class Edge(NamedTuple):
    """One relationship to add: ``(a)-[kind]->(b)`` with ``rec``'s properties (if any)."""

    kind: EdgeKind
    a: str
    b: str
    rec: Record | None = None
    variant: str = ""  # the ``VARIANT`` field's value, "" for kinds without one


class Holdings(Protocol):
    """What a store already holds, as the plan asks for it (before the batch is written)."""

    def existing(self, label: NodeLabel, keys: list[str]) -> set[str]:
        """Those of ``keys`` (sorted, distinct) that are nodes of ``label``."""
        ...

    def records(self, label: NodeLabel, keys: list[str]) -> list[Any]:
        """The stored records of these keys (segments, projects, profiles); absent ones skipped."""
        ...


@dataclass
class WritePlan:
    """What a batch does to a store. Execute ``drops``, then ``puts`` and ``ensures`` (they
    share no key), then ``edges``; each list is in the order the records came."""

    puts: dict[NodeLabel, list[Any]] = field(default_factory=dict)
    ensures: dict[NodeLabel, list[Any]] = field(default_factory=dict)
    drops: dict[EdgeKind, list[str]] = field(default_factory=dict)
    edges: dict[EdgeKind, list[Edge]] = field(default_factory=dict)

    def put_keys(self, label: NodeLabel) -> set[str]:
        return {node_key(label, r) for r in self.puts.get(label, ())}


def node_key(label: NodeLabel, rec: Any) -> str:
    """The key of a node record (``NODE_KEYS``)."""
    return getattr(rec, NODE_KEYS[label])  # type: ignore[no-any-return]


def last_by(recs: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """One record per key, the last one winning (in the order each key first came)."""
    return list({key(r): r for r in recs}.values())


def plan_write(atlas: Atlas, held: Holdings) -> WritePlan:
    """The plan for writing ``atlas`` into a store that holds ``held`` (see the module's rules)."""
    p = _Planner(held)
    p.put(L.REGION, atlas.regions)
    p.put(L.CHAIN, atlas.chains)
    segments = p.segments(atlas.segments)
    p.put(L.ENTERPRISE, atlas.enterprises)
    p.put(L.WEAK_LINK, atlas.weak_links)
    p.put(L.CLUSTER, atlas.clusters)
    projects = merge_batch(p.stored(L.PROJECT), atlas.projects, lambda r: r.id, merge_project)
    p.put(L.PROJECT, projects)
    profiles = merge_batch(
        p.stored(L.PROFILE),
        atlas.profiles,
        lambda r: r.enterprise_id,
        merge_profile,
    )
    p.put(L.PROFILE, profiles)
    p.put(L.PRODUCT, atlas.products)
    p.put(L.INDUSTRY, atlas.industries)
    p.drop(SEGMENT_PARENT, p.stored_segments)
    p.drop(WEAK_LINK_AT, p.keys(L.WEAK_LINK))
    p.drop(CLUSTER_MEMBER, p.keys(L.CLUSTER))
    p.drop(PROJECT_BY, p.keys(L.PROJECT))
    p.drop(PROJECT_FILLS, p.keys(L.PROJECT))
    _segment_edges(p, segments)
    _firm_edges(p, atlas)
    _owner_edges(p, atlas.weak_links, atlas.clusters, projects)
    _public_edges(p, atlas)
    return p.finish()


def _segment_edges(p: _Planner, segments: list[Segment]) -> None:
    p.ensure(L.CHAIN, (Chain(id=c, name_zh=c) for s in segments for c in s.chain_ids))
    p.ensure(
        L.INDUSTRY, (Industry(code=c, scheme="gbt4754") for s in segments for c in s.gbt_codes)
    )
    for s in segments:
        for c in s.chain_ids:
            p.edge(SEGMENT_IN_CHAIN, s.id, c)
        if s.parent:
            p.edge(SEGMENT_PARENT, s.id, s.parent)
        for c in s.gbt_codes:
            p.edge(SEGMENT_CLASSIFIED_AS, s.id, c)


def _firm_edges(p: _Planner, atlas: Atlas) -> None:
    """Supply links, capabilities, presences (with their regions) and supply ties."""
    for lk in atlas.links:
        p.edge(FEEDS, lk.from_id, lk.to_id, lk, lk.chain_id)
    for cap in atlas.capabilities:
        p.edge(CAN_SUPPLY_SEGMENT, cap.enterprise_id, cap.segment_id, cap)
    presences = p.of_firms(atlas.presences)
    p.ensure(L.REGION, (Region(code=pr.region_code, name_zh="") for pr in presences))
    for pr in presences:
        p.edge(LOCATED_IN, pr.enterprise_id, pr.region_code, pr, pr.kind.value)
    for t in atlas.supply_ties:
        p.edge(SUPPLIES, t.from_id, t.to_id, t)


def _owner_edges(
    p: _Planner, weak_links: list[WeakLink], clusters: list[Cluster], projects: list[Project]
) -> None:
    """The relationships of weak links, clusters and projects (the last record of each)."""
    for w in last_by(weak_links, lambda w: w.id):
        p.edge(WEAK_LINK_AT, w.id, w.segment_id)
    for c in last_by(clusters, lambda c: c.id):
        for m in c.member_ids:
            p.edge(CLUSTER_MEMBER, m, c.id)
    for pr in projects:
        if pr.enterprise_id:
            p.edge(PROJECT_BY, pr.id, pr.enterprise_id)
        for s in pr.segment_ids:
            p.edge(PROJECT_FILLS, pr.id, s)


def _public_edges(p: _Planner, atlas: Atlas) -> None:
    """Industry hierarchy, product links, main products and industry memberships."""
    for ind in atlas.industries:
        if ind.parent_code:
            p.edge(INDUSTRY_PARENT, ind.code, ind.parent_code)
    # a product first named by a link or a main-product edge gets that record's provenance
    # (model_construct: one record per name, ~1 ms per validated call on a large import)
    p.ensure(
        L.PRODUCT,
        (
            Product.model_construct(name=n, source=pl.source, as_of=pl.as_of)
            for pl in atlas.product_links
            for n in (pl.from_name, pl.to_name)
        ),
    )
    for pl in atlas.product_links:
        p.edge(_PRODUCT_LINKS[pl.rel], pl.from_name, pl.to_name, pl)
    supplies = p.of_firms(atlas.product_supplies)
    p.ensure(
        L.PRODUCT,
        (
            Product.model_construct(name=ps.product_name, source=ps.source, as_of=ps.as_of)
            for ps in supplies
        ),
    )
    for ps in supplies:
        if ps.weight is not None and ps.weight != ps.weight:  # NaN: an unknown weight
            ps = ps.model_copy(update={"weight": None})
        p.edge(CAN_SUPPLY_PRODUCT, ps.enterprise_id, ps.product_name, ps)
    members = p.of_firms(atlas.industry_memberships)
    p.ensure(L.INDUSTRY, (Industry(code=m.industry_code, scheme="") for m in members))
    for m in members:
        p.edge(IN_INDUSTRY, m.enterprise_id, m.industry_code, m)


class _Planner:
    """The plan as it is built; asks ``held`` for each label's keys at most once per key."""

    def __init__(self, held: Holdings) -> None:
        self.held = held
        self.puts: dict[NodeLabel, dict[str, Any]] = {}
        self.ensures: dict[NodeLabel, dict[str, Any]] = {}
        self.drops: dict[EdgeKind, list[str]] = {}
        self.edges: dict[tuple[EdgeKind, str, str, str], Edge] = {}
        self.present: dict[NodeLabel, set[str]] = {label: set() for label in NodeLabel}
        self.asked: dict[NodeLabel, set[str]] = {label: set() for label in NodeLabel}
        self.stored_segments: list[str] = []

    def put(self, label: NodeLabel, recs: Iterable[Any]) -> None:
        table = self.puts.setdefault(label, {})
        for rec in recs:
            table[node_key(label, rec)] = rec

    def stored(self, label: NodeLabel) -> Callable[[list[str]], list[Any]]:
        """The stored records of some keys (none asked for no keys)."""
        return lambda keys: self.held.records(label, keys) if keys else []

    def keys(self, label: NodeLabel) -> list[str]:
        return list(self.puts.get(label, {}))

    def segments(self, segments: list[Segment]) -> list[Segment]:
        """Segments merged with the stored ones of their ids (``chain_ids`` a union)."""
        ids = sorted({s.id for s in segments})
        stored = {s.id: s for s in self.held.records(L.SEGMENT, ids)} if ids else {}
        self.asked[L.SEGMENT].update(ids)
        self.present[L.SEGMENT].update(stored)
        self.stored_segments = sorted(stored)
        final: dict[str, Segment] = {}
        for seg in segments:
            old = final[seg.id] if seg.id in final else stored.get(seg.id)
            if old is not None:
                seg = seg.model_copy(update={"chain_ids": sorted({*old.chain_ids, *seg.chain_ids})})
            final[seg.id] = seg
        self.put(L.SEGMENT, final.values())
        return list(final.values())

    def drop(self, kind: EdgeKind, keys: list[str]) -> None:
        if keys:
            self.drops[kind] = list(keys)

    def know(self, label: NodeLabel, keys: Iterable[str]) -> None:
        """Ask the store about those of ``keys`` not put by the batch nor asked before."""
        batch = self.puts.get(label, {})
        wanted = sorted({k for k in keys if k not in batch} - self.asked[label])
        if wanted:
            self.asked[label].update(wanted)
            self.present[label].update(self.held.existing(label, wanted))

    def exists(self, label: NodeLabel, key: str) -> bool:
        """After the batch (call ``know`` first)."""
        return (
            key in self.present[label]
            or key in self.puts.get(label, ())
            or key in self.ensures.get(label, ())
        )

    def ensure(self, label: NodeLabel, recs: Iterable[Any]) -> None:
        """Placeholders for the keys neither put nor stored; the first record of a key wins."""
        recs = list(recs)
        self.know(label, (node_key(label, r) for r in recs))
        table = self.ensures.setdefault(label, {})
        for rec in recs:
            key = node_key(label, rec)
            if key not in table and not self.exists(label, key):
                table[key] = rec

    def of_firms(self, recs: Iterable[F]) -> list[F]:
        """The records of the firms that exist after the batch."""
        recs = list(recs)
        self.know(L.ENTERPRISE, (r.enterprise_id for r in recs))
        return [r for r in recs if self.exists(L.ENTERPRISE, r.enterprise_id)]

    def edge(
        self, kind: EdgeKind, a: str, b: str, rec: Record | None = None, variant: str = ""
    ) -> None:
        self.edges[(kind, a, b, variant)] = Edge(kind, a, b, rec, variant)

    def finish(self) -> WritePlan:
        """The plan, keeping only the relationships whose two nodes exist after the batch."""
        ends: dict[NodeLabel, set[str]] = {}
        for kind, a, b, _ in self.edges:
            ends.setdefault(kind.src, set()).add(a)
            ends.setdefault(kind.dst, set()).add(b)
        for label, keys in ends.items():
            self.know(label, keys)
        edges: dict[EdgeKind, list[Edge]] = {}
        for e in self.edges.values():
            if self.exists(e.kind.src, e.a) and self.exists(e.kind.dst, e.b):
                edges.setdefault(e.kind, []).append(e)
        return WritePlan(
            puts={label: list(t.values()) for label, t in self.puts.items() if t},
            ensures={label: list(t.values()) for label, t in self.ensures.items() if t},
            drops=self.drops,
            edges=edges,
        )
