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
    "DROPPABLE",
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
#: Relationships a plan may drop by their owner's key: those ``OWNED``, and a firm's segment
#: tags and presences (``load --replace``: a firm in the file has exactly the file's).
DROPPABLE: dict[EdgeKind, str] = {**OWNED, CAN_SUPPLY_SEGMENT: "src", LOCATED_IN: "src"}
_PRODUCT_LINKS = {R.MADE_FROM: MADE_FROM, R.SUBTYPE_OF: SUBTYPE_OF}


class Edge(NamedTuple):
    """One relationship to add, ``(a)-[kind]->(b)``, with ``rec``'s properties (if any)."""

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
    """What a batch does to a store. Execute ``deletes`` (nodes with all their relationships),
    ``drops``, ``unlinks`` (single relationships), then ``puts`` and ``ensures`` (they share no
    key), then ``edges``, then ``origins``; each list is in the order the records came.

    ``deletes``, ``unlinks`` and ``origins`` come from ``graph.prepare.prepare`` (``load
    --replace``, superseded official lists, ``remove``): ``origins`` are the file names a node
    was loaded from, set on every node put and on nodes a replaced file no longer names alone."""

    puts: dict[NodeLabel, list[Any]] = field(default_factory=dict)
    ensures: dict[NodeLabel, list[Any]] = field(default_factory=dict)
    drops: dict[EdgeKind, list[str]] = field(default_factory=dict)
    edges: dict[EdgeKind, list[Edge]] = field(default_factory=dict)
    deletes: dict[NodeLabel, list[str]] = field(default_factory=dict)
    unlinks: dict[EdgeKind, list[Edge]] = field(default_factory=dict)
    origins: dict[NodeLabel, dict[str, list[str]]] = field(default_factory=dict)


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
        p.stored(L.PROFILE), atlas.profiles, lambda r: r.enterprise_id, merge_profile
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


def _chain(code: str, _: object) -> Chain:
    return Chain(id=code, name_zh=code)


def _gbt_industry(code: str, _: object) -> Industry:
    return Industry(code=code, scheme="gbt4754")


def _industry(code: str, _: object) -> Industry:
    return Industry(code=code, scheme="")


def _region(code: str, _: object) -> Region:
    return Region(code=code, name_zh="")


def _product(name: str, origin: ProductLink | ProductSupply) -> Product:
    # a product first named by a link or a main-product edge gets that record's provenance
    return Product.model_construct(name=name, source=origin.source, as_of=origin.as_of)


def _segment_edges(p: _Planner, segments: list[Segment]) -> None:
    p.ensure(L.CHAIN, ((c, None) for s in segments for c in s.chain_ids), _chain)
    p.ensure(L.INDUSTRY, ((c, None) for s in segments for c in s.gbt_codes), _gbt_industry)
    in_chain, parent = p.adds(SEGMENT_IN_CHAIN), p.adds(SEGMENT_PARENT)
    classified = p.adds(SEGMENT_CLASSIFIED_AS)
    for s in segments:
        for c in s.chain_ids:
            in_chain[(s.id, c, "")] = None
        if s.parent:
            parent[(s.id, s.parent, "")] = None
        for c in s.gbt_codes:
            classified[(s.id, c, "")] = None


def _firm_edges(p: _Planner, atlas: Atlas) -> None:
    """Supply links, capabilities, presences (with their regions) and supply ties."""
    feeds = p.adds(FEEDS)
    for lk in atlas.links:
        feeds[(lk.from_id, lk.to_id, lk.chain_id)] = lk
    can_supply = p.adds(CAN_SUPPLY_SEGMENT)
    for cap in atlas.capabilities:
        can_supply[(cap.enterprise_id, cap.segment_id, "")] = cap
    presences = p.of_firms(atlas.presences)
    p.ensure(L.REGION, ((pr.region_code, None) for pr in presences), _region)
    located = p.adds(LOCATED_IN)
    for pr in presences:
        located[(pr.enterprise_id, pr.region_code, pr.kind.value)] = pr
    supplies = p.adds(SUPPLIES)
    for t in atlas.supply_ties:
        supplies[(t.from_id, t.to_id, "")] = t


def _owner_edges(
    p: _Planner, weak_links: list[WeakLink], clusters: list[Cluster], projects: list[Project]
) -> None:
    """The relationships of weak links, clusters and projects (the last record of each)."""
    at, member = p.adds(WEAK_LINK_AT), p.adds(CLUSTER_MEMBER)
    by, fills = p.adds(PROJECT_BY), p.adds(PROJECT_FILLS)
    for w in last_by(weak_links, lambda w: w.id):
        at[(w.id, w.segment_id, "")] = None
    for c in last_by(clusters, lambda c: c.id):
        for m in c.member_ids:
            member[(m, c.id, "")] = None
    for pr in projects:
        if pr.enterprise_id:
            by[(pr.id, pr.enterprise_id, "")] = None
        for s in pr.segment_ids:
            fills[(pr.id, s, "")] = None


