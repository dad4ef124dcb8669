"""ChainKnowledgeGraph (A-share industry-chain graph) from its JSON-lines files.

``read_chainkg(folder)`` turns the eight files into one ``Atlas``: listed companies become
Enterprises keyed by stock code with its exchange suffix (``002812.SZ``), Shenwan-2021
industries keep their hierarchy, products their subtype and material links, and each main
product (主营产品) its revenue share. The data is real and noisy; everything dropped or repaired
is a warning in the report, and ``ChainKGSummary.dropped`` counts them by reason:

- ``duplicate-code``: two rows with one code; the later listing wins, an earlier full name that
  shares characters with the short name becomes an alias (a renamed firm), else it is dropped;
- ``missing-suffix``: ``301079`` → ``301079.SZ`` by code prefix (6/9 SH, 0/2/3 SZ, 4/8 BJ);
- ``newline-in-name``: line breaks inside a name are removed;
- ``negative-weight`` / ``weight-above-one``: accounting lines dropped, shares clamped to 1;
- ``accounting-line``: 平衡项目, 分部间抵销 … are not products;
- ``contradictory-direction``: A made from B and B made from A (both dropped), self-links;
- ``unknown-company`` / ``unknown-industry``: edges to things the files do not define.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from chainatlas.graph.model import (
    Atlas,
    Enterprise,
    Industry,
    IndustryMembership,
    Product,
    ProductLink,
    ProductSupply,
    RelType,
)
from pydantic import BaseModel, Field

from .report import LoadReport

__all__ = [
    "read_chainkg",
    "ChainKGSummary",
    "normalise_stock_code",
    "clean_text",
    "CHAINKG_FILES",
    "SCHEME",
    "SOURCE",
]

SCHEME = "shenwan2021"
SOURCE = "ChainKnowledgeGraph (A-share chain graph, 2021-10)"
AS_OF = date(2021, 10, 1)
CHAINKG_FILES = (
    "company.json",
    "industry.json",
    "industry_industry.json",
    "company_industry.json",
    "product.json",
    "company_product.jsonl",
    "product_product.jsonl",
)
ACCOUNTING_LINES = frozenset(
    {
        "平衡项目",
        "分部间抵销",
        "调整项目",
        "抵销",
        "内部抵销",
        "合并抵销",
        "分部抵销",
        "减：内部抵销数",
    }
)
LEADING_JUNK = "-—–.·、,，:：;；*/ "
MAX_EXAMPLES = 20  # warnings kept per reason (the counts hold them all)
_SPACE_RE = re.compile(r"\s*[\r\n]+\s*")
_CODE_RE = re.compile(r"^(\d{6})(?:\.(SH|SZ|BJ))?$", re.IGNORECASE)


class ChainKGSummary(BaseModel):
    """What an import kept and what it dropped or repaired, by reason."""

    counts: dict[str, int] = Field(default_factory=dict)
    dropped: dict[str, int] = Field(default_factory=dict)
    repaired: dict[str, int] = Field(default_factory=dict)


def clean_text(text: Any) -> str:
    """A name with its line breaks removed and surrounding blanks and junk stripped.

    >>> clean_text("光纤复合\\n架空地线\\n"), clean_text(".起重机械")
    ('光纤复合架空地线', '起重机械')
    """
    s = _SPACE_RE.sub("", str(text or "")).strip()
    return s.lstrip(LEADING_JUNK).strip()


def normalise_stock_code(code: str) -> str | None:
    """``301079`` → ``301079.SZ``; ``600000.sh`` → ``600000.SH``; None if not a stock code.

    >>> normalise_stock_code("688722"), normalise_stock_code("430047"), normalise_stock_code("x")
    ('688722.SH', '430047.BJ', None)
    """
    m = _CODE_RE.match(str(code).strip())
    if not m:
        return None
    digits, suffix = m.group(1), m.group(2)
    if suffix:
        return f"{digits}.{suffix.upper()}"
    first = digits[0]
    if first in "69":
        return f"{digits}.SH"
    if first in "023":
        return f"{digits}.SZ"
    if first in "48":
        return f"{digits}.BJ"
    return None


def _iter_json(path: Path, report: LoadReport[Atlas]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                report.add(
                    "bad-json",
                    f"not a JSON object ({exc.msg}); the line is skipped",
                    file=path.name,
                    line=line_no,
                    severity="warning",
                )
                continue
            if isinstance(obj, dict):
                yield line_no, obj


class _Tally:
    """Counts every repair and drop; keeps the first few as warnings in the report."""

    def __init__(self, report: LoadReport[Atlas]) -> None:
        self.report = report
        self.dropped: Counter[str] = Counter()
        self.repaired: Counter[str] = Counter()

    def note(self, kind: str, message: str, *, dropped: bool, **where: Any) -> None:
        bucket = self.dropped if dropped else self.repaired
        bucket[kind] += 1
        if bucket[kind] <= MAX_EXAMPLES:
            self.report.add(kind, message, severity="warning", **where)


_FILLER = set("股份有限公司集团控股科技AB*ST")


def consistent_names(short: str, full: str) -> bool:
    """True when a short name could abbreviate a full name (two distinctive characters shared).

    >>> consistent_names("恩捷股份", "云南恩捷新材料股份有限公司"), consistent_names("龙软科技", "中国银行股份有限公司")
    (True, False)
    """
    return len(set(short) & set(full) - _FILLER) >= 2 or not full


def _companies(folder: Path, tally: _Tally) -> dict[str, Enterprise]:
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for line, obj in _iter_json(folder / "company.json", tally.report):
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
    out: dict[str, Enterprise] = {}
    for code, found in rows.items():
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
        aliases = []
        for other_line, other in found[1:]:
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
        if not name:
            tally.note(
                "missing-name",
                "company without a name is skipped",
                dropped=True,
                file="company.json",
                line=line,
                value=code,
            )
            continue
        out[code] = Enterprise.model_construct(
            id=code,
            name=name,
            full_name=full,
            aliases=aliases,
            stock_code=code,
            source=SOURCE,
            as_of=AS_OF,
            **_ENTERPRISE_DEFAULTS,
        )
    return out


_ENTERPRISE_DEFAULTS: dict[str, Any] = {
    k: (f.default_factory() if f.default_factory else f.default)  # type: ignore[call-arg]
    for k, f in Enterprise.model_fields.items()
    if k not in {"id", "name", "full_name", "aliases", "stock_code", "source", "as_of"}
}


def _industry_level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def _industries(folder: Path, tally: _Tally) -> dict[str, Industry]:
    parents: dict[str, str] = {}
    for line, obj in _iter_json(folder / "industry_industry.json", tally.report):
        child, parent = str(obj.get("from_code", "")), str(obj.get("to_code", ""))
        if child and parent and child != parent:
            parents[child] = parent
        else:
            tally.note(
                "bad-industry-link",
                "industry link without two distinct codes is skipped",
                dropped=True,
                file="industry_industry.json",
                line=line,
            )
    out: dict[str, Industry] = {}
    for line, obj in _iter_json(folder / "industry.json", tally.report):
        code = str(obj.get("code", "")).strip()
        if not re.fullmatch(r"\d{6}", code):
            tally.note(
                "bad-industry-code",
                "Shenwan codes have 6 digits; the industry is skipped",
                dropped=True,
                file="industry.json",
                line=line,
                value=code,
            )
            continue
        out[code] = Industry(
            code=code,
            name=clean_text(obj.get("name")),
            scheme=SCHEME,
            level=_industry_level(code),
            parent_code=parents.get(code, ""),
            source=SOURCE,
            as_of=AS_OF,
        )
    for ind in out.values():
        if ind.parent_code and ind.parent_code not in out:
            ind.parent_code = ""
    return out


def _memberships(
    folder: Path, tally: _Tally, companies: dict[str, Enterprise], industries: dict[str, Industry]
) -> list[IndustryMembership]:
    seen: dict[tuple[str, str], IndustryMembership] = {}
    for line, obj in _iter_json(folder / "company_industry.json", tally.report):
        code = normalise_stock_code(str(obj.get("company_code", "")))
        ind = str(obj.get("industry_code", "")).strip()
        if code not in companies:
            tally.note(
                "unknown-company",
                "industry of a company not in company.json is skipped",
                dropped=True,
                file="company_industry.json",
                line=line,
                value=obj.get("company_code"),
            )
            continue
        if ind not in industries:
            tally.note(
                "unknown-industry",
                "industry code not in industry.json; the membership is skipped",
                dropped=True,
                file="company_industry.json",
                line=line,
                value=ind,
            )
            continue
        assert code is not None
        seen[(code, ind)] = IndustryMembership(
            enterprise_id=code, industry_code=ind, source=SOURCE, as_of=AS_OF
        )
    return list(seen.values())


def _supplies(folder: Path, tally: _Tally, companies: dict[str, Enterprise]) -> list[ProductSupply]:
    best: dict[tuple[str, str], ProductSupply] = {}
    fname = "company_product.jsonl"
    for line, obj in _iter_json(folder / fname, tally.report):
        code = normalise_stock_code(str(obj.get("company_code", "")))
        raw_name = str(obj.get("product_name", ""))
        name = clean_text(raw_name)
        if code not in companies:
            tally.note(
                "unknown-company",
                "main product of a company not in company.json is skipped",
                dropped=True,
                file=fname,
                line=line,
                value=obj.get("company_code"),
            )
            continue
        if not name:
            tally.note("missing-name", "empty product name", dropped=True, file=fname, line=line)
            continue
        if name in ACCOUNTING_LINES:
            tally.note(
                "accounting-line",
                "an accounting line (balancing/elimination), not a product",
                dropped=True,
                file=fname,
                line=line,
                value=name,
            )
            continue
        if name != raw_name.strip():
            tally.note(
                "newline-in-name",
                f"read as {name!r}",
                dropped=False,
                file=fname,
                line=line,
                value=raw_name,
            )
        try:
            weight: float | None = float(obj["rel_weight"])
        except (KeyError, TypeError, ValueError):
            weight = None
        if weight is not None and weight < 0:
            tally.note(
                "negative-weight",
                "negative revenue share (an adjustment line); the edge is skipped",
                dropped=True,
                file=fname,
                line=line,
                field="rel_weight",
                value=weight,
            )
            continue
        if weight is not None and weight > 1:
            tally.note(
                "weight-above-one",
                "revenue share above 1; read as 1",
                dropped=False,
                file=fname,
                line=line,
                field="rel_weight",
                value=weight,
            )
            weight = 1.0
        assert code is not None
        key = (code, name)
        if key in best:
            tally.note(
                "duplicate-edge",
                "the same main product twice; the larger share is kept",
                dropped=True,
                file=fname,
                line=line,
                value=name,
            )
            old = best[key].weight or 0.0
            if (weight or 0.0) <= old:
                continue
        best[key] = ProductSupply.model_construct(
            enterprise_id=code,
            product_name=name,
            weight=None if weight is None else round(weight, 4),
            evidence="主营产品",
            source=SOURCE,
            as_of=AS_OF,
        )
    return list(best.values())


REL_MAP = {"上游材料": "up", "产品小类": "sub", "下游产品": "down"}


def _product_links(folder: Path, tally: _Tally) -> list[ProductLink]:
    """README semantics: 上游材料 to is a material of from; 产品小类 to is a subtype of from;
    下游产品 to is made from from."""
    fname = "product_product.jsonl"
    made: dict[tuple[str, str], int] = {}
    subs: dict[tuple[str, str], int] = {}
    for line, obj in _iter_json(folder / fname, tally.report):
        a, b = clean_text(obj.get("from_entity")), clean_text(obj.get("to_entity"))
        rel = REL_MAP.get(str(obj.get("rel", "")))
        if not a or not b or rel is None:
            tally.note(
                "bad-product-link",
                "product link without two names or with an unknown relation",
                dropped=True,
                file=fname,
                line=line,
                value=obj.get("rel"),
            )
            continue
        if a == b:
            tally.note(
                "self-link", "a product linked to itself", dropped=True, file=fname, line=line
            )
            continue
        if rel == "up":
            made.setdefault((a, b), line)
        elif rel == "down":
            made.setdefault((b, a), line)
        else:
            subs.setdefault((b, a), line)
    links: list[ProductLink] = []
    for pairs, rel_type, verb in (
        (made, RelType.MADE_FROM, "made from"),
        (subs, RelType.SUBTYPE_OF, "a kind of"),
    ):
        for (a, b), line in pairs.items():
            if (b, a) in pairs:
                tally.note(
                    "contradictory-direction",
                    f"{a} {verb} {b} and {b} {verb} {a}: direction unknown, both dropped",
                    dropped=True,
                    file=fname,
                    line=line,
                    value=f"{a} / {b}",
                )
                continue
            links.append(
                ProductLink.model_construct(
                    from_name=a, to_name=b, rel=rel_type, source=SOURCE, as_of=AS_OF
                )
            )
    return links


def _abbreviates(short: str, full: str) -> bool:
    """Every character of the short name appears in the full name, in order."""
    rest = iter(full)
    return all(ch in rest for ch in short)


def _recover_companies(folder: Path, tally: _Tally, companies: dict[str, Enterprise]) -> None:
    """Firms that company.json lost (their rows carry another firm's code) but whose industry
    rows name them: rebuilt from company_industry.json, with their full name when a row of
    company.json carries it under a wrong code."""
    used = {e.full_name for e in companies.values() if e.full_name}
    orphans = []
    for _, obj in _iter_json(folder / "company.json", tally.report):
        full = clean_text(obj.get("fullname"))
        if full and full not in used:
            orphans.append(full)
    lost: dict[str, tuple[int, str]] = {}
    for line, obj in _iter_json(folder / "company_industry.json", tally.report):
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
        companies[code] = Enterprise.model_construct(
            id=code,
            name=name,
            full_name=full,
            aliases=[],
            stock_code=code,
            source=SOURCE,
            as_of=AS_OF,
            **_ENTERPRISE_DEFAULTS,
        )
        tally.note(
            "recovered-company",
            f"{code} {name} is missing from company.json (its row carries another code); "
            "rebuilt from its industry row" + (f", full name {full}" if full else ""),
            dropped=False,
            file="company_industry.json",
            line=line,
            value=code,
        )


def read_chainkg(folder: str | Path) -> tuple[LoadReport[Atlas], ChainKGSummary]:
    """Read the chainkg folder; the report's ``valid`` holds one ``Atlas`` (empty on error)."""
    path = Path(folder)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="chainkg")
    summary = ChainKGSummary()
    missing = [f for f in CHAINKG_FILES if not (path / f).is_file()]
    if missing:
        report.add(
            "missing-file",
            f"{', '.join(missing)} not found in {path}; point to the chainkg folder "
            "(company.json, product.json, company_product.jsonl, …)",
        )
        return report, summary
    tally = _Tally(report)
    companies = _companies(path, tally)
    _recover_companies(path, tally, companies)
    industries = _industries(path, tally)
    memberships = _memberships(path, tally, companies, industries)
    supplies = _supplies(path, tally, companies)
    links = _product_links(path, tally)
    names: dict[str, None] = {}
    for _, obj in _iter_json(path / "product.json", report):
        n = clean_text(obj.get("name"))
        if n and n not in ACCOUNTING_LINES:
            names[n] = None
    for s in supplies:
        names[s.product_name] = None
    for lk in links:
        names[lk.from_name] = None
        names[lk.to_name] = None
    atlas = Atlas(
        enterprises=list(companies.values()),
        industries=list(industries.values()),
        industry_memberships=memberships,
        products=[Product.model_construct(name=n, source=SOURCE, as_of=AS_OF) for n in names],
        product_supplies=supplies,
        product_links=links,
    )
    report.valid = [atlas]
    summary.counts = {k: v for k, v in atlas.counts().items() if v}
    summary.dropped = dict(sorted(tally.dropped.items()))
    summary.repaired = dict(sorted(tally.repaired.items()))
    return report, summary
