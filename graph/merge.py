"""Merging a newer record into the one a store already holds, for records that accumulate.

A project's status history and a firm's contact log grow with every file a planner loads, so
writing them must merge, not replace. The rules live here, once, as pure functions that every
store calls on write (the embedded store per record; a database store after reading the
existing records of the batch's ids), so all stores hold the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from .model import Profile, Project, ProjectStatus, StatusChange

__all__ = ["STAGE_ORDER", "merge_history", "merge_project", "merge_profile", "merge_batch"]

STAGE_ORDER: dict[ProjectStatus, int] = {s: i for i, s in enumerate(ProjectStatus)}

R = TypeVar("R", Project, Profile)


def merge_history(*histories: Iterable[StatusChange]) -> list[StatusChange]:
    """One dated history from several: sorted by date, duplicates and repeated stages collapsed.

    A run of the same stage keeps its first date (when the stage was reached); the notes of the
    later reports of that stage are kept, joined with ``; ``. A stage that comes back after
    another (在谈 → 终止 → 在谈) is a real change and stays.

    >>> from datetime import date as d
    >>> a = [StatusChange(status="在谈", on=d(2013, 1, 5))]
    >>> b = [StatusChange(status="在谈", on=d(2013, 3, 1), note="第二轮"),
    ...      StatusChange(status="签约", on=d(2013, 4, 2))]
    >>> [(c.status.value, c.on.isoformat(), c.note) for c in merge_history(a, b)]
    [('在谈', '2013-01-05', '第二轮'), ('签约', '2013-04-02', '')]
    """
    by_key: dict[tuple[date, ProjectStatus], StatusChange] = {}
    for history in histories:
        for change in history:
            key = (change.on, change.status)
            old = by_key.get(key)
            if old is not None:
                change = change.model_copy(
                    update={"note": change.note or old.note, "source": change.source or old.source}
                )
            by_key[key] = change
    ordered = sorted(by_key.values(), key=lambda c: (c.on, STAGE_ORDER[c.status]))
    out: list[StatusChange] = []
    for change in ordered:
        if out and out[-1].status == change.status:
            prev = out[-1]
            notes = [n for n in (prev.note, change.note) if n]
            note = "; ".join(dict.fromkeys(notes))
            out[-1] = prev.model_copy(update={"note": note, "source": prev.source or change.source})
            continue
        out.append(change)
    return out


def _newer(old_as_of: date | None, new_as_of: date | None) -> bool:
    """True when the new record is at least as recent as the old one (undated counts as old)."""
    if new_as_of is None:
        return old_as_of is None
    return old_as_of is None or new_as_of >= old_as_of


def merge_project(old: Project | None, new: Project) -> Project:
    """``new`` written over ``old``: histories merged; other fields from the more recent record.

    The current ``status`` is always the last stage of the merged history, so loading an
    older report after a newer one never moves a project back.
    """
    if old is None:
        base = new
        history = merge_history(new.history)
    else:
        base = new if _newer(old.as_of, new.as_of) else old
        history = merge_history(old.history, new.history)
    update: dict[str, object] = {"history": history}
    if history:
        update["status"] = history[-1].status
    if old is not None and base is old:
        update["as_of"] = old.as_of
    return base.model_copy(update=update)


def merge_profile(old: Profile | None, new: Profile) -> Profile:
    """``new`` written over ``old``: contacts accumulate; intentions and executives by key.

    Text fields (status, strategy, layout) take the more recent non-empty value, so a file that
    only adds contact entries never wipes them.
    """
    if old is None:
        return new.model_copy(
            update={"contacts": sorted(new.contacts, key=lambda c: (c.on, c.who, c.channel))}
        )
    newer = _newer(old.as_of, new.as_of)
    first, second = (old, new) if newer else (new, old)
    update: dict[str, object] = {}
    for name in ("status", "strategy", "layout", "source"):
        update[name] = getattr(second, name) or getattr(first, name)
    update["as_of"] = max((d for d in (old.as_of, new.as_of) if d), default=None)
    update["intentions"] = list(
        {i.key(): i for i in (*first.intentions, *second.intentions)}.values()
    )
    update["executives"] = list(
        {e.name: e for e in (*first.executives, *second.executives)}.values()
    )
    contacts = {c.key(): c for c in (*first.contacts, *second.contacts)}
    update["contacts"] = [contacts[k] for k in sorted(contacts)]
    return old.model_copy(update=update)


def merge_batch(
    existing: Callable[[list[str]], list[R]],
    incoming: Iterable[R],
    key: Callable[[R], str],
    merge: Callable[[R | None, R], R],
) -> list[R]:
    """The records to write for a batch: each incoming record merged, in order, onto what the
    store holds (``existing(ids)`` returns the stored records of those ids) and onto earlier
    records of the same batch. Sorted by key.
    """
    items = list(incoming)
    current: dict[str, R] = {key(r): r for r in existing(sorted({key(r) for r in items}))}
    for rec in items:
        k = key(rec)
        current[k] = merge(current.get(k), rec)
    return [current[k] for k in sorted({key(r) for r in items})]