def _public_edges(p: _Planner, atlas: Atlas) -> None:
    """Industry hierarchy, product links, main products and industry memberships."""
    parent = p.adds(INDUSTRY_PARENT)
    for ind in atlas.industries:
        if ind.parent_code:
            parent[(ind.code, ind.parent_code, "")] = None
    named = ((n, pl) for pl in atlas.product_links for n in (pl.from_name, pl.to_name))
    p.ensure(L.PRODUCT, named, _product)
    links = {rel: p.adds(kind) for rel, kind in _PRODUCT_LINKS.items()}
    for pl in atlas.product_links:
        links[pl.rel][(pl.from_name, pl.to_name, "")] = pl
    supplies = p.of_firms(atlas.product_supplies)
    p.ensure(L.PRODUCT, ((ps.product_name, ps) for ps in supplies), _product)
    can_supply = p.adds(CAN_SUPPLY_PRODUCT)
    for ps in supplies:
        if ps.weight is not None and ps.weight != ps.weight:  # NaN: an unknown weight
            ps = ps.model_copy(update={"weight": None})
        can_supply[(ps.enterprise_id, ps.product_name, "")] = ps
    members = p.of_firms(atlas.industry_memberships)
    p.ensure(L.INDUSTRY, ((m.industry_code, None) for m in members), _industry)
    in_industry = p.adds(IN_INDUSTRY)
    for m in members:
        in_industry[(m.enterprise_id, m.industry_code, "")] = m


class _Planner:
    """The plan as it is built; asks ``held`` for each label's keys at most once per key."""

    def __init__(self, held: Holdings) -> None:
        self.held = held
        self.puts: dict[NodeLabel, dict[str, Any]] = {label: {} for label in NodeLabel}
        self.ensures: dict[NodeLabel, dict[str, Any]] = {label: {} for label in NodeLabel}
        self.drops: dict[EdgeKind, list[str]] = {}
        # per kind: (a, b, variant) -> the record (None for a relationship without one)
        self.edges: dict[EdgeKind, dict[tuple[str, str, str], Record | None]] = {}
        self.present: dict[NodeLabel, set[str]] = {label: set() for label in NodeLabel}
        self.asked: dict[NodeLabel, set[str]] = {label: set() for label in NodeLabel}
        self.stored_segments: list[str] = []

    def put(self, label: NodeLabel, recs: Iterable[Any]) -> None:
        table, attr = self.puts[label], NODE_KEYS[label]
        for rec in recs:
            table[getattr(rec, attr)] = rec

    def keys(self, label: NodeLabel) -> list[str]:
        return list(self.puts[label])

    def stored(self, label: NodeLabel) -> Callable[[list[str]], list[Any]]:
        """The stored records of some keys (none asked for no keys)."""
        return lambda keys: self.held.records(label, keys) if keys else []

    def segments(self, segments: list[Segment]) -> list[Segment]:
        """Segments merged with the stored ones of their ids (``chain_ids`` a union)."""
        ids = sorted({s.id for s in segments})
        stored = {s.id: s for s in self.stored(L.SEGMENT)(ids)}
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

    def adds(self, kind: EdgeKind) -> dict[tuple[str, str, str], Record | None]:
        """The relationships of ``kind`` to add: write ``[(a, b, variant)] = rec`` (last wins)."""
        return self.edges.setdefault(kind, {})

    def know(self, label: NodeLabel, keys: Iterable[str]) -> None:
        """Ask the store about those of ``keys`` not put by the batch nor asked before."""
        batch, asked = self.puts[label], self.asked[label]
        wanted = sorted({k for k in keys if k not in batch and k not in asked})
        if wanted:
            asked.update(wanted)
            self.present[label].update(self.held.existing(label, wanted))

    def after(self, label: NodeLabel) -> set[str]:
        """The keys known to exist after the batch (call ``know`` first)."""
        return self.present[label] | self.puts[label].keys() | self.ensures[label].keys()

    def ensure(
        self, label: NodeLabel, named: Iterable[tuple[str, T]], make: Callable[[str, T], Any]
    ) -> None:
        """Placeholders ``make(key, origin)`` for the keys neither put nor stored; the first
        origin of a key is the one used."""
        first: dict[str, T] = {}
        for key, origin in named:
            first.setdefault(key, origin)
        self.know(label, first)
        exists = self.after(label)
        table = self.ensures[label]
        for key, origin in first.items():
            if key not in exists:
                table[key] = make(key, origin)

    def of_firms(self, recs: Iterable[F]) -> list[F]:
        """The records of the firms that exist after the batch."""
        recs = list(recs)
        self.know(L.ENTERPRISE, {r.enterprise_id for r in recs})
        firms = self.after(L.ENTERPRISE)
        return [r for r in recs if r.enterprise_id in firms]

    def finish(self) -> WritePlan:
        """The plan, keeping only the relationships whose two nodes exist after the batch."""
        for kind, table in self.edges.items():
            self.know(kind.src, {a for a, _, _ in table})
            self.know(kind.dst, {b for _, b, _ in table})
        after = {label: self.after(label) for label in NodeLabel}
        edges: dict[EdgeKind, list[Edge]] = {}
        for kind, table in self.edges.items():
            src, dst = after[kind.src], after[kind.dst]
            kept = [
                Edge(a, b, rec, variant)
                for (a, b, variant), rec in table.items()
                if a in src and b in dst
            ]
            if kept:
                edges[kind] = kept
        return WritePlan(
            puts={label: list(t.values()) for label, t in self.puts.items() if t},
            ensures={label: list(t.values()) for label, t in self.ensures.items() if t},
            drops=self.drops,
            edges=edges,
        )
