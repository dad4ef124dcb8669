"""The embedded store: a networkx ``MultiDiGraph`` persisted to one file.

The file is a pickle of the graph (fast to open, see ``benchmarks/``), replaced atomically on
every write, with a lock file so two processes never write at once. Nodes are keyed
``(label, key)`` and hold their record under ``"rec"``; edges are keyed by relationship type
(plus the presence kind or chain where one pair can have several).
"""

from __future__ import annotations

import os
from array import array
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

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
from ..name_search import find_all, join_names, rank_found
from ..store import (
    FactDates,
    IndustryNeighbourhood,
    ProductNeighbourhood,
    PullFacts,
    ScoreFacts,
    industry_neighbourhood_of,
    product_neighbourhood_of,
    pull_facts_of,
    score_facts_of,
    sort_fact_dates,
)
from .history import HistoryFolder
from .persist import release
from .public import PublicTables
from .writing import EmbeddedWrites

__all__ = ["NetworkXStore", "FILE_NAME"]

FILE_NAME = "atlas.pickle"
LOCK_TIMEOUT_S = 30.0
_FIRM_SEP = "\x01"  # between firms in the joined name text (a text holding it is searched slowly)

Node = tuple[str, str]


def _node(label: NodeLabel, key: str) -> Node:
    return (label.value, key)


