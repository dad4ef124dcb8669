"""Enterprise registries (企业名录) in CSV, XLSX or JSON.

One row per firm. Columns (English or Chinese headers): ``id, name, full_name, aliases, uscc,
ownership, stock_code, hq_region, revenue_100m_cny, employees, lists, segments, products,
plants, planned, website, source, as_of`` — only ``name`` is required; every Chinese spelling
(所属环节, 总部所在地, 企业类型 …) is in the catalogue (``headers.py``, ``chainatlas formats
enterprises``). ``segments`` lists the segment ids (or names) the firm can supply, each with an
optional strength: ``separator:0.8`` or ``隔膜：0.8``, separated by ``;`` ``、`` ``，``. ``lists``
holds memberships as ``fortune_global500:2025:37``. Region cells take codes or names (新乡市).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.model import (
    Atlas,
    Capability,
    Enterprise,
    ListMembership,
    Ownership,
    Presence,
    PresenceKind,
)
from pydantic import ValidationError

from .divisions import read_region
from .headers import header_map, iter_table
from .planner_words import split_items, split_strength
from .report import LoadReport, problems_from_validation
from .values import (
    LoadContext,
    cell_text,
    make_id,
    not_scalar,
    parse_date,
    parse_number,
)
from .workflow_words import parse_investment

__all__ = ["read_enterprises", "ENTERPRISE_HEADERS", "OWNERSHIP_WORDS"]

ENTERPRISE_HEADERS = header_map("enterprises")  # the catalogue's (loaders/headers.py)

OWNERSHIP_WORDS: dict[str, Ownership] = {
    "央企": Ownership.CENTRAL_SOE,
    "中央企业": Ownership.CENTRAL_SOE,
    "中央国企": Ownership.CENTRAL_SOE,
    "central soe": Ownership.CENTRAL_SOE,
    "地方国企": Ownership.LOCAL_SOE,
    "国企": Ownership.LOCAL_SOE,
    "地方国有": Ownership.LOCAL_SOE,
    "国有": Ownership.LOCAL_SOE,
    "local soe": Ownership.LOCAL_SOE,
    "soe": Ownership.LOCAL_SOE,
    "民营": Ownership.PRIVATE,
    "民企": Ownership.PRIVATE,
    "私营": Ownership.PRIVATE,
    "外资": Ownership.FOREIGN,
    "外企": Ownership.FOREIGN,
    "合资": Ownership.MIXED,
    "中外合资": Ownership.FOREIGN,
    "混合所有制": Ownership.MIXED,
    "集体": Ownership.COLLECTIVE,
    "": Ownership.UNKNOWN,
    "未知": Ownership.UNKNOWN,
}
# words inside a registry's 企业类型 (有限责任公司（自然人投资或控股）…), first match wins
OWNERSHIP_PARTS: tuple[tuple[str, Ownership], ...] = (
    ("央企", Ownership.CENTRAL_SOE),
    ("中央", Ownership.CENTRAL_SOE),
    ("外商", Ownership.FOREIGN),
    ("外资", Ownership.FOREIGN),
    ("外国", Ownership.FOREIGN),
    ("港澳台", Ownership.FOREIGN),
    ("台港澳", Ownership.FOREIGN),
    ("中外", Ownership.FOREIGN),
    ("混合", Ownership.MIXED),
    ("国有", Ownership.LOCAL_SOE),
    ("国企", Ownership.LOCAL_SOE),
    ("集体", Ownership.COLLECTIVE),
    ("自然人", Ownership.PRIVATE),
    ("私营", Ownership.PRIVATE),
    ("民营", Ownership.PRIVATE),
    ("民企", Ownership.PRIVATE),
    ("个人", Ownership.PRIVATE),
    ("公司", Ownership.UNKNOWN),  # a legal form alone says nothing of the owner
    ("企业", Ownership.UNKNOWN),
)

LIST_FIELDS = frozenset({"aliases", "products", "lists", "segments", "plants", "planned"})

_TEXT_FIELDS = (
    "full_name",
    "uscc",
    "stock_code",
    "hq_region",
    "website",
    "industry",
    "status",
    "strategy",
    "layout",
    "intentions",
    "executives",
    "source",
)


def _ownership(value: str) -> Ownership:
    key = value.strip().lower().replace("-", " ").replace("_", " ")
    for candidate in (value.strip().lower(), key):
        try:
            return Ownership(candidate.replace(" ", "_"))
        except ValueError:
            pass
        if candidate in OWNERSHIP_WORDS:
            return OWNERSHIP_WORDS[candidate]
    for part, ownership in OWNERSHIP_PARTS:
        if part in value:
            return ownership
    raise ValueError(
        f"ownership {value!r} is not one of: {', '.join(o.value for o in Ownership)} "
        "(or 央企, 地方国企, 民营, 外资, 混合所有制)"
    )


def _ten_thousands(value: Any) -> float | None:
    """Revenue given in 万元, as 亿元."""
    number = parse_investment(value)
    text = cell_text(value)
    if number is None or text.endswith(("亿", "亿元", "万", "万元")):
        return number  # a unit in the cell wins over the header's
    return round(number / 10_000, 6)


def _lists(value: Any) -> list[ListMembership]:
    out = []
    for item in split_items(value):
        parts = [p.strip() for p in item.replace("：", ":").split(":")]
        name = parts[0]
        year = int(parts[1]) if len(parts) > 1 and parts[1] else None
        rank = int(parts[2]) if len(parts) > 2 and parts[2] else None
        out.append(ListMembership(list=name, year=year, rank=rank))
    return out


def read_enterprises(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read an enterprise registry; ``valid`` holds one ``Atlas`` when the file is usable."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="enterprises")
    ctx = context or LoadContext(check_references=False)
    atlas = Atlas()
    seen: dict[str, int | None] = {}
    resolved: dict[str, str | None] = {}  # segment text -> id; ctx does not change mid-file
    for row in iter_table(path, report, "enterprises"):
        v = row.values
        where = row.where()
        headers = row.raw_headers or {}
        data = _row_data(v, where, headers, report)
        if data is None:
            continue
        try:
            ent = Enterprise.model_validate(data)
        except ValidationError as exc:
            problems_from_validation(report, exc, values=v, field_names=headers, **where)
            continue
        share(ent, hq_region=data.get("hq_region"), source=data.get("source"))
        if ent.id in seen:
            other = seen[ent.id]
            report.add(
                "duplicate-id",
                f"enterprise id {ent.id!r} already used at "
                f"{'line' if row.line else 'row'} {other}; ids must be unique",
                field=headers.get("id", "id"),
                value=ent.id,
                **where,
            )
            continue
        seen[ent.id] = row.line or row.row
        caps = _capabilities(ent, v, row, report, ctx, headers, resolved)
        pres = _presences(ent, v, row, report, headers)
        if caps is None or pres is None:
            continue
        atlas.enterprises.append(ent)
        atlas.capabilities.extend(caps)
        atlas.presences.extend(pres)
    if report.ok:
        report.valid.append(atlas)
    return report


def _row_data(
    v: dict[str, Any], where: dict[str, Any], headers: dict[str, str], report: LoadReport[Atlas]
) -> dict[str, Any] | None:
    """The fields of one row, ready for ``Enterprise``; None (reported) when a value is bad."""
    wrong = [(k, m) for k, x in v.items() if k not in LIST_FIELDS and (m := not_scalar(x))]
    if wrong:
        key, msg = wrong[0]
        report.add("invalid-value", msg, field=headers.get(key, key), value=v[key], **where)
        return None
    name = cell_text(v.get("name"))
    if not name:
        report.add(
            "missing-value",
            "name is required; fill in the firm's name",
            field=headers.get("name", "name"),
            **where,
        )
        return None
    data: dict[str, Any] = {k: cell_text(v.get(k)) for k in _TEXT_FIELDS if k in v}
    data["name"] = name
    data["id"] = (
        cell_text(v.get("id")) or data.get("uscc") or make_id("e", name, data.get("full_name", ""))
    )
    data["aliases"] = split_items(v.get("aliases"))
    data["products"] = split_items(v.get("products"))
    if data.get("hq_region"):  # a code or a name (新乡市, 河南省新乡市…), checked
        field = headers.get("hq_region", "hq_region")
        reading = read_region(data["hq_region"])
        if reading.error:
            report.add("unknown-region", reading.error, field=field, value=v["hq_region"], **where)
            return None
        if reading.warning:
            report.add(
                "partial-region", reading.warning, field=field, value=v["hq_region"],
                severity="warning", **where,
            )  # fmt: skip
        data["hq_region"] = reading.code
    failed = False
    for key, parse in (
        ("ownership", lambda x: _ownership(cell_text(x))),
        ("revenue_100m_cny", parse_investment),
        ("revenue_10k_cny", _ten_thousands),
        ("employees", lambda x: None if parse_number(x) is None else int(parse_number(x) or 0)),
        ("lists", _lists),
        ("as_of", parse_date),
    ):
        if key not in v:
            continue
        try:
            data[key] = parse(v[key])
        except (ValueError, TypeError, OverflowError) as exc:
            report.add(
                "invalid-value",
                str(exc).replace(
                    "invalid literal for int() with base 10",
                    "rank and year must be whole numbers",
                ),
                field=headers.get(key, key),
                value=v[key],
                **where,
            )
            failed = True
    ten = data.pop("revenue_10k_cny", None)
    if data.get("revenue_100m_cny") is None and ten is not None:
        data["revenue_100m_cny"] = ten
    return None if failed else data


_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share(rec: Any, **values: Any) -> Any:
    """``rec`` holding ``values`` themselves where it holds equal copies (pydantic copies every
    string it validates), and one fields set shared by the records that set the same fields
    (pydantic gives each record its own, ~470 bytes for 5 fields: 512 -> 349 MB after reading
    a 100,000-row registry). Values and equality do not change. The shared set is what
    ``model_fields_set`` returns, which chainatlas never reads; assigning a field of one
    record would add its name to the others' sets too."""
    held = rec.__dict__
    names = rec.__pydantic_fields_set__  # a set (216 bytes) a record, most of them equal
    one = _FIELD_SETS.setdefault(frozenset(names), set(names))
    if one == names:  # (nothing reads it but model_dump(exclude_unset=True))
        object.__setattr__(rec, "__pydantic_fields_set__", one)
    for key, value in values.items():
        if value is not None and type(held.get(key)) is type(value) and held[key] == value:
            held[key] = value
    return rec


