"""What a pinned view of the Neo4j store composes from records it has read already: the
product and industry neighbourhoods and keyed records answered from its memory (see
``connection.KeyedMemo``), grouped by the key they were asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

from ..model import (
    Enterprise,
    IndustryMembership,
    Presence,
    ProductLink,
    ProductSupply,
    Profile,
    SupplyTie,
)
from ..store import (
    IndustryNeighbourhood,
    ProductNeighbourhood,
)
from .connection import KeyedMemo
from .props import from_props

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _product_hood(
    links: Iterable[ProductLink],
    supplies: Iterable[ProductSupply],
    members: Iterable[IndustryMembership],
) -> ProductNeighbourhood:
    """The ``Store`` answer: each link once, every list sorted."""
    by_key = {(pl.from_name, pl.rel.value, pl.to_name): pl for pl in links}
    return ProductNeighbourhood(
        [by_key[k] for k in sorted(by_key)],
        sorted(supplies, key=lambda p: (p.product_name, p.enterprise_id)),
        sorted(members, key=lambda m: (m.enterprise_id, m.industry_code)),
    )


def _industry_hood(
    members: Iterable[IndustryMembership], products: Iterable[ProductSupply]
) -> IndustryNeighbourhood:
    return IndustryNeighbourhood(
        sorted(members, key=lambda m: (m.industry_code, m.enterprise_id)),
        sorted(products, key=lambda p: (p.enterprise_id, p.product_name)),
    )


def _both_ends(links: list[ProductLink], seeds: set[str]) -> list[tuple[str, ProductLink]]:
    """Each link under each of its ends that is a seed."""
    return [(n, pl) for pl in links for n in {pl.from_name, pl.to_name} & seeds]


def _id(e: Enterprise) -> str:
    return e.id


def _firm(rec: Presence | Profile) -> str:
    return rec.enterprise_id


def _grouped(
    keys: Iterable[str], records: Iterable[T], owner: Callable[[T], str]
) -> dict[str, tuple[T, ...]]:
    """``records`` by key (every one of ``keys`` present), as ``KeyedMemo.put`` returns them."""
    grouped: dict[str, list[T]] = {k: [] for k in keys}
    for rec in records:
        grouped.setdefault(owner(rec), []).append(rec)
    return {k: tuple(v) for k, v in grouped.items()}


def _hold(
    memo: KeyedMemo | None,
    keys: list[str],
    props: list[dict[str, Any]],
    cls: type[M],
    owner: Callable[[M], str],
) -> dict[str, tuple[M, ...]]:
    """Records of ``cls`` read for ``keys``, by ``owner`` (held in ``memo`` on a pinned view)."""
    recs = [from_props(cls, p) for p in props]
    if memo is None:
        return _grouped(keys, recs, owner)
    return memo.put(keys, recs, owner)


def _tie_ends(ties: list[SupplyTie], ids: set[str]) -> list[tuple[str, SupplyTie]]:
    """Each tie under each of its ends among ``ids``."""
    return [(e, t) for t in ties for e in {t.from_id, t.to_id} & ids]


def _neighbours(links: Iterable[ProductLink], seeds: Iterable[str]) -> set[str]:
    wanted = set(seeds)
    out: set[str] = set()
    for pl in links:
        if pl.from_name in wanted:
            out.add(pl.to_name)
        if pl.to_name in wanted:
            out.add(pl.from_name)
    return out


def _held_products(
    links_of: KeyedMemo,
    suppliers_of: KeyedMemo,
    industries_of: KeyedMemo,
    names: list[str],
    seeds: list[str],
    strong: list[str],
) -> tuple[list[ProductLink], list[ProductSupply], list[IndustryMembership]] | None:
    """``product_neighbourhood`` from what earlier reads found, or None when they did not
    find all of it (the same three hops: the seeds' links, the suppliers of the names, the
    seeds and their neighbours, the industries of the strong names' makers)."""
    held_links = links_of.get_all(seeds)
    if held_links is None:
        return None
    links = [pl for n in seeds for _, pl in held_links[n]]
    near = set(names) | set(seeds) | _neighbours(links, seeds)
    if not set(strong) <= near:
        return None
    suppliers = suppliers_of.get_all(near)
    if suppliers is None:
        return None
    makers = {s.enterprise_id for n in strong for s in suppliers[n]}
    industries = industries_of.get_all(makers)
    if industries is None:
        return None
    return (
        links,
        [s for n in near for s in suppliers[n]],
        [m for e in makers for m in industries[e]],
    )
