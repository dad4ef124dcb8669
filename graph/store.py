"""The ``Store`` protocol: what every store answers.

Stores only write batches of records and answer retrievals; all ranking and gap logic lives
in ``queries/`` and runs on what a store returns, so every store gives the same answers.
Retrievals are narrow (by id, by segment, by region prefix, by text) so that a database store
can push them down to its indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple, Protocol, runtime_checkable

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
    PresenceKind,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Region,
    Segment,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from .revision import Changes, HistoryEntry, WriteNote

__all__ = [
    "Store",
    "ProductNeighbourhood",
    "IndustryNeighbourhood",
    "PullFacts",
    "ScoreFacts",
    "score_facts_of",
    "FactDates",
    "sort_fact_dates",
    "product_neighbourhood_of",
    "pull_facts_of",
    "industry_neighbourhood_of",
]


class ProductNeighbourhood(NamedTuple):
    """What a gap's product matches lead to, in one retrieval (``Store.product_neighbourhood``)."""

    links: list[ProductLink]
    supplies: list[ProductSupply]
    memberships: list[IndustryMembership]


class IndustryNeighbourhood(NamedTuple):
    """The firms of some industries and their products (``Store.industry_neighbourhood``)."""

    members: list[IndustryMembership]
    products: list[ProductSupply]


class PullFacts(NamedTuple):
    """What bounds a firm's pull in a candidate score, without its whole record
    (``Store.pull_facts``): a national registry's popular segment has tens of thousands of
    equally fitting suppliers, and these few facts rule most of them out of the top."""

    enterprise_id: str
    revenue_100m_cny: float | None
    lists: tuple[str, ...]  # list ids (``ListMembership.list``), sorted
    hq_region: str
    planned: bool  # a planned presence somewhere
    profiled: bool  # intentions on its record, or an information-base profile
    tied: bool  # a SUPPLIES edge to or from some firm


class ScoreFacts(NamedTuple):
    """What scoring a batch of firms reads of them, in one retrieval (``Store.score_facts``)."""

    enterprises: list[Enterprise]
    presences: list[Presence]
    profiles: list[Profile]
    ties: list[SupplyTie]  # empty unless asked for


class FactDates(NamedTuple):
    """How many facts of one kind one source gave with one date (``Store.public_fact_dates``)."""

    kind: str  # "product" or "product link"
    source: str
    as_of: date | None
    facts: int  # how many


def sort_fact_dates(rows: Iterable[FactDates]) -> list[FactDates]:
    """By kind, source, then date (undated first): the order both stores answer in."""
    return sorted(rows, key=lambda r: (r.kind, r.source, r.as_of is not None, r.as_of or date.min))


