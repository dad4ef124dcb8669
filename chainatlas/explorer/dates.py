"""The dates of the facts a picture rests on: each firm's and segment's source and date in
the side panel, and the oldest and newest date in the page's footer (新鲜度).

The strings are data like any name: the page shows them with ``textContent`` and the
footer through the template's escaping.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chainatlas.explorer.view import CandidateInfo, ExplorerView, FirmInfo, ViewNode
from chainatlas.graph.store import Store
from chainatlas.words import Lang, say

__all__ = ["dated", "date_fact", "date_firms", "set_span", "footer"]


def dated(rec: Any, lang: Lang) -> str:
    """``source · 2026-01-01`` (the date, or 无日期/undated when the fact carries none)."""
    as_of = getattr(rec, "as_of", None)
    when = as_of.isoformat() if as_of is not None else say("x.undated", lang)
    source = str(getattr(rec, "source", "") or "")
    return f"{source} · {when}" if source else when


def date_fact(rec: Any, lang: Lang) -> tuple[str, str]:
    """The panel's row for a record: (来源与日期, ``dated(rec)``)."""
    return say("x.fact_date", lang), dated(rec, lang)


def date_firms(store: Store, nodes: list[ViewNode], lang: Lang) -> list[Any]:
    """Give every local firm and candidate of ``nodes`` its source and date; the firms' records."""
    ids = sorted(
        {f.enterprise_id for n in nodes for f in n.local_firms}
        | {c.enterprise_id for n in nodes for c in n.candidates}
    )
    firms = {e.id: e for e in store.enterprises(ids)} if ids else {}
    for node in nodes:
        infos: list[FirmInfo | CandidateInfo] = [*node.local_firms, *node.candidates]
        for info in infos:
            ent = firms.get(info.enterprise_id)
            if ent is None:
                continue
            info.source = ent.source
            info.as_of = ent.as_of.isoformat() if ent.as_of else None
            info.dated = dated(ent, lang)
    return list(firms.values())


def set_span(view: ExplorerView, records: Iterable[Any]) -> ExplorerView:
    """The oldest and newest date among ``records`` on ``view`` (None when none is dated)."""
    dates = sorted(d for r in records if (d := getattr(r, "as_of", None)) is not None)
    view.oldest = dates[0].isoformat() if dates else None
    view.newest = dates[-1].isoformat() if dates else None
    return view


def footer(view: ExplorerView) -> str:
    """The footer's line: the oldest and newest date of the facts the picture rests on."""
    if view.oldest is None or view.newest is None:
        return say("x.no_dates", view.lang)
    return say("x.dates", view.lang, oldest=view.oldest, newest=view.newest)
