"""The target information base (信息库): profile text, intentions, executives and contact log.

One row per firm and fact (CSV/XLSX/JSON); a row may carry profile text, one intention, one
executive and one contact entry (any of them), and rows of the same firm merge::

    enterprise,contact_date,who,channel,counterpart,outcome,next_step,next_date,source
    宁德时代,2013-03-12,市招商局,走访,投资部,介绍电池产业园,寄送园区资料,2013-04-15,招商台账

In YAML (a list under ``profiles:``) a profile lists its ``intentions``, ``executives`` and
``contacts``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from chainatlas.graph.merge import merge_profile
from chainatlas.graph.model import (
    Atlas,
    ContactChannel,
    ContactEntry,
    Executive,
    Intention,
    Profile,
)

from .report import LoadReport
from .tabular import normalise_header
from .values import LoadContext, parse_date
from .workflow_items import (
    Bad,
    Item,
    finish,
    items,
    need,
    parse,
    resolve_enterprise,
    validated,
)
from .workflow_items import (
    region as _region,
)
from .workflow_words import PROFILE_HEADERS, parse_channel, parse_investment

__all__ = ["read_profiles", "parse_channel", "PROFILE_HEADERS"]


def _intention(
    item: Item, report: LoadReport[Atlas], ctx: LoadContext, base: dict[str, Any]
) -> Intention | None:
    seg_text = item.text("intention_segment")
    region = _region(item, report, "intention_region")
    if not (seg_text or region or item.text("intention_note")):
        return None
    seg_id = ""
    if seg_text and ctx.check_references:
        seg_id = ctx.resolve_segment(seg_text) or ""
        if not seg_id:
            hint = ctx.suggest_segments(seg_text)
            report.add(
                "unresolved-segment",
                f"intention segment {seg_text!r} matches no segment; kept as text"
                + (f" (did you mean {', '.join(hint)}?)" if hint else ""),
                field=item.field("intention_segment"),
                value=seg_text,
                severity="warning",
                **item.where,
            )
    elif seg_text:
        seg_id = seg_text
    return validated(
        item,
        report,
        Intention,
        segment_id=seg_id,
        segment_text=seg_text,
        region_code=region,
        investment_100m_cny=parse(item, report, "intention_investment", parse_investment),
        timing=item.text("intention_timing"),
        note=item.text("intention_note"),
        **base,
    )


def _executive(item: Item, report: LoadReport[Atlas], base: dict[str, Any]) -> Executive | None:
    name = item.text("executive")
    if not name:
        return None
    return validated(
        item,
        report,
        Executive,
        name=name,
        role=item.text("role"),
        home_town=item.text("home_town"),
        alma_mater=item.text("alma_mater"),
        ties=item.text("ties"),
        **base,
    )


def _contact(item: Item, report: LoadReport[Atlas], source: str) -> ContactEntry | None:
    on = parse(item, report, "contact_date", parse_date)
    if on is None:
        if any(item.text(k) for k in ("outcome", "next_step", "who", "counterpart")):
            need(item, report, "contact_date", "the date of the contact")
        return None
    channel = parse_channel(item.values.get("channel"))
    if channel is None:
        report.add(
            "unknown-channel",
            "channel not recognised (走访, 来访, 会谈, 电话, 函件); recorded as 'other'",
            field=item.field("channel"),
            value=item.values.get("channel"),
            severity="warning",
            **item.where,
        )
        channel = ContactChannel.OTHER
    return validated(
        item,
        report,
        ContactEntry,
        on=on,
        who=item.text("who"),
        counterpart=item.text("counterpart"),
        channel=channel,
        outcome=item.text("outcome"),
        next_step=item.text("next_step"),
        next_date=parse(item, report, "next_date", parse_date),
        source=item.text("source") or source,
    )


def _nested(
    item: Item,
    report: LoadReport[Atlas],
    key: str,
    defaults: dict[str, Any],
    aliases: dict[str, str],
) -> Iterator[Item]:
    """The entries of a YAML profile's list (``intentions``, ``executives``, ``contacts``)."""
    raw = item.values.get(key) or []
    for n, entry in enumerate(raw if isinstance(raw, list) else [raw], start=1):
        entry = entry if isinstance(entry, dict) else {"_": entry}
        unknown = [k for k in entry if k != "_" and normalise_header(k) not in aliases]
        if unknown:  # every key understood, or the load stops (issue 16)
            name = str(unknown[0])
            closest = PROFILE_HEADERS.closest(normalise_header(name))
            report.add(
                "unknown-field",
                f"unknown key {name!r} in {key}[{n}]"
                + (f"; did you mean {closest!r}?" if closest else "")
                + " (`chainatlas formats profiles` lists the keys)",
                field=f"{key}[{n}].{name}",
                value=entry[unknown[0]],
                **item.where,
            )
            raise Bad
        values = {
            aliases.get(normalise_header(k), normalise_header(k)): v for k, v in entry.items()
        }
        for k, v in defaults.items():
            values.setdefault(k, v)
        yield Item(values, item.where, {k: f"{key}[{n}].{k}" for k in values}, f"{key}[{n}]")


