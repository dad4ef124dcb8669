"""Administrative divisions with coordinates: ``code, name_zh, name_en, level, parent, lon, lat``."""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.model import Atlas, Region
from pydantic import ValidationError

from .divisions import RegionError, resolve_region
from .headers import header_map, iter_table
from .report import LoadReport, problems_from_validation
from .values import not_scalar, parse_date, parse_number

__all__ = ["read_regions", "REGION_HEADERS"]

REGION_HEADERS = header_map("regions")  # the catalogue's (loaders/headers.py)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into a spreadsheet number cell
    return str(value).strip()


def _region(
    v: dict[str, str], h: dict[str, str], report: LoadReport[Atlas], where: dict[str, int | None]
) -> Region | None:
    for key in ("code", "name_zh"):
        if not v.get(key):
            report.add(
                "missing-value",
                f"{h.get(key, key)} is required; fill it in",
                field=h.get(key, key),
                **where,
            )
            return None
    data: dict[str, object] = {
        k: v[k] for k in ("code", "name_zh", "name_en", "level", "parent", "source") if k in v
    }
    for key, parse in (("lon", parse_number), ("lat", parse_number), ("as_of", parse_date)):
        try:
            data[key] = parse(v.get(key))
        except ValueError as exc:
            report.add("invalid-value", str(exc), field=h.get(key, key), value=v.get(key), **where)
            return None
    try:
        region = Region.model_validate(data)
    except ValidationError as exc:
        problems_from_validation(report, exc, values=v, field_names=h, **where)
        return None
    for key in ("code", "parent"):  # checked against the GB/T 2260 table
        value = getattr(region, key)
        unknown = _division_problem(value) if value else None
        if unknown:
            report.add("unknown-region", unknown, field=h.get(key, key), value=value, **where)
            return None
    return region


def _division_problem(code: str) -> str | None:
    """Why a region file's code is no division of GB/T 2260, or None when it is one."""
    try:
        resolve_region(code)
    except RegionError as exc:
        return str(exc)
    return None


def read_regions(path: str | Path) -> LoadReport[Atlas]:
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="regions")
    atlas = Atlas()
    seen: set[str] = set()
    for row in iter_table(path, report, "regions"):
        h = row.raw_headers or {}
        wrong = [(k, m) for k, x in row.values.items() if (m := not_scalar(x))]
        if wrong:
            key, msg = wrong[0]
            report.add(
                "invalid-value", msg, field=h.get(key, key), value=row.values[key], **row.where()
            )
            continue
        v = {k: ("" if x is None else _text(x)) for k, x in row.values.items()}
        region = _region(v, h, report, row.where())
        if region is None:
            continue
        if region.code in seen:
            report.add(
                "duplicate-id",
                f"region {region.code} appears twice; keep one row per code",
                field=h.get("code", "code"),
                value=region.code,
                **row.where(),
            )
            continue
        seen.add(region.code)
        atlas.regions.append(region)
    if report.ok:
        report.valid.append(atlas)
    return report