def _capabilities(
    ent: Enterprise,
    v: dict[str, Any],
    row: Any,
    report: LoadReport[Atlas],
    ctx: LoadContext,
    headers: dict[str, str],
    resolved: dict[str, str | None] | None = None,
) -> list[Capability] | None:
    caps: list[Capability] = []
    ok = True
    evidence = (
        "main products: " + "、".join(ent.products) if ent.products else "enterprise registry"
    )
    for item in split_items(v.get("segments"), commas=True):
        ref, strength_text = split_strength(item)
        try:
            strength = float(strength_text) if strength_text.strip() else 1.0
            if not 0 <= strength <= 1:
                raise ValueError
        except ValueError:
            report.add(
                "invalid-value",
                f"strength {strength_text!r} of segment {ref!r} must be a number from 0 to 1",
                field=headers.get("segments", "segments"),
                value=item,
                **row.where(),
            )
            ok = False
            continue
        seg_id = ref
        if ctx.check_references:
            if resolved is None:
                resolved = {}
            if ref not in resolved:
                resolved[ref] = ctx.resolve_segment(ref)
            found = resolved[ref]
            if found is None:
                hint = ctx.suggest_segments(ref)
                report.add(
                    "unknown-reference",
                    f"segment {ref!r} is not in the atlas; load its "
                    "chain map first or fix the id"
                    + (f" (did you mean {', '.join(hint)}?)" if hint else ""),
                    field=headers.get("segments", "segments"),
                    value=ref,
                    **row.where(),
                )
                ok = False
                continue
            seg_id = found
        cap = Capability(
            enterprise_id=ent.id,
            segment_id=seg_id,
            strength=strength,
            evidence=evidence,
            source=ent.source,
            as_of=ent.as_of,
        )
        caps.append(
            share(
                cap, enterprise_id=ent.id, segment_id=seg_id, evidence=evidence, source=ent.source
            )
        )
    return caps if ok else None


