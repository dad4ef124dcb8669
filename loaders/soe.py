"""The central-SOE pairing table (央企合作对接) and its industry keys, in CSV or XLSX.

The table: one row per (industry, group) with columns ``industry_zh`` (行业), ``industry_en``,
``seed_name_zh`` (the group as the city's document named it), ``seed_name_en``,
``current_name_zh`` (today's group: CSR and CNR are CRRC…), ``note``, ``source``, ``as_of``.

The keys (optional, a second file): which industry of the table a chain is (``scope`` chain,
``key`` its id) and which one a GB/T 4754-2017 division is (``scope`` gbt_division, ``key`` its
two digits), so a segment of any chain finds its industry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.model import SoeIndustryKey, SoePairing, SoePairingTable
from pydantic import ValidationError

from .headers import header_map, iter_table
from .report import LoadReport, problems_from_validation
from .tabular import Row
from .values import not_scalar, parse_date

__all__ = ["read_soe_pairing", "SOE_PAIRING_HEADERS", "SOE_KEY_HEADERS"]

SOE_PAIRING_HEADERS = header_map("soe_pairing")  # the catalogue's (loaders/headers.py)
SOE_KEY_HEADERS = header_map("soe_keys")
_PAIRING_FIELDS = tuple(SoePairing.model_fields)
_KEY_FIELDS = tuple(SoeIndustryKey.model_fields)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a division code typed into a spreadsheet number cell
    return str(value).strip()


def _cells(
    row: Row, report: LoadReport[Any], fields: tuple[str, ...], required: set[str]
) -> dict[str, str] | None:
    """The row's text cells of ``fields`` (``as_of`` left as read), or None after a problem."""
    h, where = row.raw_headers or {}, row.where()
    for key, value in row.values.items():
        msg = not_scalar(value)
        if key in fields and msg:
            report.add("invalid-value", msg, field=h.get(key, key), value=value, **where)
            return None
    cells = {k: _text(v) for k, v in row.values.items() if k in fields}
    empty = [k for k in sorted(required) if not cells.get(k)]
    for key in empty:
        field = h.get(key, key)
        report.add("missing-value", f"{field} is required; fill it in", field=field, **where)
    return None if empty else cells


def _pairings(path: Path, report: LoadReport[SoePairingTable]) -> list[SoePairing]:
    out = []
    required = {"industry_zh", "seed_name_zh", "current_name_zh"}
    for row in iter_table(path, report, "soe_pairing", required):
        v = _cells(row, report, _PAIRING_FIELDS, required)
        if v is None:
            continue
        h, where = row.raw_headers or {}, row.where()
        try:
            as_of = parse_date(row.values.get("as_of"))
        except ValueError as exc:
            field = h.get("as_of", "as_of")
            report.add("invalid-value", str(exc), field=field, value=v.get("as_of"), **where)
            continue
        try:
            out.append(SoePairing.model_validate({**v, "as_of": as_of}))
        except ValidationError as exc:
            problems_from_validation(report, exc, values=v, field_names=h, **where)
    return out


def _keys(path: Path, known: set[str], report: LoadReport[SoePairingTable]) -> list[SoeIndustryKey]:
    own: LoadReport[SoePairingTable] = LoadReport(file=str(path), kind="soe_industry_keys")
    out: list[SoeIndustryKey] = []
    seen: set[tuple[str, str]] = set()
    required = set(_KEY_FIELDS)
    for row in iter_table(path, own, "soe_keys", required):
        v = _cells(row, own, _KEY_FIELDS, required)
        if v is None:
            continue
        h, where = row.raw_headers or {}, row.where()
        try:
            key = SoeIndustryKey.model_validate(v)
        except ValidationError as exc:
            problems_from_validation(own, exc, values=v, field_names=h, **where)
            continue
        if key.industry not in known:
            own.add(
                "unknown-reference",
                f"industry {key.industry!r} is not in the pairing table; use one of its "
                f"industry_zh: {', '.join(sorted(known))}",
                field=h.get("industry", "industry"),
                value=key.industry,
                **where,
            )
        elif (key.scope, key.key) in seen:
            own.add(
                "duplicate-id",
                f"{key.scope} {key.key!r} is mapped twice; keep one row",
                field=h.get("key", "key"),
                value=key.key,
                **where,
            )
        else:
            seen.add((key.scope, key.key))
            out.append(key)
    report.problems.extend(own.problems)
    return out


def read_soe_pairing(
    path: str | Path, keys: str | Path | None = None
) -> LoadReport[SoePairingTable]:
    """Read the pairing table at ``path`` and, if given, its industry keys at ``keys``.

    ``valid`` holds the one ``SoePairingTable`` when no row has an error; every problem names
    its file, line (or spreadsheet row) and column.
    """
    path = Path(path)
    report: LoadReport[SoePairingTable] = LoadReport(file=str(path), kind="soe_pairing")
    pairings = _pairings(path, report)
    known = {p.industry_zh for p in pairings}
    found = _keys(Path(keys), known, report) if keys is not None else []
    if report.ok:
        report.valid.append(SoePairingTable(pairings=pairings, keys=found))
    return report
