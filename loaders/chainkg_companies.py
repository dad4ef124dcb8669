"""ChainKnowledgeGraph's listed companies: one Enterprise per stock code, from company.json,
plus the firms that file lost but whose industry rows name them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.model import Enterprise

from .chainkg_rows import AS_OF, SOURCE, Tally, clean_text, iter_json, normalise_stock_code

__all__ = ["consistent_names", "read_companies", "recover_companies"]

_FILLER = set("股份有限公司集团控股科技AB*ST")

_ENTERPRISE_DEFAULTS: dict[str, Any] = {
    k: (f.default_factory() if f.default_factory else f.default)  # type: ignore[call-arg]
    for k, f in Enterprise.model_fields.items()
    if k not in {"id", "name", "full_name", "aliases", "stock_code", "source", "as_of"}
}


def consistent_names(short: str, full: str) -> bool:
    """True when a short name could abbreviate a full name (two distinctive characters shared).

    >>> consistent_names("恩捷股份", "云南恩捷新材料股份有限公司"), consistent_names("龙软科技", "中国银行股份有限公司")
    (True, False)
    """
    return len(set(short) & set(full) - _FILLER) >= 2 or not full


def _enterprise(code: str, name: str, full: str, aliases: list[str]) -> Enterprise:
    return Enterprise.model_construct(
        id=code,
        name=name,
        full_name=full,
        aliases=aliases,
        stock_code=code,
        source=SOURCE,
        as_of=AS_OF,
        **_ENTERPRISE_DEFAULTS,
    )


def read_companies(folder: Path, tally: Tally) -> dict[str, Enterprise]:
    """The companies of company.json by stock code (with its exchange suffix)."""
    out: dict[str, Enterprise] = {}
    for code, found in _rows_by_code(folder, tally).items():
        ent = _company(code, found, tally)
        if ent is not None:
            out[code] = ent
    return out


def _rows_by_code(folder: Path, tally: Tally) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for line, obj in iter_json(folder / "company.json", tally.report):
        raw = str(obj.get("code", "")).strip()
        code = normalise_stock_code(raw)
        if code is None:
            tally.note(
                "bad-code",
                "not a 6-digit stock code; the company is skipped",
                dropped=True,
                file="company.json",
                line=line,
                field="code",
                value=raw,
            )
            continue
        if "." not in raw:
            tally.note(
                "missing-suffix",
                f"code without exchange suffix; read as {code}",
                dropped=False,
                file="company.json",
                line=line,
                field="code",
                value=raw,
            )
        rows.setdefault(code, []).append((line, obj))
    return rows


def _company(code: str, found: list[tuple[int, dict[str, Any]]], tally: Tally) -> Enterprise | None:
    """One code's company: the later listing whose names fit wins; the others become aliases."""
    found.sort(
        key=lambda lo: (
            consistent_names(clean_text(lo[1].get("name")), clean_text(lo[1].get("fullname"))),
            str(lo[1].get("time", "")),
            -lo[0],
        ),
        reverse=True,
    )
    line, best = found[0]
    name = clean_text(best.get("name"))
    full = clean_text(best.get("fullname"))
    if not consistent_names(name, full):
        tally.note(
            "name-mismatch",
            f"full name {full!r} does not fit the short name {name!r}; full name dropped",
            dropped=True,
            file="company.json",
            line=line,
            field="fullname",
            value=full,
        )
        full = ""
    if name != str(best.get("name", "")).strip() or full != str(best.get("fullname", "")):
        tally.note(
            "newline-in-name",
            "line breaks or junk removed from the name",
            dropped=False,
            file="company.json",
            line=line,
            value=best.get("name"),
        )
    aliases = _former_names(code, line, name, full, found[1:], tally)
    if not name:
        tally.note(
            "missing-name",
            "company without a name is skipped",
            dropped=True,
            file="company.json",
            line=line,
            value=code,
        )
        return None
    return _enterprise(code, name, full, aliases)


def _former_names(
    code: str,
    line: int,
    name: str,
    full: str,
    others: list[tuple[int, dict[str, Any]]],
    tally: Tally,
) -> list[str]:
    """The names of the other rows of one code that fit the kept one (a renamed firm)."""
    aliases = []
    for other_line, other in others:
        other_full = clean_text(other.get("fullname"))
        other_name = clean_text(other.get("name"))
        keep = [n for n in (other_name, other_full) if n and n not in (name, full)]
        kept = [n for n in keep if n == other_name or consistent_names(name, n)]
        aliases.extend(kept)
        tally.note(
            "duplicate-code",
            f"{code} also on line {line}; kept the later listing "
            f"{name} ({full}); "
            + (f"kept {'、'.join(kept)} as former names" if kept else "dropped this row"),
            dropped=True,
            file="company.json",
            line=other_line,
            field="code",
            value=code,
        )
    return aliases


def _abbreviates(short: str, full: str) -> bool:
    """Every character of the short name appears in the full name, in order."""
    rest = iter(full)
    return all(ch in rest for ch in short)


def recover_companies(folder: Path, tally: Tally, companies: dict[str, Enterprise]) -> None:
    """Firms that company.json lost (their rows carry another firm's code) but whose industry
    rows name them: rebuilt from company_industry.json, with their full name when a row of
    company.json carries it under a wrong code."""
    used = {e.full_name for e in companies.values() if e.full_name}
    orphans = []
    for _, obj in iter_json(folder / "company.json", tally.report):
        full = clean_text(obj.get("fullname"))
        if full and full not in used:
            orphans.append(full)
    lost: dict[str, tuple[int, str]] = {}
    for line, obj in iter_json(folder / "company_industry.json", tally.report):
        code = normalise_stock_code(str(obj.get("company_code", "")))
        name = clean_text(obj.get("company_name"))
        if code is not None and code not in companies and name and code not in lost:
            lost[code] = (line, name)
    # give each lost firm a full name: the most constrained first, the shortest fit, used once
    options = {
        code: sorted((f for f in orphans if _abbreviates(name, f)), key=lambda f: (len(f), f))
        for code, (_, name) in lost.items()
    }
    taken: set[str] = set()
    for code in sorted(lost, key=lambda c: (len(options[c]), c)):
        line, name = lost[code]
        full = next((f for f in options[code] if f not in taken), "")
        taken.add(full)
        companies[code] = _enterprise(code, name, full, [])
        tally.note(
            "recovered-company",
            f"{code} {name} is missing from company.json (its row carries another code); "
            "rebuilt from its industry row" + (f", full name {full}" if full else ""),
            dropped=False,
            file="company_industry.json",
            line=line,
            value=code,
        )
