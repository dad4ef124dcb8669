"""ChainKnowledgeGraph's products: each company's main products (主营产品) with their revenue
share, and the material and subtype links between products."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.model import Enterprise, ProductLink, ProductSupply, RelType

from .chainkg_rows import (
    ACCOUNTING_LINES,
    AS_OF,
    SOURCE,
    Tally,
    clean_text,
    iter_json,
    normalise_stock_code,
)

__all__ = ["REL_MAP", "read_product_links", "read_supplies"]

REL_MAP = {"上游材料": "up", "产品小类": "sub", "下游产品": "down"}
_SUPPLIES = "company_product.jsonl"
_LINKS = "product_product.jsonl"


def read_supplies(
    folder: Path, tally: Tally, companies: dict[str, Enterprise]
) -> list[ProductSupply]:
    """Each company's main products, one edge per company and product (the larger share)."""
    best: dict[tuple[str, str], ProductSupply] = {}
    for line, obj in iter_json(folder / _SUPPLIES, tally.report):
        found = _supply_row(line, obj, tally, companies)
        if found is None:
            continue
        key, weight = found
        if key in best:
            tally.note(
                "duplicate-edge",
                "the same main product twice; the larger share is kept",
                dropped=True,
                file=_SUPPLIES,
                line=line,
                value=key[1],
            )
            old = best[key].weight or 0.0
            if (weight or 0.0) <= old:
                continue
        best[key] = ProductSupply.model_construct(
            enterprise_id=key[0],
            product_name=key[1],
            weight=None if weight is None else round(weight, 4),
            evidence="主营产品",
            source=SOURCE,
            as_of=AS_OF,
        )
    return list(best.values())


def _supply_row(
    line: int, obj: dict[str, Any], tally: Tally, companies: dict[str, Enterprise]
) -> tuple[tuple[str, str], float | None] | None:
    """``((code, product), share)`` of one row; None (tallied) when the row is dropped."""
    code = normalise_stock_code(str(obj.get("company_code", "")))
    raw_name = str(obj.get("product_name", ""))
    name = clean_text(raw_name)
    if code not in companies:
        tally.note(
            "unknown-company",
            "main product of a company not in company.json is skipped",
            dropped=True,
            file=_SUPPLIES,
            line=line,
            value=obj.get("company_code"),
        )
        return None
    if not name:
        tally.note("missing-name", "empty product name", dropped=True, file=_SUPPLIES, line=line)
        return None
    if name in ACCOUNTING_LINES:
        tally.note(
            "accounting-line",
            "an accounting line (balancing/elimination), not a product",
            dropped=True,
            file=_SUPPLIES,
            line=line,
            value=name,
        )
        return None
    if name != raw_name.strip():
        tally.note(
            "newline-in-name",
            f"read as {name!r}",
            dropped=False,
            file=_SUPPLIES,
            line=line,
            value=raw_name,
        )
    weight = _share(obj)
    if weight is not None and weight < 0:
        tally.note(
            "negative-weight",
            "negative revenue share (an adjustment line); the edge is skipped",
            dropped=True,
            file=_SUPPLIES,
            line=line,
            field="rel_weight",
            value=weight,
        )
        return None
    if weight is not None and weight > 1:
        tally.note(
            "weight-above-one",
            "revenue share above 1; read as 1",
            dropped=False,
            file=_SUPPLIES,
            line=line,
            field="rel_weight",
            value=weight,
        )
        weight = 1.0
    assert code is not None
    return (code, name), weight


def _share(obj: dict[str, Any]) -> float | None:
    """The row's revenue share (``rel_weight``), None when absent or not a number."""
    try:
        return float(obj["rel_weight"])
    except (KeyError, TypeError, ValueError):
        return None


def read_product_links(folder: Path, tally: Tally) -> list[ProductLink]:
    """README semantics: 上游材料 to is a material of from; 产品小类 to is a subtype of from;
    下游产品 to is made from from."""
    made: dict[tuple[str, str], int] = {}
    subs: dict[tuple[str, str], int] = {}
    for line, obj in iter_json(folder / _LINKS, tally.report):
        a, b = clean_text(obj.get("from_entity")), clean_text(obj.get("to_entity"))
        rel = REL_MAP.get(str(obj.get("rel", "")))
        if not a or not b or rel is None:
            tally.note(
                "bad-product-link",
                "product link without two names or with an unknown relation",
                dropped=True,
                file=_LINKS,
                line=line,
                value=obj.get("rel"),
            )
            continue
        if a == b:
            tally.note(
                "self-link", "a product linked to itself", dropped=True, file=_LINKS, line=line
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
                    file=_LINKS,
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