class NetworkXStore(EmbeddedWrites):
    """An atlas in one file. ``NetworkXStore(path)`` opens (or starts) the file at ``path``.

    ``path`` is a folder (the file ``atlas.pickle`` inside it) or a file path.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT_S):
        p = Path(path)
        if p.suffix in {".pickle", ".pkl"}:
            self.file = p
        else:
            self.file = p / FILE_NAME
        self.location = str(self.file)
        self.lock_timeout = lock_timeout
        self._mtime: tuple[int, int, int] | None = None  # file signature when read
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._cache: dict[str, Any] = {}
        self.public = PublicTables()
        self._settings: dict[str, str] = {}
        self._generation = 0  # the number of the last write (``history``)
        self.history_folder = HistoryFolder(self.file)
        self._read()

    def close(self) -> None:
        self._cache = {}
        release(self.graph)

    def __del__(self) -> None:
        try:
            release(getattr(self, "graph", None))
        except Exception:  # noqa: S110 - at interpreter exit the module may be half gone
            pass

    # -- helpers ---------------------------------------------------------------------------------
    def _records(self, label: NodeLabel) -> list[Any]:
        key = f"records:{label.value}"
        if key not in self._cache:
            recs = [d["rec"] for (lab, _), d in self.graph.nodes(data=True) if lab == label.value]
            self._cache[key] = recs
        return self._cache[key]  # type: ignore[no-any-return]

    def _rec(self, label: NodeLabel, key: str) -> Any | None:
        data = self.graph.nodes.get(_node(label, key))
        return data["rec"] if data else None

    # -- counting ----------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {lab.value: 0 for lab in NodeLabel}
        counts.update({rel.value: 0 for rel in RelType})
        for label, _ in self.graph.nodes:
            counts[label] += 1
        for _, _, key in self.graph.edges(keys=True):
            counts[key.split(":", 1)[0]] += 1
        for k, v in self.public.counts().items():
            counts[k] += v
        return counts

    # -- chains and segments ---------------------------------------------------------------------
    def chains(self) -> list[Chain]:
        return sorted(self._records(NodeLabel.CHAIN), key=lambda c: c.id)

    def chain_segments(self, chain_id: str) -> list[Segment]:
        return sorted(
            (s for s in self._records(NodeLabel.SEGMENT) if chain_id in s.chain_ids),
            key=lambda s: s.id,
        )

    def chain_links(self, chain_id: str) -> list[SupplyLink]:
        # one pass over the edges builds the index of every chain (was a full scan per call)
        if "feeds-by-chain" not in self._cache:
            by_chain: dict[str, list[SupplyLink]] = defaultdict(list)
            prefix = f"{RelType.FEEDS.value}:"
            for _, _, k, d in self.graph.edges(keys=True, data=True):
                if k.startswith(prefix):
                    by_chain[k[len(prefix) :]].append(d["rec"])
            self._cache["feeds-by-chain"] = by_chain
        links = self._cache["feeds-by-chain"].get(chain_id, [])
        return sorted(links, key=lambda lk: (lk.from_id, lk.to_id))

    def segments(self, ids: Iterable[str] | None = None) -> list[Segment]:
        if ids is None:
            return sorted(self._records(NodeLabel.SEGMENT), key=lambda s: s.id)
        found = (self._rec(NodeLabel.SEGMENT, i) for i in set(ids))
        return sorted((s for s in found if s is not None), key=lambda s: s.id)

    # -- enterprises -----------------------------------------------------------------------------
    def enterprises(self, ids: Iterable[str] | None = None) -> list[Enterprise]:
        if ids is None:
            return sorted(self._records(NodeLabel.ENTERPRISE), key=lambda e: e.id)
        found = (self._rec(NodeLabel.ENTERPRISE, i) for i in set(ids))
        return sorted((e for e in found if e is not None), key=lambda e: e.id)

    def enterprise_names(self, ids: Iterable[str]) -> dict[str, str]:
        return {e.id: e.name for e in self.enterprises(ids)}

    def enterprise_count(self) -> int:
        return len(self._records(NodeLabel.ENTERPRISE))

    def find_enterprises(self, text: str, limit: int = 20) -> list[Enterprise]:
        text = text.strip()
        if not text:
            return []
        if "\x00" in text or _FIRM_SEP in text:
            candidates = self._records(NodeLabel.ENTERPRISE)
        else:  # a substring search over every firm's names (cached, joined), then exact rules
            ents, joined, offsets = self._name_texts()
            candidates = [ents[i] for i in find_all(joined, offsets, text)]
        return rank_found(text, candidates, limit)

    def find_enterprises_many(
        self, texts: Iterable[str], limit: int = 20
    ) -> dict[str, list[Enterprise]]:
        return {t: self.find_enterprises(t, limit) for t in dict.fromkeys(texts)}

    def _name_texts(self) -> tuple[list[Enterprise], str, array[int]]:
        """Every firm, and its id and names (joined by NUL) joined by ``_FIRM_SEP``."""
        if "name-texts" not in self._cache:
            ents = self._records(NodeLabel.ENTERPRISE)
            texts = ["\x00".join([ent.id, *ent.names()]) for ent in ents]
            self._cache["name-texts"] = (ents, *join_names(texts, _FIRM_SEP))
        return self._cache["name-texts"]  # type: ignore[no-any-return]

    def _edges_index(
        self, rel: RelType, dst: NodeLabel | None = None
    ) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
        key = f"edges:{rel.value}:{dst}"
        if key not in self._cache:
            by_src: dict[str, list[Any]] = defaultdict(list)
            by_dst: dict[str, list[Any]] = defaultdict(list)
            prefix = rel.value
            for a, b, k, d in self.graph.edges(keys=True, data=True):
                if (
                    k.split(":", 1)[0] == prefix
                    and "rec" in d
                    and (dst is None or b[0] == dst.value)
                ):
                    by_src[a[1]].append(d["rec"])
                    by_dst[b[1]].append(d["rec"])
            self._cache[key] = (by_src, by_dst)
        return self._cache[key]  # type: ignore[no-any-return]

    def capabilities_for_segments(self, segment_ids: Iterable[str]) -> list[Capability]:
        _, by_seg = self._edges_index(RelType.CAN_SUPPLY, NodeLabel.SEGMENT)
        caps = [c for sid in set(segment_ids) for c in by_seg.get(sid, [])]
        return sorted(caps, key=lambda c: (c.segment_id, c.enterprise_id))

    def capabilities_of(self, enterprise_ids: Iterable[str]) -> list[Capability]:
        by_ent, _ = self._edges_index(RelType.CAN_SUPPLY, NodeLabel.SEGMENT)
        caps = [c for eid in set(enterprise_ids) for c in by_ent.get(eid, [])]
        return sorted(caps, key=lambda c: (c.enterprise_id, c.segment_id))

    def presences(self, enterprise_ids: Iterable[str]) -> list[Presence]:
        by_ent, _ = self._edges_index(RelType.LOCATED_IN)
        pres = [p for eid in set(enterprise_ids) for p in by_ent.get(eid, [])]
        return sorted(pres, key=lambda p: (p.enterprise_id, p.kind.value, p.region_code))

    def enterprises_in_region(
        self, prefix: str, kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT)
    ) -> set[str]:
        wanted = set(kinds)
        _, by_region = self._edges_index(RelType.LOCATED_IN)
        return {
            p.enterprise_id
            for code, pres in by_region.items()
            if code.startswith(prefix)
            for p in pres
            if p.kind in wanted
        }

    def capabilities_in_region(
        self,
        segment_ids: Iterable[str],
        prefix: str,
        kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT),
    ) -> list[Capability]:
        wanted = set(segment_ids)
        by_ent, _ = self._edges_index(RelType.CAN_SUPPLY, NodeLabel.SEGMENT)
        caps = [
            c
            for eid in self.enterprises_in_region(prefix, kinds)
            for c in by_ent.get(eid, [])
            if c.segment_id in wanted
        ]
        return sorted(caps, key=lambda c: (c.segment_id, c.enterprise_id))

    # -- regions, weak links, clusters, projects ---------------------------------------------------
    def regions(self, codes: Iterable[str] | None = None) -> list[Region]:
        if codes is None:
            recs = self._records(NodeLabel.REGION)
        else:
            found = (self._rec(NodeLabel.REGION, c) for c in set(codes))
            recs = [r for r in found if r is not None]
        return sorted(recs, key=lambda r: r.code)

    def weak_links(self, chain_id: str | None = None) -> list[WeakLink]:
        recs = self._records(NodeLabel.WEAK_LINK)
        if chain_id is not None:
            recs = [w for w in recs if w.chain_id == chain_id]
        return sorted(recs, key=lambda w: w.id)

    def clusters(self) -> list[Cluster]:
        return sorted(self._records(NodeLabel.CLUSTER), key=lambda c: c.id)

    def projects(self) -> list[Project]:
        return sorted(self._records(NodeLabel.PROJECT), key=lambda p: p.id)

    def profiles(self, enterprise_ids: Iterable[str] | None = None) -> list[Profile]:
        if enterprise_ids is None:
            recs = self._records(NodeLabel.PROFILE)
        else:
            found = (self._rec(NodeLabel.PROFILE, i) for i in set(enterprise_ids))
            recs = [p for p in found if p is not None]
        return sorted(recs, key=lambda p: p.enterprise_id)

    # -- products, industries, ties -------------------------------------------------------------
    def products(self, names: Iterable[str]) -> list[Product]:
        return self.public.products(names)

    def known_products(self, names: Iterable[str]) -> list[str]:
        return self.public.known(names)

    def search_products(self, terms: Iterable[str], limit: int = 500) -> list[str]:
        return self.public.search(terms, limit)

    def product_neighbourhood(
        self, names: Iterable[str], seeds: Iterable[str], strong: Iterable[str]
    ) -> ProductNeighbourhood:
        return product_neighbourhood_of(self, names, seeds, strong)

    def industry_neighbourhood(
        self, codes: Iterable[str], exclude: Iterable[str]
    ) -> IndustryNeighbourhood:
        return industry_neighbourhood_of(self, codes, exclude)

    def pull_facts(self, enterprise_ids: Iterable[str]) -> list[PullFacts]:
        return pull_facts_of(self, enterprise_ids)

    def score_facts(self, enterprise_ids: Iterable[str], ties: bool = True) -> ScoreFacts:
        return score_facts_of(self, enterprise_ids, ties)

    def product_links(self, names: Iterable[str]) -> list[ProductLink]:
        return self.public.links(names)

    def product_suppliers(self, names: Iterable[str]) -> list[ProductSupply]:
        return self.public.suppliers(names)

    def enterprise_products(self, enterprise_ids: Iterable[str]) -> list[ProductSupply]:
        return self.public.of_enterprises(enterprise_ids)

    def industries(self, codes: Iterable[str] | None = None) -> list[Industry]:
        if codes is None:
            recs = self._records(NodeLabel.INDUSTRY)
        else:
            found = (self._rec(NodeLabel.INDUSTRY, c) for c in set(codes))
            recs = [r for r in found if r is not None]
        return sorted(recs, key=lambda r: r.code)

    def industry_members(self, codes: Iterable[str]) -> list[IndustryMembership]:
        _, by_ind = self._edges_index(RelType.IN_INDUSTRY)
        out = [m for c in set(codes) for m in by_ind.get(c, [])]
        return sorted(out, key=lambda m: (m.industry_code, m.enterprise_id))

    def enterprise_industries(self, enterprise_ids: Iterable[str]) -> list[IndustryMembership]:
        by_ent, _ = self._edges_index(RelType.IN_INDUSTRY)
        out = [m for e in set(enterprise_ids) for m in by_ent.get(e, [])]
        return sorted(out, key=lambda m: (m.enterprise_id, m.industry_code))

    def public_fact_dates(self) -> list[FactDates]:
        rows = self.public.fact_dates().items()
        return sort_fact_dates(FactDates(k, s, d, n) for (k, s, d), n in rows)

    def supply_ties(self, enterprise_ids: Iterable[str]) -> list[SupplyTie]:
        by_src, by_dst = self._edges_index(RelType.SUPPLIES)
        out: dict[tuple[str, str], SupplyTie] = {}
        for e in set(enterprise_ids):
            for t in (*by_src.get(e, []), *by_dst.get(e, [])):
                out[(t.from_id, t.to_id)] = t
        return [out[k] for k in sorted(out)]
