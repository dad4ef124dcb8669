"""How old the store's facts are: every fact carries its ``source`` and ``as_of`` date, so the
facts can be listed by source, oldest first, and those older than an age picked out (新鲜度).

>>> parse_age("18m"), parse_age("2y"), parse_age("90d"), parse_age("3周")
(Age(months=18, days=0), Age(months=24, days=0), Age(months=0, days=90), Age(months=0, days=21))
>>> cutoff(Age(months=18), today=date(2026, 8, 31)).isoformat()
'2025-02-28'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

__all__ = [
    "Age",
    "SourceAge",
    "FreshnessReport",
    "parse_age",
    "cutoff",
    "freshness_report",
    "facts_of",
    "dated_counts",
    "rest_on",
]

_AGE = re.compile(r"^\s*(\d+)\s*([a-zA-Z\u4e00-\u9fff]+)\s*$")
_UNITS = {
    "d": (0, 1), "day": (0, 1), "days": (0, 1), "天": (0, 1), "日": (0, 1),
    "w": (0, 7), "week": (0, 7), "weeks": (0, 7), "周": (0, 7),
    "m": (1, 0), "mo": (1, 0), "month": (1, 0), "months": (1, 0), "月": (1, 0), "个月": (1, 0),
    "y": (12, 0), "year": (12, 0), "years": (12, 0), "年": (12, 0),
}  # fmt: skip


class Age(NamedTuple):
    """An age in months and days (``18m`` is 18 months)."""

    months: int = 0
    days: int = 0


def parse_age(text: str) -> Age:
    """``18m``, ``2y``, ``90d``, ``6w`` (or 18个月, 2年, 90天, 6周) as an ``Age``."""
    m = _AGE.match(text or "")
    unit = _UNITS.get(m.group(2).lower()) if m else None
    if m is None or unit is None:
        raise ChainAtlasError(
            f"age {text!r} is not a number with a unit; write e.g. 18m (months), 2y, 90d or 6w"
        )
    n = int(m.group(1))
    return Age(months=n * unit[0], days=n * unit[1])


def cutoff(age: Age, today: date | None = None) -> date:
    """The date ``age`` before ``today`` (a month back from the 31st is the month's last day)."""
    from datetime import timedelta

    today = today or date.today()
    months = today.year * 12 + (today.month - 1) - age.months
    year, month = divmod(months, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) - timedelta(days=age.days)


class SourceAge(BaseModel):
    """The facts of one source: how many, of which kinds, the oldest and newest date."""

    source: str
    facts: int
    undated: int = 0
    oldest: str | None = None  # ISO date; None when every fact of the source is undated
    newest: str | None = None
    kinds: dict[str, int] = Field(default_factory=dict)


class FreshnessReport(BaseModel):
    """Facts by source, oldest first (undated sources first: their age is unknown)."""

    today: str
    older_than: str | None = None  # the cutoff date, when only older facts are listed
    sources: list[SourceAge] = Field(default_factory=list)

    @property
    def scope(self) -> str:
        return f"dated before {self.older_than} or undated" if self.older_than else "in the store"


def facts_of(store: Store) -> Iterable[tuple[str, Any]]:
    """Every fact of the store as (kind, record): the nodes, and the relationships that carry
    a source (capabilities, presences, supply links and ties, main products, industry
    memberships). Products and product links are counted, not read: see ``dated_counts``."""
    yield from (("chain", r) for r in store.chains())
    for chain in store.chains():
        yield from (("supply link", r) for r in store.chain_links(chain.id))
    yield from (("segment", r) for r in store.segments())
    firms = store.enterprises()
    ids = [e.id for e in firms]
    yield from (("firm", r) for r in firms)
    yield from (("segment tag", r) for r in store.capabilities_of(ids))
    yield from (("presence", r) for r in store.presences(ids))
    yield from (("supply tie", r) for r in store.supply_ties(ids))
    yield from (("main product", r) for r in store.enterprise_products(ids))
    yield from (("industry membership", r) for r in store.enterprise_industries(ids))
    yield from (("region", r) for r in store.regions())
    yield from (("weak link", r) for r in store.weak_links())
    yield from (("cluster", r) for r in store.clusters())
    yield from (("project", r) for r in store.projects())
    yield from (("profile", r) for r in store.profiles())
    yield from (("industry", r) for r in store.industries())


def freshness_report(
    store: Store, *, older_than: Age | None = None, today: date | None = None
) -> FreshnessReport:
    """The facts by source, oldest first; with ``older_than``, only the facts dated before
    that age (and the undated ones, whose age nobody knows)."""
    today = today or date.today()
    limit = cutoff(older_than, today) if older_than is not None else None
    table: dict[str, dict[str, Any]] = {}
    for kind, source, as_of, n in dated_counts(store):
        if limit is not None and as_of is not None and as_of >= limit:
            continue
        row = table.setdefault(source, {"dates": set(), "facts": 0, "undated": 0, "kinds": {}})
        row["facts"] += n
        if as_of is None:
            row["undated"] += n
        else:
            row["dates"].add(as_of)
        row["kinds"][kind] = row["kinds"].get(kind, 0) + n
    sources = [
        SourceAge(
            source=source,
            facts=row["facts"],
            undated=row["undated"],
            oldest=min(row["dates"]).isoformat() if row["dates"] else None,
            newest=max(row["dates"]).isoformat() if row["dates"] else None,
            kinds=dict(sorted(row["kinds"].items())),
        )
        for source, row in table.items()
    ]
    sources.sort(key=lambda s: (s.oldest is not None, s.oldest or "", s.source))
    return FreshnessReport(
        today=today.isoformat(),
        older_than=limit.isoformat() if limit is not None else None,
        sources=sources,
    )


def dated_counts(store: Store) -> Iterable[tuple[str, str, date | None, int]]:
    """(kind, source, date, how many) for every fact: the records of ``facts_of`` one by one,
    products and product links as the store counts them (``Store.public_fact_dates``)."""
    for kind, rec in facts_of(store):
        yield kind, rec.source, getattr(rec, "as_of", None), 1
    yield from store.public_fact_dates()


def rest_on(records: Iterable[Any]) -> str | None:
    """The oldest date among the records an answer rests on (ISO), None when none is dated."""
    dates = [d for r in records if (d := getattr(r, "as_of", None)) is not None]
    return min(dates).isoformat() if dates else None