@runtime_checkable
class Store(Protocol):
    """The retrievals and the one write every store implements."""

    location: str

    # -- writing -------------------------------------------------------------------------
    def write(self, atlas: Atlas, note: WriteNote | None = None) -> Changes:
        """Merge a batch of records in one atomic step: all of it lands or none of it does.

        Records are keyed (chain/segment/enterprise id, region code, (enterprise, segment) for a
        capability, …); writing the same batch twice gives the same graph. What a batch changes
        is ``graph.prepare.prepare`` (the plan of ``graph.plan.plan_write``, what ``note``
        replaces, the identity check): every store executes that plan and records it, with the
        patch that undoes it, in its history, in the same atomic step. Returns the changes.
        """
        ...

    def preview(self, atlas: Atlas, note: WriteNote | None = None) -> Changes:
        """What ``write(atlas, note)`` would change, writing nothing (``load --dry-run``)."""
        ...

    def remove(self, label: NodeLabel, keys: list[str], note: WriteNote | None = None) -> Changes:
        """Remove these nodes with their relationships, in one atomic, recorded step;
        ``UnknownRecord`` (nothing removed) when one is not held."""
        ...

    def history(self) -> list[HistoryEntry]:
        """Every recorded write, oldest first (``undone_by`` filled in)."""
        ...

    def undo(self, note: WriteNote | None = None) -> HistoryEntry:
        """Put back the state before the newest write not yet undone, in one atomic step
        (recorded as an ``undo`` entry); returns the entry undone. ``NothingToUndo`` when no
        write is left."""
        ...

    def reset(self) -> None:
        """Remove everything from the store (its settings and history too)."""
        ...

    def data_version(self) -> str:
        """A text that changes whenever the data the store answers from changes ("" when the
        store cannot tell): what derived indexes (``queries.textindex``) are kept by."""
        ...

    # -- settings ------------------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        """The store's own settings (e.g. ``home_region``): what the surface defaults to."""
        ...

    def update_settings(self, values: dict[str, str | None], note: WriteNote | None = None) -> None:
        """Set settings (a ``None`` value removes one) in one atomic, recorded step."""
        ...

    def close(self) -> None: ...

    # -- counting ------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """Counts of every node label and relationship type (keys as in ``NodeLabel``/``RelType``)."""
        ...

    # -- chains and segments ---------------------------------------------------------------
    def chains(self) -> list[Chain]: ...

    def chain_segments(self, chain_id: str) -> list[Segment]:
        """Segments of a chain, sorted by id."""
        ...

    def chain_links(self, chain_id: str) -> list[SupplyLink]:
        """Supply links between segments of a chain, sorted by (from_id, to_id)."""
        ...

    def segments(self, ids: Iterable[str] | None = None) -> list[Segment]:
        """Segments by id (all when ``ids`` is None), sorted by id; unknown ids are skipped."""
        ...

    # -- enterprises -----------------------------------------------------------------------
    def enterprises(self, ids: Iterable[str] | None = None) -> list[Enterprise]:
        """Enterprises by id (all when ``ids`` is None), sorted by id; unknown ids are skipped."""
        ...

    def enterprise_names(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: name}`` of these enterprises; unknown ids are left out."""
        ...

    def enterprise_count(self) -> int: ...

    def find_enterprises(self, text: str, limit: int = 20) -> list[Enterprise]:
        """Enterprises whose id, name, full name or alias equals or contains ``text``."""
        ...

    def find_enterprises_many(
        self, texts: Iterable[str], limit: int = 20
    ) -> dict[str, list[Enterprise]]:
        """``find_enterprises(text, limit)`` for each of ``texts`` (keyed by the text as given),
        in one retrieval."""
        ...

    def capabilities_for_segments(self, segment_ids: Iterable[str]) -> list[Capability]:
        """CAN_SUPPLY edges into these segments, sorted by (segment_id, enterprise_id)."""
        ...

    def capabilities_of(self, enterprise_ids: Iterable[str]) -> list[Capability]:
        """CAN_SUPPLY edges out of these enterprises, sorted by (enterprise_id, segment_id)."""
        ...

    def presences(self, enterprise_ids: Iterable[str]) -> list[Presence]:
        """LOCATED_IN edges of these enterprises, sorted by (enterprise_id, kind, region)."""
        ...

    def enterprises_in_region(
        self, prefix: str, kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT)
    ) -> set[str]:
        """Ids of enterprises present (as ``kinds``) in a region whose code starts with ``prefix``."""
        ...

    def capabilities_in_region(
        self,
        segment_ids: Iterable[str],
        prefix: str,
        kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT),
    ) -> list[Capability]:
        """CAN_SUPPLY edges into these segments from the enterprises present (as ``kinds``) in a
        region whose code starts with ``prefix``, sorted by (segment_id, enterprise_id)."""
        ...

    # -- regions, weak links, clusters, projects ---------------------------------------------
    def regions(self, codes: Iterable[str] | None = None) -> list[Region]: ...

    def weak_links(self, chain_id: str | None = None) -> list[WeakLink]:
        """Official weak links, of one chain or all, sorted by id."""
        ...

    def clusters(self) -> list[Cluster]: ...

    def projects(self) -> list[Project]: ...

    def profiles(self, enterprise_ids: Iterable[str] | None = None) -> list[Profile]:
        """Information-base profiles of these firms (all when None), sorted by enterprise_id.

        Writing a ``Profile`` or a ``Project`` merges it into the stored one with
        ``graph.merge.merge_profile`` / ``merge_project`` (histories and contact logs grow).
        """
        ...

    # -- products, industries, ties (public data sets) ---------------------------------------
    def products(self, names: Iterable[str]) -> list[Product]:
        """Products by exact name, sorted by name; unknown names are skipped."""
        ...

    def known_products(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` that are products, sorted."""
        ...

    def search_products(self, terms: Iterable[str], limit: int = 500) -> list[str]:
        """Names of products containing any of ``terms`` as a substring, sorted, at most ``limit``.

        Case-sensitive substring semantics (Neo4j: ``CONTAINS`` on a TEXT index), so both stores
        return the same set; ranking is done by the caller.
        """
        ...

    def product_links(self, names: Iterable[str]) -> list[ProductLink]:
        """Product links touching any of these products (either end), sorted by (from, rel, to)."""
        ...

    def product_suppliers(self, names: Iterable[str]) -> list[ProductSupply]:
        """Enterprise->product edges into these products, sorted by (product_name, enterprise_id)."""
        ...

    def enterprise_products(self, enterprise_ids: Iterable[str]) -> list[ProductSupply]:
        """Enterprise->product edges of these firms, sorted by (enterprise_id, product_name)."""
        ...

    def industries(self, codes: Iterable[str] | None = None) -> list[Industry]:
        """Industries by code (all when None), sorted by code."""
        ...

    def industry_members(self, codes: Iterable[str]) -> list[IndustryMembership]:
        """Enterprises in these industries, sorted by (industry_code, enterprise_id)."""
        ...

    def enterprise_industries(self, enterprise_ids: Iterable[str]) -> list[IndustryMembership]:
        """Industries of these firms, sorted by (enterprise_id, industry_code)."""
        ...

    def supply_ties(self, enterprise_ids: Iterable[str]) -> list[SupplyTie]:
        """SUPPLIES edges from or to these firms, sorted by (from_id, to_id)."""
        ...

    def public_fact_dates(self) -> list[FactDates]:
        """Products and product links (MADE_FROM, SUBTYPE_OF) counted by source and date, in
        ``sort_fact_dates`` order: their freshness without reading each record."""
        ...

    # -- several hops at once (a database answers each in one round trip) ------------------------
    def pull_facts(self, enterprise_ids: Iterable[str]) -> list[PullFacts]:
        """The pull facts of these firms, sorted by id; unknown ids are skipped (as
        ``pull_facts_of`` composes them)."""
        ...

    def score_facts(self, enterprise_ids: Iterable[str], ties: bool = True) -> ScoreFacts:
        """The records, presences, profiles and (with ``ties``) supply ties of these firms, each
        sorted as its one-hop retrieval sorts it (as ``score_facts_of`` composes them)."""
        ...

    def product_neighbourhood(
        self, names: Iterable[str], seeds: Iterable[str], strong: Iterable[str]
    ) -> ProductNeighbourhood:
        """The links touching ``seeds``; the suppliers of ``names``, of ``seeds`` and of every
        product linked to a seed; the industries of the firms making any of ``strong``
        (as ``product_neighbourhood_of`` composes them, each part sorted as its one-hop
        retrieval sorts it)."""
        ...

    def industry_neighbourhood(
        self, codes: Iterable[str], exclude: Iterable[str]
    ) -> IndustryNeighbourhood:
        """The members of these industries, and the products of the members not in
        ``exclude`` (as ``industry_neighbourhood_of`` composes them)."""
        ...


