"""The Neo4j store's retrievals: each one a constant Cypher read from ``cypher.py`` with its
arguments as parameters, the records rebuilt with ``from_props`` and sorted as the ``Store``
protocol says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from pydantic import BaseModel

from ..model import (
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
    RelType,
    Segment,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from ..name_search import NameIndex, rank_found
from ..store import (
    FactDates,
    IndustryNeighbourhood,
    ProductNeighbourhood,
    PullFacts,
    ScoreFacts,
    sort_fact_dates,
)
from . import cypher as Q
from .connection import Connection
from .props import from_props
from .recall import (
    _both_ends,
    _firm,
    _grouped,
    _held_products,
    _hold,
    _id,
    _industry_hood,
    _neighbours,
    _product_hood,
    _tie_ends,
)

__all__ = ["StoreReads", "NAME_INDEX_MAX"]

#: Product names held for searching in this process; above it the server searches.
NAME_INDEX_MAX = 1_000_000

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
_LABEL_OF: dict[type[BaseModel], NodeLabel] = {
    Chain: NodeLabel.CHAIN,
    Segment: NodeLabel.SEGMENT,
    Region: NodeLabel.REGION,
    Industry: NodeLabel.INDUSTRY,
    WeakLink: NodeLabel.WEAK_LINK,
    Cluster: NodeLabel.CLUSTER,
    Project: NodeLabel.PROJECT,
}
LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def _pick(recs: list[M], keys: Iterable[str] | None, key: Callable[[M], str]) -> list[M]:
    """The records with these keys (all when None), sorted by key."""
    if keys is not None:
        wanted = set(keys)
        recs = [r for r in recs if key(r) in wanted]
    return sorted(recs, key=key)


class StoreReads(Connection):
    """Every retrieval of the ``Store`` protocol, and a full-text name search."""

    # -- counting --------------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {lab.value: 0 for lab in NodeLabel}
        counts.update({rel.value: 0 for rel in RelType})
        for row in self._read(Q.STATS):
            counts[row["key"]] = row["count"]
        return counts

    # -- chains and segments ---------------------------------------------------------------------------
    def chains(self) -> list[Chain]:
        return list(self._stable("chains", lambda: sorted(self._all(Chain), key=lambda c: c.id)))

    def chain_segments(self, chain_id: str) -> list[Segment]:
        def fetch() -> list[Segment]:
            segs = self._records(Segment, Q.CHAIN_SEGMENTS, chain_id=chain_id)
            return sorted(segs, key=lambda s: s.id)

        return list(self._stable(("chain_segments", chain_id), fetch))

    def chain_links(self, chain_id: str) -> list[SupplyLink]:
        def fetch() -> list[SupplyLink]:
            links = self._records(SupplyLink, Q.CHAIN_LINKS, chain_id=chain_id)
            return sorted(links, key=lambda lk: (lk.from_id, lk.to_id))

        return list(self._stable(("chain_links", chain_id), fetch))

    def _all(self, cls: type[M]) -> list[M]:
        return self._records(cls, Q.ALL_NODES[_LABEL_OF[cls]])

    def segments(self, ids: Iterable[str] | None = None) -> list[Segment]:
        segs = self._stable("segments", lambda: self._all(Segment))
        return _pick(segs, ids, lambda s: s.id)

    def _by_key(self, cls: type[M], label: NodeLabel, keys: Iterable[str]) -> list[M]:
        return self._edge_records(cls, Q.NODES_BY_KEY[label], keys)

    def _edge_records(self, cls: type[M], query: str, keys: Iterable[str]) -> list[M]:
        """Records by key, received as one list (a keyed read is bounded by its keys)."""
        wanted = sorted(set(keys))
        if not wanted:
            return []
        rows = self._read(Q.collected(query), keys=wanted)
        return [from_props(cls, p) for p in rows[0]["ps"]] if rows else []

    # -- enterprises -------------------------------------------------------------------------------------
    def enterprises(self, ids: Iterable[str] | None = None) -> list[Enterprise]:
        if ids is None:
            ents = self._records(Enterprise, Q.ALL_NODES[NodeLabel.ENTERPRISE])
        else:
            ents = self._by_id_cached(
                "enterprises",
                ids,
                lambda keys: self._by_key(Enterprise, NodeLabel.ENTERPRISE, keys),
                lambda e: e.id,
            )
        return sorted(ents, key=lambda e: e.id)

    def enterprise_names(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._read(Q.ENTERPRISE_NAMES, keys=wanted)
        return dict(rows[0]["names"]) if rows else {}

    def enterprise_count(self) -> int:
        rows = self._read(Q.ENTERPRISE_COUNT)
        return int(rows[0]["count"]) if rows else 0

    def find_enterprises(self, text: str, limit: int = 20) -> list[Enterprise]:
        text = text.strip()
        if not text:
            return []
        found = self._records(Enterprise, Q.FIND_ENTERPRISES, text=text)
        return rank_found(text, found, limit)

    def find_enterprises_many(
        self, texts: Iterable[str], limit: int = 20
    ) -> dict[str, list[Enterprise]]:
        given = list(dict.fromkeys(texts))
        wanted = sorted({t.strip() for t in given if t.strip()})
        found: dict[str, list[Enterprise]] = {t: [] for t in wanted}
        for text, ent in self._by_id_cached("names", wanted, self._find_many, lambda r: r[0]):
            found[text].append(ent)
        ranked = {t: rank_found(t, ents, limit) for t, ents in found.items()}
        return {t: list(ranked.get(t.strip(), [])) for t in given}

    def _find_many(self, texts: list[str]) -> list[tuple[str, Enterprise]]:
        rows = self._read(Q.FIND_ENTERPRISES_MANY, texts=texts)
        return [(row["text"], from_props(Enterprise, row["p"])) for row in rows]

    def capabilities_for_segments(self, segment_ids: Iterable[str]) -> list[Capability]:
        caps = self._by_id_cached(
            "capabilities for",
            segment_ids,
            lambda keys: self._edge_records(Capability, Q.CAPABILITIES_FOR_SEGMENTS, keys),
            lambda c: c.segment_id,
        )
        return sorted(caps, key=lambda c: (c.segment_id, c.enterprise_id))

    def capabilities_of(self, enterprise_ids: Iterable[str]) -> list[Capability]:
        caps = self._edge_records(Capability, Q.CAPABILITIES_OF, enterprise_ids)
        return sorted(caps, key=lambda c: (c.enterprise_id, c.segment_id))

    def presences(self, enterprise_ids: Iterable[str]) -> list[Presence]:
        pres = self._by_id_cached(
            "presences",
            enterprise_ids,
            lambda keys: self._edge_records(Presence, Q.PRESENCES, keys),
            lambda p: p.enterprise_id,
        )
        return sorted(pres, key=lambda p: (p.enterprise_id, p.kind.value, p.region_code))

    def enterprises_in_region(
        self, prefix: str, kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT)
    ) -> set[str]:
        wanted = sorted({PresenceKind(k).value for k in kinds})
        if not wanted:
            return set()
        key = "\n".join([prefix, *wanted])  # the planner's region: asked by every query

        def fetch(_: list[str]) -> list[tuple[str, str]]:
            rows = self._read(Q.ENTERPRISES_IN_REGION, prefix=prefix, kinds=wanted)
            return [(key, eid) for eid in (rows[0]["ids"] if rows else [])]

        return {eid for _, eid in self._by_id_cached("in region", [key], fetch, lambda r: r[0])}

    def capabilities_in_region(
        self,
        segment_ids: Iterable[str],
        prefix: str,
        kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT),
    ) -> list[Capability]:
        keys = sorted(set(segment_ids))
        wanted = sorted({PresenceKind(k).value for k in kinds})
        if not keys or not wanted:
            return []
        caps = self._records(
            Capability, Q.CAPABILITIES_IN_REGION, keys=keys, prefix=prefix, kinds=wanted
        )
        return sorted(caps, key=lambda c: (c.segment_id, c.enterprise_id))

    # -- regions, weak links, clusters, projects -----------------------------------------------------------
    def regions(self, codes: Iterable[str] | None = None) -> list[Region]:
        return _pick(self._stable("regions", lambda: self._all(Region)), codes, lambda r: r.code)

    def weak_links(self, chain_id: str | None = None) -> list[WeakLink]:
        if chain_id is None:
            recs = self._stable("weak_links", lambda: self._all(WeakLink))
        else:
            recs = self._stable(
                ("weak_links", chain_id),
                lambda: self._records(WeakLink, Q.WEAK_LINKS_OF_CHAIN, chain_id=chain_id),
            )
        return sorted(recs, key=lambda w: w.id)

    def clusters(self) -> list[Cluster]:
        return _pick(self._stable("clusters", lambda: self._all(Cluster)), None, lambda c: c.id)

    def projects(self) -> list[Project]:
        return _pick(self._stable("projects", lambda: self._all(Project)), None, lambda p: p.id)

    def profiles(self, enterprise_ids: Iterable[str] | None = None) -> list[Profile]:
        if enterprise_ids is None:
            recs = self._records(Profile, Q.ALL_NODES[NodeLabel.PROFILE])
        else:
            recs = self._by_id_cached(
                "profiles",
                enterprise_ids,
                lambda keys: self._by_key(Profile, NodeLabel.PROFILE, keys),
                lambda p: p.enterprise_id,
            )
        return sorted(recs, key=lambda p: p.enterprise_id)

    # -- products, industries, ties ------------------------------------------------------------------------
    def products(self, names: Iterable[str]) -> list[Product]:
        return sorted(self._by_key(Product, NodeLabel.PRODUCT, names), key=lambda p: p.name)

    def known_products(self, names: Iterable[str]) -> list[str]:
        wanted = sorted(set(names))
        index = self._stable("product_names", self._product_names) if wanted else None
        if index is not None:
            return [n for n in wanted if n in index]
        rows = self._read(Q.KNOWN_PRODUCTS, keys=wanted) if wanted else []
        return sorted(rows[0]["names"]) if rows else []

    def search_products(self, terms: Iterable[str], limit: int = 500) -> list[str]:
        # terms with a line break never match (as in the embedded store's name index)
        wanted = sorted({t for t in (t.strip() for t in terms) if t and "\n" not in t})
        if not wanted:
            return []
        # Sorted and cut here, not in Cypher, so the order is Python's (code points) exactly.
        index = self._stable("product_names", self._product_names)
        if index is not None:
            return index.search(wanted, limit)
        rows = self._read(Q.SEARCH_PRODUCTS, terms=wanted)
        names = sorted(rows[0]["names"]) if rows else []
        return names[:limit]

    def product_neighbourhood(
        self, names: Iterable[str], seeds: Iterable[str], strong: Iterable[str]
    ) -> ProductNeighbourhood:
        names_, seeds_, strong_ = sorted(set(names)), sorted(set(seeds)), sorted(set(strong))
        links_of, suppliers_of = self._memo("links of"), self._memo("suppliers of")
        industries_of = self._memo("industries of")
        if links_of is not None and suppliers_of is not None and industries_of is not None:
            got = _held_products(links_of, suppliers_of, industries_of, names_, seeds_, strong_)
            if got is not None:
                return _product_hood(*got)
        rows = self._read(Q.PRODUCT_NEIGHBOURHOOD, names=names_, seeds=seeds_, strong=strong_)
        row = rows[0]
        links = [from_props(ProductLink, p) for p in row["links"]]
        supplies = [from_props(ProductSupply, p) for p in row["supplies"]]
        members = [from_props(IndustryMembership, p) for p in row["memberships"]]
        if links_of is not None and suppliers_of is not None and industries_of is not None:
            # each seed's links, each product's suppliers and each maker's industries, as
            # the read found them all
            links_of.put(seeds_, _both_ends(links, set(seeds_)), lambda pair: pair[0])
            near = set(names_) | set(seeds_) | _neighbours(links, seeds_)
            by_product = suppliers_of.put(near, supplies, lambda s: s.product_name)
            if set(strong_) <= near:
                makers = {s.enterprise_id for n in strong_ for s in by_product[n]}
                industries_of.put(makers, members, lambda m: m.enterprise_id)
        return _product_hood(links, supplies, members)

    def industry_neighbourhood(
        self, codes: Iterable[str], exclude: Iterable[str]
    ) -> IndustryNeighbourhood:
        codes_, exclude_ = sorted(set(codes)), sorted(set(exclude))
        members_of, products_of = self._memo("members of"), self._memo("products of")
        if members_of is not None and products_of is not None:
            held = members_of.get_all(codes_)
            if held is not None:
                members = [m for c in codes_ for m in held[c]]
                firms = {m.enterprise_id for m in members} - set(exclude_)
                made = products_of.get_all(firms)
                if made is not None:
                    return _industry_hood(members, [p for e in firms for p in made[e]])
        rows = self._read(Q.INDUSTRY_NEIGHBOURHOOD, codes=codes_, exclude=exclude_)
        members = [from_props(IndustryMembership, p) for p in rows[0]["members"]]
        products = [from_props(ProductSupply, p) for p in rows[0]["products"]]
        if members_of is not None and products_of is not None:
            members_of.put(codes_, members, lambda m: m.industry_code)
            firms = {m.enterprise_id for m in members} - set(exclude_)
            products_of.put(firms, products, lambda p: p.enterprise_id)
        return _industry_hood(members, products)

    def pull_facts(self, enterprise_ids: Iterable[str]) -> list[PullFacts]:
        wanted = sorted(set(enterprise_ids))
        if not wanted:
            return []
        rows = self._read(Q.PULL_FACTS, keys=wanted, planned=PresenceKind.PLANNED.value)
        facts = [
            PullFacts(
                eid,
                revenue,
                tuple(sorted({m["list"] for m in json.loads(lists)}))
                if lists and lists != "[]"
                else (),
                hq or "",
                planned,
                bool(intentions) or profiled,
                tied,
            )
            for eid, revenue, lists, hq, intentions, planned, profiled, tied in rows[0]["facts"]
        ]
        return sorted(facts)

    def score_facts(self, enterprise_ids: Iterable[str], ties: bool = True) -> ScoreFacts:
        wanted = sorted(set(enterprise_ids))
        memos = {k: self._memo(k) for k in ("enterprises", "presences", "profiles", "ties of")}
        ents, pres, profs, tied = (m.get(wanted) if m is not None else {} for m in memos.values())
        held = [ents, pres, profs, tied] if ties else [ents, pres, profs]
        missing = [k for k in wanted if any(k not in h for h in held)]
        if missing:  # one round trip for every firm one of the four has not seen
            row = self._read(Q.SCORE_FACTS, keys=missing, ties=ties)[0]
            ents.update(_hold(memos["enterprises"], missing, row["enterprises"], Enterprise, _id))
            pres.update(_hold(memos["presences"], missing, row["presences"], Presence, _firm))
            profs.update(_hold(memos["profiles"], missing, row["profiles"], Profile, _firm))
            if ties:
                got = [from_props(SupplyTie, p) for p in row["ties"]]
                pairs = _tie_ends(got, set(missing))
                memo = memos["ties of"]
                tied.update(
                    memo.put(missing, pairs, lambda pair: pair[0])
                    if memo is not None
                    else _grouped(missing, pairs, lambda pair: pair[0])
                )
        by_pair = {(t.from_id, t.to_id): t for k in wanted for _, t in tied.get(k, ())}
        return ScoreFacts(
            [e for k in wanted for e in ents.get(k, ())],
            sorted(
                (p for k in wanted for p in pres.get(k, ())),
                key=lambda p: (p.enterprise_id, p.kind.value, p.region_code),
            ),
            [p for k in wanted for p in profs.get(k, ())],
            [by_pair[k] for k in sorted(by_pair)] if ties else [],
        )

    def _product_names(self) -> NameIndex | None:
        """Every product name, searched here (~1 ms) instead of by the server (~100 ms for a
        dozen terms); None above ``NAME_INDEX_MAX`` names, which the server then searches."""
        rows = self._read(Q.PRODUCT_NAMES, limit=NAME_INDEX_MAX + 1)
        names = rows[0]["names"] if rows else []
        return NameIndex(names) if len(names) <= NAME_INDEX_MAX else None

    def product_links(self, names: Iterable[str]) -> list[ProductLink]:
        out = {
            (pl.from_name, pl.rel.value, pl.to_name): pl
            for pl in self._edge_records(ProductLink, Q.PRODUCT_LINKS, names)
        }
        return [out[k] for k in sorted(out)]

    def product_suppliers(self, names: Iterable[str]) -> list[ProductSupply]:
        recs = self._edge_records(ProductSupply, Q.PRODUCT_SUPPLIERS, names)
        return sorted(recs, key=lambda p: (p.product_name, p.enterprise_id))

    def enterprise_products(self, enterprise_ids: Iterable[str]) -> list[ProductSupply]:
        recs = self._edge_records(ProductSupply, Q.ENTERPRISE_PRODUCTS, enterprise_ids)
        return sorted(recs, key=lambda p: (p.enterprise_id, p.product_name))

    def industries(self, codes: Iterable[str] | None = None) -> list[Industry]:
        recs = self._stable("industries", lambda: self._all(Industry))
        return _pick(recs, codes, lambda r: r.code)

    def industry_members(self, codes: Iterable[str]) -> list[IndustryMembership]:
        recs = self._edge_records(IndustryMembership, Q.INDUSTRY_MEMBERS, codes)
        return sorted(recs, key=lambda m: (m.industry_code, m.enterprise_id))

    def enterprise_industries(self, enterprise_ids: Iterable[str]) -> list[IndustryMembership]:
        recs = self._edge_records(IndustryMembership, Q.ENTERPRISE_INDUSTRIES, enterprise_ids)
        return sorted(recs, key=lambda m: (m.enterprise_id, m.industry_code))

    def supply_ties(self, enterprise_ids: Iterable[str]) -> list[SupplyTie]:
        out = {
            (t.from_id, t.to_id): t
            for t in self._edge_records(SupplyTie, Q.SUPPLY_TIES, enterprise_ids)
        }
        return [out[k] for k in sorted(out)]

    def public_fact_dates(self) -> list[FactDates]:
        from datetime import date

        rows = self._read(Q.PUBLIC_FACT_DATES)
        return sort_fact_dates(
            FactDates(
                r["kind"],
                r["source"] or "",
                date.fromisoformat(r["as_of"]) if r["as_of"] else None,
                r["n"],
            )
            for r in rows
        )

    # -- beyond the protocol ---------------------------------------------------------------------------
    def search_names(self, text: str, limit: int = 20) -> list[tuple[str, str, float]]:
        """Fuzzy search of enterprise and product names on the full-text (cjk) index.

        Returns ``(label, key, score)``, best first; ``text`` is matched as plain words.
        """
        words = LUCENE_SPECIAL.sub(r"\\\1", text.strip())
        if not words:
            return []
        rows = self._read(Q.FULLTEXT_SEARCH, query=words, limit=limit)
        return [(row["label"], row["key"], float(row["score"])) for row in rows]
