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

This module reads the industries and gathers the rest: ``chainkg_companies`` (company.json),
``chainkg_products`` (main products and product links), ``chainkg_rows`` (what they share).
"""

from __future__ import annotations

import re
from pathlib import Path

from chainatlas.graph.model import Atlas, Enterprise, Industry, IndustryMembership, Product
from pydantic import BaseModel, Field

from .chainkg_companies import read_companies, recover_companies
from .chainkg_products import read_product_links, read_supplies
from .chainkg_rows import (
    ACCOUNTING_LINES,
    AS_OF,
    CHAINKG_FILES,
    SCHEME,
    SOURCE,
    Tally,
    clean_text,
    iter_json,
    normalise_stock_code,
)
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


class ChainKGSummary(BaseModel):
    """What an import kept and what it dropped or repaired, by reason."""

    counts: dict[str, int] = Field(default_factory=dict)
    dropped: dict[str, int] = Field(default_factory=dict)
    repaired: dict[str, int] = Field(default_factory=dict)


def _industry_level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def _industries(folder: Path, tally: Tally) -> dict[str, Industry]:
    parents: dict[str, str] = {}
    for line, obj in iter_json(folder / "industry_industry.json", tally.report):
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
    for line, obj in iter_json(folder / "industry.json", tally.report):
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
    folder: Path, tally: Tally, companies: dict[str, Enterprise], industries: dict[str, Industry]
) -> list[IndustryMembership]:
    seen: dict[tuple[str, str], IndustryMembership] = {}
    for line, obj in iter_json(folder / "company_industry.json", tally.report):
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
    tally = Tally(report)
    companies = read_companies(path, tally)
    recover_companies(path, tally, companies)
    industries = _industries(path, tally)
    memberships = _memberships(path, tally, companies, industries)
    supplies = read_supplies(path, tally, companies)
    links = read_product_links(path, tally)
    names: dict[str, None] = {}
    for _, obj in iter_json(path / "product.json", report):
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
