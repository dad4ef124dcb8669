"""The reviewed list matches: the ``--review`` CSV of ``chainatlas import lists``, its confirm
column filled in by a person, read back as decisions.

Each row proposes one firm (``candidate_id``) for one list entry. ``confirm`` says yes (是, 对,
确认, yes, y, true, 1, ✓, √) or no (否, 不是, 错, no, n, false, 0, ✗, ×); empty is undecided. A
confirmed row makes the entry a membership of that firm; a rejected row is remembered, so the
firm is not proposed for that entry again (``ReviewDecisions`` is kept in the store's settings
as JSON, ``to_json``/``from_json``).

>>> confirm_word("✓"), confirm_word("否"), confirm_word("")
(True, False, None)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .headers import iter_table
from .report import LoadReport
from .values import cell_text

__all__ = ["ReviewDecisions", "read_review", "confirm_word", "YES_WORDS", "NO_WORDS"]

YES_WORDS = frozenset({"是", "对", "确认", "同意", "yes", "y", "true", "1", "✓", "✔", "√", "ok"})
NO_WORDS = frozenset({"否", "不是", "错", "不对", "no", "n", "false", "0", "✗", "✘", "×", "x"})

Pair = tuple[str, str]  # (list id, entry as the list writes it)


def confirm_word(value: Any) -> bool | None:
    """True for a yes, False for a no, None for an empty cell; ValueError for anything else."""
    text = cell_text(value).strip().lower().rstrip("。.!！")
    if not text:
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueError(
        f"confirm {cell_text(value)!r} is neither yes nor no; write 是 or 否 (yes/no, y/n, 1/0, "
        "✓/✗), or leave it empty to decide later"
    )


@dataclass
class ReviewDecisions:
    """Which firm a person confirmed for a list entry, and which they rejected."""

    confirmed: dict[Pair, str] = field(default_factory=dict)
    rejected: set[tuple[str, str, str]] = field(default_factory=set)  # (list, entry, firm id)

    def __bool__(self) -> bool:
        return bool(self.confirmed or self.rejected)

    def is_rejected(self, list_id: str, entry: str, enterprise_id: str) -> bool:
        return (list_id, entry, enterprise_id) in self.rejected

    def updated(self, newer: ReviewDecisions) -> ReviewDecisions:
        """These decisions with ``newer`` ones on top (a newer no withdraws an older yes for the
        same firm, a newer yes an older no)."""
        confirmed = dict(self.confirmed)
        for list_id, entry, firm in newer.rejected:
            if confirmed.get((list_id, entry)) == firm:
                del confirmed[(list_id, entry)]
        confirmed.update(newer.confirmed)
        rejected = {r for r in self.rejected | newer.rejected if confirmed.get(r[:2]) != r[2]}
        return ReviewDecisions(confirmed, rejected)

    def to_json(self) -> str:
        return json.dumps(
            {
                "confirmed": sorted([k[0], k[1], v] for k, v in self.confirmed.items()),
                "rejected": sorted(list(r) for r in self.rejected),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> ReviewDecisions:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            {(a, b): c for a, b, c in data.get("confirmed", [])},
            {(a, b, c) for a, b, c in data.get("rejected", [])},
        )


def read_review(path: str | Path) -> tuple[LoadReport[Any], ReviewDecisions]:
    """The decisions of a filled-in review CSV; problems name the row, field and value."""
    path = Path(path)
    report: LoadReport[Any] = LoadReport(file=str(path), kind="list_review")
    decisions = ReviewDecisions()
    lines: dict[Pair, int | None] = {}
    for row in iter_table(path, report, "list_review"):
        v, h, where = row.values, row.raw_headers or {}, row.where()
        list_id, entry = cell_text(v.get("list")), cell_text(v.get("entry"))
        candidate = cell_text(v.get("candidate_id"))
        try:
            said = confirm_word(v.get("confirm"))
        except ValueError as exc:
            report.add(
                "invalid-value", str(exc), field=h.get("confirm", "confirm"),
                value=v.get("confirm"), **where,
            )  # fmt: skip
            continue
        if said is None:
            continue
        if not (list_id and entry and candidate):
            report.add(
                "missing-value",
                "a decided row needs its list, entry and candidate_id as the import wrote them; "
                "copy them back from the file chainatlas wrote",
                field=h.get("candidate_id", "candidate_id"),
                **where,
            )
            continue
        if not said:
            decisions.rejected.add((list_id, entry, candidate))
            continue
        key = (list_id, entry)
        if key in decisions.confirmed and decisions.confirmed[key] != candidate:
            report.add(
                "duplicate-id",
                f"entry {entry!r} of {list_id} is confirmed for two firms "
                f"({decisions.confirmed[key]} on line {lines[key]}, and {candidate}); "
                "keep one 是 and write 否 on the other",
                field=h.get("confirm", "confirm"),
                value=candidate,
                **where,
            )
            continue
        decisions.confirmed[key] = candidate
        lines[key] = row.line or row.row
    return report, decisions
