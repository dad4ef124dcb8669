"""Administrative divisions with coordinates: ``code, name_zh, name_en, level, parent, lon, lat``."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from chainatlas.graph.model import Atlas, Region
from chainatlas.loaders.report import LoadReport, problems_from_validation
from chainatlas.loaders.tabular import iter_rows
from chainatlas.loaders.values import parse_date, parse_number

__all__ = ["read_regions", "REGION_HEADERS"]

REGION_HEADERS = {
    "代码": "code",
    "区划代码": "code",
    "adcode": "code",
    "名称": "name_zh",
    "name": "name_zh",
    "英文名": "name_en",
    "级别": "level",
    "上级": "parent",
    "经度": "lon",
    "lng": "lon",
    "longitude": "lon",
    "纬度": "lat",
    "latitude": "lat",
    "来源": "source",
    "日期": "as_of",
}


def read_regions(path: str | Path) -> LoadReport[Atlas]:
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="regions")
    atlas = Atlas()
    seen: set[str] = set()
    for row in iter_rows(path, report, REGION_HEADERS, required={"code", "name_zh"}):
        v = {k: ("" if x is None else str(x).strip()) for k, x in row.values.items()}
        h = row.raw_headers or {}
        try:
            data: dict[str, object] = {
                k: v[k]
                for k in ("code", "name_zh", "name_en", "level", "parent", "source")
                if k in v
            }
            data["lon"] = parse_number(v.get("lon"))
            data["lat"] = parse_number(v.get("lat"))
            data["as_of"] = parse_date(v.get("as_of"))
            region = Region.model_validate(data)
        except ValidationError as exc:
            problems_from_validation(report, exc, values=v, field_names=h, **row.where())
            continue
        except ValueError as exc:
            report.add("invalid-value", str(exc), **row.where())
            continue
        if region.code in seen:
            report.add(
                "duplicate-id",
                f"region {region.code} appears twice",
                field="code",
                value=region.code,
                **row.where(),
            )
            continue
        seen.add(region.code)
        atlas.regions.append(region)
    if report.ok:
        report.valid.append(atlas)
    return report