def product_neighbourhood_of(
    store: Store, names: Iterable[str], seeds: Iterable[str], strong: Iterable[str]
) -> ProductNeighbourhood:
    """``Store.product_neighbourhood`` from the one-hop retrievals (its definition)."""
    seed_set = set(seeds)
    links = store.product_links(seed_set)
    near = {n for lk in links for n in (lk.from_name, lk.to_name)} - seed_set
    supplies = store.product_suppliers(set(names) | seed_set | near)
    makers = {s.enterprise_id for s in store.product_suppliers(strong)}
    return ProductNeighbourhood(links, supplies, store.enterprise_industries(makers))


def industry_neighbourhood_of(
    store: Store, codes: Iterable[str], exclude: Iterable[str]
) -> IndustryNeighbourhood:
    """``Store.industry_neighbourhood`` from the one-hop retrievals (its definition)."""
    members = store.industry_members(codes)
    outsiders = {m.enterprise_id for m in members} - set(exclude)
    return IndustryNeighbourhood(members, store.enterprise_products(outsiders))


def score_facts_of(store: Store, enterprise_ids: Iterable[str], ties: bool = True) -> ScoreFacts:
    """``Store.score_facts`` from the one-hop retrievals (its definition)."""
    ids = set(enterprise_ids)
    return ScoreFacts(
        store.enterprises(ids),
        store.presences(ids),
        store.profiles(ids),
        store.supply_ties(ids) if ties else [],
    )


def pull_facts_of(store: Store, enterprise_ids: Iterable[str]) -> list[PullFacts]:
    """``Store.pull_facts`` from the one-hop retrievals (its definition)."""
    ents = store.enterprises(enterprise_ids)
    ids = [e.id for e in ents]
    planned = {p.enterprise_id for p in store.presences(ids) if p.kind == PresenceKind.PLANNED}
    profiled = {p.enterprise_id for p in store.profiles(ids)}
    tied = {e for t in store.supply_ties(ids) for e in (t.from_id, t.to_id)}
    return [
        PullFacts(
            e.id,
            e.revenue_100m_cny,
            tuple(sorted({m.list for m in e.lists})),
            e.hq_region,
            e.id in planned,
            bool(e.intentions) or e.id in profiled,
            e.id in tied,
        )
        for e in ents
    ]
