"""The city's workflow files: clusters (产业集群), key projects (重点项目), target profiles (信息库).

Each kind reads from CSV/XLSX/JSON (one row per record, English or Chinese headers) or YAML (a
list under ``clusters:``, ``projects:`` or ``profiles:``; top-level ``source`` and ``as_of`` apply
to every item that has none). Every problem names the file, the line or row, the field and
the value. Enterprises and segments may be written as ids, names or aliases; they are resolved
against the atlas (the store plus the files of the same load).

Clusters (one row per cluster)::

    cluster_id,name,park,region_code,chain,segments,members,lead,source,as_of
    xx-battery,新乡电池产业集群,新乡经开区,410771,battery-ev,battery-cells;battery-packs,kelong;tianli,kelong,…

Projects: one row per project per status change, so a tracking sheet's history and a
quarter's snapshot both load; loading a newer file adds to each project's history::

    project_id,name,enterprise,segments,investment_100m_cny,status,status_date,responsible_unit,lead_official,region_code,note,source,as_of
    p-001,锂电隔膜项目,某隔膜公司,separators,12,在谈,2013-01-15,新乡经开区,张某某,410771,第二轮洽谈,…

Profiles: one row per firm and fact; a row may carry profile text, one intention, one
executive and one contact entry (any of them), and rows of the same firm merge::

    enterprise,contact_date,who,channel,counterpart,outcome,next_step,next_date,source
    宁德时代,2013-03-12,市招商局,走访,投资部,介绍电池产业园,寄送园区资料,2013-04-15,招商台账
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from chainatlas.graph.merge import merge_profile, merge_project
from chainatlas.graph.model import (
    Atlas,
    Cluster,
    ContactChannel,
    ContactEntry,
    Executive,
    Intention,
    Profile,
    Project,
    ProjectStatus,
    StatusChange,
)
from pydantic import BaseModel, ValidationError

from .report import LoadReport, problems_from_validation
from .tabular import iter_rows, normalise_header, read_text
from .values import LoadContext, make_id, parse_date, parse_number, split_list
from .workflow_words import (
    CHANNEL_WORDS,
    CLUSTER_HEADERS,
    PROFILE_HEADERS,
    PROJECT_HEADERS,
    STATUS_WORDS,
)

__all__ = [
    "read_clusters",
    "read_projects",
    "read_profiles",
    "parse_status",
    "parse_channel",
    "parse_investment",
    "CLUSTER_HEADERS",
    "PROJECT_HEADERS",
    "PROFILE_HEADERS",
]


def parse_status(value: Any) -> ProjectStatus:
    """A pipeline stage from how a planner writes it: ``在谈``, ``洽谈中``, ``signed``, ``建成投产``."""
    text = _text(value)
    key = text.lower().replace(" ", "_").replace("-", "_")
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    raise ValueError(
        f"stage {text!r} is not one of {' → '.join(s.value for s in ProjectStatus)} "
        "(English: promoted, negotiating, signed, to_start, under_construction, "
        "in_production, terminated)"
    )


def parse_channel(value: Any) -> ContactChannel | None:
    """How a contact happened (走访, 来访, 洽谈会, 电话, 函件…); None when it cannot tell."""
    text = _text(value).lower()
    if not text:
        return ContactChannel.OTHER
    for word, channel in CHANNEL_WORDS:
        if word in text:
            return channel
    return None


def parse_investment(value: Any) -> float | None:
    """An amount in 亿元 (100 million yuan): ``12``, ``12亿``, ``12 亿元``, ``5000万`` → 0.5."""
    text = _text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    factor = 1.0
    m = re.fullmatch(r"(.+?)\s*(亿元|亿|万元|万)", text)
    if m:
        text, unit = m.group(1), m.group(2)
        factor = 1e-4 if unit.startswith("万") else 1.0
    number = parse_number(text)
    return None if number is None else round(number * factor, 6)


M = TypeVar("M", bound=BaseModel)


# -- reading items from tables or YAML ----------------------------------------------------------
@dataclass
class _Item:
    values: dict[str, Any]
    where: dict[str, int | None]
    headers: dict[str, str]
    prefix: str = ""

    def field(self, key: str) -> str:
        return self.headers.get(key) or (f"{self.prefix}.{key}" if self.prefix else key)

    def text(self, key: str) -> str:
        return _text(self.values.get(key))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _yaml_items(
    path: Path, report: LoadReport[Atlas], top: str, aliases: dict[str, str]
) -> Iterator[_Item]:
    text = read_text(path, report)
    if text is None:
        return
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(
            "bad-yaml",
            f"YAML syntax error: {getattr(exc, 'problem', None) or exc}",
            line=mark.line + 1 if mark else None,
        )
        return
    if not isinstance(data, dict) or not isinstance(data.get(top), list):
        report.add("bad-yaml", f"the file must have a list under '{top}:'", line=1, field=top)
        return
    seq = next(v for k, v in root.value if k.value == top)  # type: ignore[union-attr]
    defaults = {k: data[k] for k in ("source", "as_of") if k in data}
    for node, item in zip(seq.value, data[top], strict=True):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            report.add("bad-yaml", f"each item under '{top}:' must be a mapping", line=line)
            continue
        values = {aliases.get(normalise_header(k), normalise_header(k)): v for k, v in item.items()}
        for k, v in defaults.items():
            values.setdefault(k, v)
        yield _Item(values, {"line": line, "row": None}, {k: k for k in values})


def _items(
    path: Path, report: LoadReport[Atlas], top: str, aliases: dict[str, str], required: set[str]
) -> Iterator[_Item]:
    if path.suffix.lower() in {".yaml", ".yml"}:
        yield from _yaml_items(path, report, top, aliases)
        return
    for row in iter_rows(path, report, aliases, required=required):
        yield _Item(row.values, row.where(), row.raw_headers or {})


class _Bad(Exception):
    """A row problem already recorded in the report: skip the row."""


def _need(item: _Item, report: LoadReport[Atlas], key: str, what: str) -> str:
    value = item.text(key)
    if not value:
        report.add(
            "missing-value",
            f"{item.field(key)} is required: {what}",
            field=item.field(key),
            **item.where,
        )
        raise _Bad
    return value


def _parse(item: _Item, report: LoadReport[Atlas], key: str, parse: Callable[[Any], Any]) -> Any:
    try:
        return parse(item.values.get(key))
    except (ValueError, TypeError) as exc:
        report.add(
            "invalid-value",
            str(exc),
            field=item.field(key),
            value=item.values.get(key),
            **item.where,
        )
        raise _Bad from None


def _enterprise(item: _Item, report: LoadReport[Atlas], ctx: LoadContext, key: str) -> str:
    ref = item.text(key)
    if not ref or not ctx.check_references:
        return ref
    found = ctx.resolve_enterprise(ref)
    if found is None:
        report.add(
            "unknown-reference",
            f"enterprise {ref!r} is not in the atlas; load the enterprise registry first, "
            "or write the firm's id, name or an alias exactly as the registry has it",
            field=item.field(key),
            value=ref,
            **item.where,
        )
        raise _Bad
    return found


def _segments(
    item: _Item, report: LoadReport[Atlas], ctx: LoadContext, key: str, chain_id: str = ""
) -> list[str]:
    out: list[str] = []
    bad = False
    for ref in split_list(item.values.get(key)):
        if not ctx.check_references:
            out.append(ref)
            continue
        found = ctx.resolve_segment(ref, chain_id or None)
        if found is None:
            hint = ctx.suggest_segments(ref, chain_id or None)
            scope = f" of chain {chain_id!r}" if chain_id else ""
            report.add(
                "unknown-reference",
                f"segment {ref!r} is not a segment{scope} in the atlas; use its id, name or an "
                "alias" + (f" (did you mean {', '.join(hint)}?)" if hint else ""),
                field=item.field(key),
                value=ref,
                **item.where,
            )
            bad = True
            continue
        out.append(found)
    if bad:
        raise _Bad
    return list(dict.fromkeys(out))


def _validated(item: _Item, report: LoadReport[Atlas], model: type[M], **data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems_from_validation(
            report, exc, values=item.values, field_names=item.headers, **item.where
        )
        raise _Bad from None


def _finish(report: LoadReport[Atlas], atlas: Atlas) -> LoadReport[Atlas]:
    if report.ok:
        report.valid.append(atlas)
    return report


# -- clusters -----------------------------------------------------------------------------------
def read_clusters(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read cluster records (产业集群): park, chain, segments, member firms and the lead firm."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="clusters")
    ctx = context or LoadContext(check_references=False)
    atlas = Atlas()
    seen: set[str] = set()
    for item in _items(path, report, "clusters", CLUSTER_HEADERS, {"name"}):
        try:
            name = _need(item, report, "name", "the cluster's name")
            chain = item.text("chain")
            if chain and ctx.check_references:
                resolved = ctx.resolve_chain(chain)
                if resolved is None:
                    report.add(
                        "unknown-reference",
                        f"chain {chain!r} is not in the atlas; known: "
                        f"{', '.join(sorted(ctx.chains)) or 'none — load the chain maps first'}",
                        field=item.field("chain"),
                        value=chain,
                        **item.where,
                    )
                    raise _Bad
                chain = resolved
            members = [
                _enterprise(_sub(item, "members", m), report, ctx, "members")
                for m in split_list(item.values.get("members"))
            ]
            lead = _enterprise(item, report, ctx, "lead")
            if lead and lead not in members:
                members.insert(0, lead)
            cid = item.text("id") or make_id("cl", name, item.text("park"))
            cluster = _validated(
                item,
                report,
                Cluster,
                id=cid,
                name=name,
                park=item.text("park"),
                region_code=item.text("region_code"),
                chain_id=chain,
                segment_ids=_segments(item, report, ctx, "segments", chain),
                member_ids=list(dict.fromkeys(members)),
                lead_id=lead,
                source=item.text("source"),
                as_of=_parse(item, report, "as_of", parse_date),
            )
        except _Bad:
            continue
        if cluster.id in seen:
            report.add(
                "duplicate-id",
                f"cluster id {cluster.id!r} appears twice; ids must be unique",
                field=item.field("id"),
                value=cluster.id,
                **item.where,
            )
            continue
        seen.add(cluster.id)
        atlas.clusters.append(cluster)
    return _finish(report, atlas)


def _sub(item: _Item, key: str, value: str) -> _Item:
    """The same item with one list element in place of ``key`` (to check it alone)."""
    return _Item({**item.values, key: value}, item.where, item.headers)


# -- projects -----------------------------------------------------------------------------------
# ``on`` is a YAML 1.1 boolean: ``{on: 2013-01-01}`` arrives with the key True
_HISTORY_KEYS = {
    "true": "on",
    "date": "on",
    "日期": "on",
    "状态": "status",
    "阶段": "status",
    "说明": "note",
}


def _history(item: _Item, report: LoadReport[Atlas], default_source: str) -> list[StatusChange]:
    raw = item.values.get("history")
    if raw is not None:  # YAML: a list of {status, on, note, source}
        if not isinstance(raw, list):
            report.add("invalid-value", "history must be a list", field="history", **item.where)
            raise _Bad
        out = []
        for n, step in enumerate(raw, start=1):
            step = step if isinstance(step, dict) else {}
            sub = _Item(
                {
                    _HISTORY_KEYS.get(normalise_header(k), normalise_header(k)): v
                    for k, v in step.items()
                },
                item.where,
                {k: f"history[{n}].{k}" for k in ("status", "on", "note", "source")},
            )
            status = _parse(sub, report, "status", parse_status)
            on = _parse(sub, report, "on", parse_date)
            if on is None:
                _need(sub, report, "on", "the date the project reached this stage")
            out.append(
                StatusChange(
                    status=status,
                    on=on,
                    note=sub.text("note"),
                    source=sub.text("source") or default_source,
                )
            )
        return out
    status = _parse(item, report, "status", parse_status)
    on = _parse(item, report, "status_date", parse_date) or _parse(
        item, report, "as_of", parse_date
    )
    if on is None:
        _need(item, report, "status_date", "the date the project reached this stage (or as_of)")
    return [StatusChange(status=status, on=on, note=item.text("note"), source=default_source)]


def read_projects(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read key projects (重点项目) with their dated stages; rows of one project make its history."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="projects")
    ctx = context or LoadContext(check_references=False)
    merged: dict[str, Project] = {}
    first_seen: dict[str, tuple[str, int | None]] = {}
    for item in _items(path, report, "projects", PROJECT_HEADERS, {"name"}):
        try:
            name = _need(item, report, "name", "the project's name")
            pid = item.text("id") or make_id("p", name)
            source = item.text("source")
            history = _history(item, report, source)
            project = _validated(
                item,
                report,
                Project,
                id=pid,
                name=name,
                enterprise_id=_enterprise(item, report, ctx, "enterprise"),
                segment_ids=_segments(item, report, ctx, "segments"),
                investment_100m_cny=_parse(item, report, "investment_100m_cny", parse_investment),
                status=history[-1].status if history else ProjectStatus.PROMOTED,
                responsible_unit=item.text("responsible_unit"),
                lead_official=item.text("lead_official"),
                region_code=item.text("region_code"),
                history=history,
                source=source,
                as_of=_parse(item, report, "as_of", parse_date)
                or max((h.on for h in history), default=None),
            )
        except _Bad:
            continue
        where = item.where["line"] or item.where["row"]
        if pid in first_seen and first_seen[pid][0] != name:
            report.add(
                "conflicting-value",
                f"project {pid!r} is named {first_seen[pid][0]!r} at "
                f"{'line' if item.where['line'] else 'row'} {first_seen[pid][1]}; one id, one name",
                field=item.field("name"),
                value=name,
                **item.where,
            )
            continue
        first_seen.setdefault(pid, (name, where))
        merged[pid] = merge_project(merged.get(pid), project)
    atlas = Atlas(projects=[merged[k] for k in sorted(merged)])
    return _finish(report, atlas)


# -- profiles -----------------------------------------------------------------------------------
def _intention(
    item: _Item, report: LoadReport[Atlas], ctx: LoadContext, base: dict[str, Any]
) -> Intention | None:
    seg_text = item.text("intention_segment")
    region = item.text("intention_region")
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
    return _validated(
        item,
        report,
        Intention,
        segment_id=seg_id,
        segment_text=seg_text,
        region_code=region,
        investment_100m_cny=_parse(item, report, "intention_investment", parse_investment),
        timing=item.text("intention_timing"),
        note=item.text("intention_note"),
        **base,
    )


def _executive(item: _Item, report: LoadReport[Atlas], base: dict[str, Any]) -> Executive | None:
    name = item.text("executive")
    if not name:
        return None
    return _validated(
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


def _contact(item: _Item, report: LoadReport[Atlas], source: str) -> ContactEntry | None:
    on = _parse(item, report, "contact_date", parse_date)
    if on is None:
        if any(item.text(k) for k in ("outcome", "next_step", "who", "counterpart")):
            _need(item, report, "contact_date", "the date of the contact")
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
    return _validated(
        item,
        report,
        ContactEntry,
        on=on,
        who=item.text("who"),
        counterpart=item.text("counterpart"),
        channel=channel,
        outcome=item.text("outcome"),
        next_step=item.text("next_step"),
        next_date=_parse(item, report, "next_date", parse_date),
        source=item.text("source") or source,
    )


def _nested(
    item: _Item, key: str, defaults: dict[str, Any], aliases: dict[str, str]
) -> Iterator[_Item]:
    """The entries of a YAML profile's list (``intentions``, ``executives``, ``contacts``)."""
    raw = item.values.get(key) or []
    for n, entry in enumerate(raw if isinstance(raw, list) else [raw], start=1):
        entry = entry if isinstance(entry, dict) else {"_": entry}
        values = {
            aliases.get(normalise_header(k), normalise_header(k)): v for k, v in entry.items()
        }
        for k, v in defaults.items():
            values.setdefault(k, v)
        yield _Item(values, item.where, {k: f"{key}[{n}].{k}" for k in values}, f"{key}[{n}]")


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
    "contacts": {"date": "contact_date", "on": "contact_date"},
}