def _presences(
    ent: Enterprise, v: dict[str, Any], row: Any, report: LoadReport[Atlas], headers: dict[str, str]
) -> list[Presence] | None:
    out: list[Presence] = []
    ok = True
    items: list[tuple[str, PresenceKind, str]] = []
    if ent.hq_region:
        items.append((ent.hq_region, PresenceKind.HQ, "hq_region"))
    items += [(c, PresenceKind.PLANT, "plants") for c in split_items(v.get("plants"), commas=True)]
    items += [
        (c, PresenceKind.PLANNED, "planned") for c in split_items(v.get("planned"), commas=True)
    ]
    seen: set[tuple[str, PresenceKind]] = set()
    for code, kind, column in items:
        text = cell_text(code)
        reading = read_region(text)
        code, unknown = reading.code, reading.error
        if reading.warning and kind != PresenceKind.HQ:
            report.add(
                "partial-region", reading.warning, field=headers.get(column, column),
                value=text, severity="warning", **row.where(),
            )  # fmt: skip
        if (code, kind) in seen:
            continue
        seen.add((code, kind))
        if unknown:
            report.add(
                "unknown-region",
                unknown,
                field=headers.get(column, column),
                value=code,
                **row.where(),
            )
            ok = False
            continue
        try:
            pres = Presence(
                enterprise_id=ent.id,
                region_code=code,
                kind=kind,
                source=ent.source,
                as_of=ent.as_of,
            )
            out.append(share(pres, enterprise_id=ent.id, region_code=code, source=ent.source))
        except ValidationError as exc:
            problems_from_validation(
                report,
                exc,
                values={"region_code": code},
                field_names={"region_code": headers.get(column, column)},
                **row.where(),
            )
            ok = False
    return out if ok else None