_NESTED_KEYS = {
    "intentions": {
        "segment": "intention_segment",
        "region": "intention_region",
        "region_code": "intention_region",
        "investment_100m_cny": "intention_investment",
        "investment": "intention_investment",
        "timing": "intention_timing",
        "note": "intention_note",
    },
    "executives": {"name": "executive"},
    "contacts": {"date": "contact_date", "on": "contact_date", "true": "contact_date"},
}


def _profile_parts(
    item: Item, report: LoadReport[Atlas], ctx: LoadContext, source: str, as_of: date | None
) -> tuple[list[Intention], list[Executive], list[ContactEntry]]:
    intentions: list[Intention] = []
    executives: list[Executive] = []
    contacts: list[ContactEntry] = []
    groups = [item]
    if any(k in item.values for k in _NESTED_KEYS):  # YAML
        groups = []
        defaults = {"source": source, "as_of": item.values.get("as_of")}
        for key, aliases in _NESTED_KEYS.items():
            groups += list(_nested(item, report, key, defaults, {**PROFILE_HEADERS, **aliases}))
    for g in groups:
        g_as_of = parse(g, report, "as_of", parse_date) or as_of
        g_source = g.text("source") or source
        base: dict[str, Any] = {"source": g_source, "as_of": g_as_of}
        if (i := _intention(g, report, ctx, base)) is not None:
            intentions.append(i)
        if (e := _executive(g, report, base)) is not None:
            executives.append(e)
        if (c := _contact(g, report, g_source)) is not None:
            contacts.append(c)
    return intentions, executives, contacts


def read_profiles(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read the target information base: profile text, intentions, executives, contact log."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="profiles")
    ctx = context or LoadContext(check_references=False)
    merged: dict[str, Profile] = {}
    for item in items(path, report, "profiles", {"enterprise"}):
        try:
            need(item, report, "enterprise", "the firm's id or name")
            eid = resolve_enterprise(item, report, ctx, "enterprise")
            source = item.text("source")
            as_of = parse(item, report, "as_of", parse_date)
            intentions, executives, contacts = _profile_parts(item, report, ctx, source, as_of)
            profile = validated(
                item,
                report,
                Profile,
                enterprise_id=eid,
                status=item.text("status"),
                strategy=item.text("strategy"),
                layout=item.text("layout"),
                intentions=intentions,
                executives=executives,
                contacts=contacts,
                source=source,
                as_of=as_of,
            )
        except Bad:
            continue
        merged[eid] = merge_profile(merged.get(eid), profile)
    return finish(report, Atlas(profiles=[merged[k] for k in sorted(merged)]))
