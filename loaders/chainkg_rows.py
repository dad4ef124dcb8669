"""What the ChainKnowledgeGraph readers share: its constants, JSON-lines rows, name and stock
code clean-up, and the tally of what was dropped or repaired."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from chainatlas.graph.model import Atlas

from .report import LoadReport

__all__ = [
    "ACCOUNTING_LINES",
    "AS_OF",
    "CHAINKG_FILES",
    "MAX_EXAMPLES",
    "SCHEME",
    "SOURCE",
    "Tally",
    "clean_text",
    "iter_json",
    "normalise_stock_code",
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


def iter_json(path: Path, report: LoadReport[Atlas]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, object)`` for each JSON object line; a broken line is a warning and skipped."""
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


class Tally:
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
