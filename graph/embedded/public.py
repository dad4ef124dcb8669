"""Public product data of the embedded store, held column-wise so a big import opens fast.

A chainkg import brings ~95k products, ~110k product links and ~51k main-product edges. As
graph nodes with a pydantic record each they take seconds to unpickle; as sorted columns of
strings plus integer permutations they load in a fraction of that, and every retrieval is a
binary search. Records are built only for what a retrieval returns.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..model import Product, ProductLink, ProductSupply, RelType
from ..name_search import join_names, search_joined

__all__ = ["PublicTables"]

_RELS = (RelType.MADE_FROM, RelType.SUBTYPE_OF)
Meta = tuple[str, date | None]


class PublicTables:
    """Products, ``MADE_FROM``/``SUBTYPE_OF`` links and enterprise→product edges."""

    def __init__(self) -> None:
        self.meta: list[Meta] = []
        self.p_name: list[str] = []
        self.p_meta = array("I")
        self.l_from = array("I")  # indices into p_name
        self.l_to = array("I")
        self.l_rel = bytearray()
        self.l_meta = array("I")
        self.l_by_to = array("I")
        self.s_ent: list[str] = []
        self.s_prod = array("I")  # indices into p_name
        self.s_weight = array("d")
        self.s_evidence: list[str] = []
        self.s_meta = array("I")
        self.s_by_ent = array("I")
        self.text = ""
        self.offsets = array("I")

    # -- persistence: plain columns pickle and unpickle fast -------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # -- writing ------------------------------------------------------------------------------
    def _meta_index(self, source: str, as_of: date | None, cache: dict[Meta, int]) -> int:
        key = (source, as_of)
        if key not in cache:
            cache[key] = len(self.meta)
            self.meta.append(key)
        return cache[key]

    def merge(
        self,
        products: Iterable[Product],
        links: Iterable[ProductLink],
        supplies: Iterable[ProductSupply],
    ) -> None:
        """Merge a batch (records keyed by name, (from, rel, to), (enterprise, product))."""
        products, links, supplies = list(products), list(links), list(supplies)
        if not (products or links or supplies):
            return
        cache = {m: i for i, m in enumerate(self.meta)}
        prods = dict(zip(self.p_name, self.p_meta, strict=True))
        name = self.p_name
        for p in products:
            prods[p.name] = self._meta_index(p.source, p.as_of, cache)
        lks = {
            (name[a], r, name[b]): m
            for a, r, b, m in zip(self.l_from, self.l_rel, self.l_to, self.l_meta, strict=True)
        }
        for lk in links:
            lks[(lk.from_name, _RELS.index(lk.rel), lk.to_name)] = self._meta_index(
                lk.source, lk.as_of, cache
            )
            for n in (lk.from_name, lk.to_name):
                prods.setdefault(n, self._meta_index(lk.source, lk.as_of, cache))
        sups = {
            (name[p], e): (w, ev, m)
            for e, p, w, ev, m in zip(
                self.s_ent, self.s_prod, self.s_weight, self.s_evidence, self.s_meta, strict=True
            )
        }
        for s in supplies:
            w = math.nan if s.weight is None else float(s.weight)
            sups[(s.product_name, s.enterprise_id)] = (
                w,
                s.evidence,
                self._meta_index(s.source, s.as_of, cache),
            )
            prods.setdefault(s.product_name, self._meta_index(s.source, s.as_of, cache))
        self._build(prods, lks, sups)

    def restore(
        self,
        products: dict[str, Product | None],
        links: dict[tuple[str, RelType, str], ProductLink | None],
        supplies: dict[tuple[str, str], ProductSupply | None],
    ) -> None:
        """Set these products, links ((from, rel, to)) and supplies ((enterprise, product)) to
        the given records, ``None`` removing one (an undo, a firm removed)."""
        if not (products or links or supplies):
            return
        cache = {m: i for i, m in enumerate(self.meta)}
        name = self.p_name
        prods = dict(zip(self.p_name, self.p_meta, strict=True))
        lks = {
            (name[a], r, name[b]): m
            for a, r, b, m in zip(self.l_from, self.l_rel, self.l_to, self.l_meta, strict=True)
        }
        sups = {
            (name[p], e): (w, ev, m)
            for e, p, w, ev, m in zip(
                self.s_ent, self.s_prod, self.s_weight, self.s_evidence, self.s_meta, strict=True
            )
        }
        for (f, rel, t), lk in links.items():
            if lk is None:
                lks.pop((f, _RELS.index(rel), t), None)
            else:
                lks[(f, _RELS.index(rel), t)] = self._meta_index(lk.source, lk.as_of, cache)
        for (e, pname), sp in supplies.items():
            if sp is None:
                sups.pop((pname, e), None)
            else:
                w = math.nan if sp.weight is None else float(sp.weight)
                sups[(pname, e)] = (w, sp.evidence, self._meta_index(sp.source, sp.as_of, cache))
        for pname, prod in products.items():
            if prod is None:
                prods.pop(pname, None)
            else:
                prods[pname] = self._meta_index(prod.source, prod.as_of, cache)
        used = {n for f, _, t in lks for n in (f, t)} | {pn for pn, _ in sups}
        missing = used - prods.keys()
        if missing:  # a link or supply left without its product: never after a true undo
            raise ValueError(f"product tables: {len(missing)} products still in use")
        self._build(prods, lks, sups)

    def link_at(self, from_name: str, rel: RelType, to_name: str) -> ProductLink | None:
        """The link (from, rel, to), if held."""
        for lk in self.links([from_name]):
            if lk.rel == rel and lk.from_name == from_name and lk.to_name == to_name:
                return lk
        return None

    def supply_at(self, enterprise_id: str, product_name: str) -> ProductSupply | None:
        """The supply of ``product_name`` by ``enterprise_id``, if held."""
        for sp in self.suppliers([product_name]):
            if sp.enterprise_id == enterprise_id:
                return sp
        return None

    def _build(
        self,
        prods: dict[str, int],
        lks: dict[tuple[str, int, str], int],
        sups: dict[tuple[str, str], tuple[float, str, int]],
    ) -> None:
        names = sorted(prods)
        where = {n: i for i, n in enumerate(names)}
        self.p_name = names
        self.p_meta = array("I", (prods[n] for n in names))
        keys = sorted(lks)
        self.l_from = array("I", (where[k[0]] for k in keys))
        self.l_rel = bytearray(k[1] for k in keys)
        self.l_to = array("I", (where[k[2]] for k in keys))
        self.l_meta = array("I", (lks[k] for k in keys))
        self.l_by_to = array("I", sorted(range(len(keys)), key=lambda i: (self.l_to[i], i)))
        skeys = sorted(sups)
        self.s_prod = array("I", (where[k[0]] for k in skeys))
        interned: dict[str, str] = {}
        self.s_ent = [interned.setdefault(k[1], k[1]) for k in skeys]
        self.s_weight = array("d", (sups[k][0] for k in skeys))
        self.s_evidence = [sups[k][1] for k in skeys]
        self.s_meta = array("I", (sups[k][2] for k in skeys))
        self.s_by_ent = array(
            "I", sorted(range(len(skeys)), key=lambda i: (self.s_ent[i], self.s_prod[i]))
        )
        self.text, self.offsets = join_names(names)

    # -- counting -------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        made = sum(1 for r in self.l_rel if r == 0)
        return {
            "Product": len(self.p_name),
            RelType.MADE_FROM.value: made,
            RelType.SUBTYPE_OF.value: len(self.l_rel) - made,
            RelType.CAN_SUPPLY.value: len(self.s_prod),
        }

    def fact_dates(self) -> dict[tuple[str, str, date | None], int]:
        """(kind, source, as_of) → how many products and product links have them."""
        from collections import Counter

        out: dict[tuple[str, str, date | None], int] = {}
        for kind, column in (("product", self.p_meta), ("product link", self.l_meta)):
            for m, n in Counter(column).items():
                out[(kind, *self.meta[m])] = n
        return out

    # -- records --------------------------------------------------------------------------------
    def _link(self, i: int) -> ProductLink:
        source, as_of = self.meta[self.l_meta[i]]
        return ProductLink.model_construct(
            from_name=self.p_name[self.l_from[i]],
            to_name=self.p_name[self.l_to[i]],
            rel=_RELS[self.l_rel[i]],
            source=source,
            as_of=as_of,
        )

    def _supply(self, i: int) -> ProductSupply:
        source, as_of = self.meta[self.s_meta[i]]
        w = self.s_weight[i]
        return ProductSupply.model_construct(
            enterprise_id=self.s_ent[i],
            product_name=self.p_name[self.s_prod[i]],
            weight=None if math.isnan(w) else w,
            evidence=self.s_evidence[i],
            source=source,
            as_of=as_of,
        )

    # -- retrievals ------------------------------------------------------------------------------
    def products(self, names: Iterable[str]) -> list[Product]:
        out = []
        for n in sorted(set(names)):
            i = bisect_left(self.p_name, n)
            if i < len(self.p_name) and self.p_name[i] == n:
                source, as_of = self.meta[self.p_meta[i]]
                out.append(Product.model_construct(name=n, source=source, as_of=as_of))
        return out

    def _index(self, name: str) -> int | None:
        i = bisect_left(self.p_name, name)
        return i if i < len(self.p_name) and self.p_name[i] == name else None

    def known(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` that are products, sorted."""
        return sorted(n for n in set(names) if self._index(n) is not None)

    def search(self, terms: Iterable[str], limit: int) -> list[str]:
        """Names containing any term (case-sensitive substring), sorted, at most ``limit``."""
        return search_joined(self.text, self.offsets, self.p_name, terms, limit)

    def links(self, names: Iterable[str]) -> list[ProductLink]:
        idx: set[int] = set()
        for n in set(names):
            k = self._index(n)
            if k is None:
                continue
            lo, hi = bisect_left(self.l_from, k), bisect_right(self.l_from, k)
            idx.update(range(lo, hi))
            lo = bisect_left(self.l_by_to, k, key=lambda i: self.l_to[i])
            hi = bisect_right(self.l_by_to, k, key=lambda i: self.l_to[i])
            idx.update(self.l_by_to[lo:hi])
        recs = [self._link(i) for i in idx]
        return sorted(recs, key=lambda r: (r.from_name, r.rel.value, r.to_name))

    def suppliers(self, names: Iterable[str]) -> list[ProductSupply]:
        out: list[ProductSupply] = []
        for n in sorted(set(names)):
            k = self._index(n)
            if k is None:
                continue
            lo, hi = bisect_left(self.s_prod, k), bisect_right(self.s_prod, k)
            out.extend(self._supply(i) for i in range(lo, hi))
        return out

    def of_enterprises(self, ids: Iterable[str]) -> list[ProductSupply]:
        out: list[ProductSupply] = []
        for e in sorted(set(ids)):
            lo = bisect_left(self.s_by_ent, e, key=lambda i: self.s_ent[i])
            hi = bisect_right(self.s_by_ent, e, key=lambda i: self.s_ent[i])
            out.extend(self._supply(i) for i in self.s_by_ent[lo:hi])
        return out