def _profile_parts(
    item: _Item, report: LoadReport[Atlas], ctx: LoadContext, source: str, as_of: date | None
) -> tuple[list[Intention], list[Executive], list[ContactEntry]]:
    intentions: list[Intention] = []
    executives: list[Executive] = []
    contacts: list[ContactEntry] = []
    groups = [item]
    if any(k in item.values for k in _NESTED_KEYS):  # YAML
        groups = []
        defaults = {"source": source, "as_of": item.values.get("as_of")}
        for key, aliases in _NESTED_KEYS.items():
            groups += list(_nested(item, key, defaults, {**PROFILE_HEADERS, **aliases}))
    for g in groups:
        g_as_of = _parse(g, report, "as_of", parse_date) or as_of
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
    for item in _items(path, report, "profiles", PROFILE_HEADERS, {"enterprise"}):
        try:
            _need(item, report, "enterprise", "the firm's id or name")
            eid = _enterprise(item, report, ctx, "enterprise")
            source = item.text("source")
            as_of = _parse(item, report, "as_of", parse_date)
            intentions, executives, contacts = _profile_parts(item, report, ctx, source, as_of)
            profile = _validated(
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
        except _Bad:
            continue
        merged[eid] = merge_profile(merged.get(eid), profile)
    return _finish(report, Atlas(profiles=[merged[k] for k in sorted(merged)]))
