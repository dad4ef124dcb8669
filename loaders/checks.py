"""Checks on the records a file gave, for what a planner should look at before relying on them.

Each finding is a warning (``chainatlas load --strict`` makes them errors) naming the file, the
line where the value is written (text files), the field and the value:

- ``supply-cycle``: supply links that come back to where they started (a -> b -> a);
- ``cross-tier-parent``: a segment under a parent of another tier;
- ``same-day-stages``: a project that reached two stages on one day;
- ``unknown-region``: a cluster, project or intention in a region the store does not hold
  (only checked when the store holds regions);
- ``conflicting-duplicate``: one enterprise id in two files of a load with different names,
  USCC or headquarters (``conflicts``);
- ``probable-duplicate``: a firm with exactly the name (or full name) of a firm of another id,
  in the store (one name table read once per load) or in another file of the load.

Text files are searched for the line a value is written on; spreadsheets name the sheet row
the record came from (``LoadReport.find_row``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chainatlas.graph.model import Atlas, Segment, SupplyLink

from .report import LoadReport
from .values import LoadContext

__all__ = ["check_report", "conflicts"]

_TEXT = {".yaml", ".yml", ".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson"}


class _Lines:
    """Find where values are written: the line of a text file, or the sheet row of a
    spreadsheet (the rows its reader noted)."""

    def __init__(self, path: str, report: LoadReport[Any] | None = None) -> None:
        self.lines: list[str] = []
        self.report = report
        p = Path(path)
        if p.suffix.lower() in _TEXT and p.is_file():
            from .tabular import decode_bytes

            try:
                self.lines = re.split(r"\r\n|\r|\n", decode_bytes(p.read_bytes())[0])
            except (OSError, UnicodeDecodeError):
                self.lines = []

    def find(self, *values: str, last: bool = False) -> int | None:
        """The first (or ``last``) line holding every value as a whole word."""
        pats = [re.compile(rf"(?<![\w-]){re.escape(v)}(?![\w-])") for v in values if v]
        found = None
        for n, line in enumerate(self.lines, start=1):
            if all(p.search(line) for p in pats):
                found = n
                if not last:
                    break
        return found

    def at(self, *values: str, last: bool = False) -> dict[str, int]:
        """``{"line": n}`` in a text file, ``{"row": n}`` in a spreadsheet, ``{}`` if not found."""
        if self.lines:
            line = self.find(*values, last=last)
            return {"line": line} if line else {}
        row = self.report.find_row(*values, last=last) if self.report is not None else None
        return {"row": row} if row else {}

    def first(self, *tries: tuple[str, ...], last: bool = False) -> dict[str, int]:
        """The place of the first of ``tries`` (each a tuple of values) that is found."""
        for values in tries:
            if found := self.at(*values, last=last):
                return found
        return {}


def check_report(report: LoadReport[Atlas], context: LoadContext | None = None) -> None:
    """Add the warnings of this module for the records of ``report`` (when it loaded)."""
    if not report.ok or not report.valid:
        return
    lines = _Lines(report.file, report)
    for atlas in report.valid:
        _supply_cycles(report, atlas.links, lines)
        _cross_tier(report, atlas.segments, lines)
        _same_segment_names(report, atlas.segments, lines)
        _same_day(report, atlas, lines)
        if context is not None:
            _known_under_other_characters(report, atlas, context, lines)
            _same_name_as_stored(report, atlas, context, lines)
        known = getattr(context, "region_codes", None)
        if known:
            _regions(report, atlas, set(known) | {r.code for r in atlas.regions}, lines)


def _warn(
    report: LoadReport[Atlas], kind: str, message: str, at: dict[str, int], field: str, value: Any
) -> None:
    """A warning at ``at`` (``{"line": n}``, ``{"row": n}`` or ``{}``)."""
    report.add(kind, message, field=field, value=value, severity="warning", **at)


def _supply_cycles(report: LoadReport[Atlas], links: list[SupplyLink], lines: _Lines) -> None:
    feeds: dict[str, list[str]] = {}
    for link in links:
        feeds.setdefault(link.from_id, []).append(link.to_id)
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for start in sorted(feeds):
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            nexts = feeds.get(node, [])
            if i < len(nexts):
                stack.append((node, i + 1))
                nxt = nexts[i]
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :] + [nxt]
                    _warn(
                        report,
                        "supply-cycle",
                        f"supply links {' -> '.join(cycle)} come back to where they start; "
                        "a supply chain flows one way: check 'from' and 'to' of these links",
                        lines.first((cycle[-2], cycle[-1]), (cycle[-2],)),
                        "to",
                        nxt,
                    )
                    return
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()


def _cross_tier(report: LoadReport[Atlas], segments: list[Segment], lines: _Lines) -> None:
    by_id = {s.id: s for s in segments}
    for s in segments:
        parent = by_id.get(s.parent or "")
        if parent is not None and parent.tier != s.tier:
            _warn(
                report,
                "cross-tier-parent",
                f"segment {s.id!r} ({s.tier.value}) sits under {parent.id!r}, whose tier is "
                f"{parent.tier.value}; give both the same tier or pick another parent",
                lines.first((s.id, parent.id), (s.id,)),
                "parent",
                parent.id,
            )


def _same_segment_names(report: LoadReport[Atlas], segments: list[Segment], lines: _Lines) -> None:
    """Two segments of one map whose Chinese names are one name once full-width, traditional,
    invisible characters, spaces and case are set aside (firms would split between them)."""
    from .guards import name_fold

    first: dict[str, Segment] = {}
    for s in segments:
        seen = first.setdefault(name_fold(s.name_zh), s)
        if seen is not s:
            _warn(
                report,
                "probable-duplicate",
                f"segment {s.id!r} is named {s.name_zh!r}, the same name as segment {seen.id!r} "
                f"({seen.name_zh!r}) once full-width, traditional and invisible characters are "
                "set aside; merge them, or name them apart",
                lines.first((s.id,), (s.name_zh,)),
                "name_zh",
                s.name_zh,
            )


def _same_day(report: LoadReport[Atlas], atlas: Atlas, lines: _Lines) -> None:
    for project in atlas.projects:
        seen: dict[Any, str] = {}
        for step in project.history:
            other = seen.get(step.on)
            if other is not None and other != step.status.value:
                day = step.on.isoformat()
                _warn(
                    report,
                    "same-day-stages",
                    f"project {project.id!r} reached {other!r} and {step.status.value!r} on the "
                    f"same day {day}; check the dates of these stages",
                    lines.first((project.id, day), (project.name, day), last=True)
                    or lines.first((project.id,), (project.name,)),
                    "status_date",
                    day,
                )
            seen.setdefault(step.on, step.status.value)


def _known_under_other_characters(
    report: LoadReport[Atlas], atlas: Atlas, context: LoadContext, lines: _Lines
) -> None:
    """A firm whose name, read as simplified characters without full-width forms or invisible
    characters, is another firm's name in the store or in an earlier file of this load."""
    import unicodedata

    from .guards import simplified

    for e in atlas.enterprises:
        for name in e.names():
            plain = simplified(unicodedata.normalize("NFKC", name)).strip()
            if plain == name:
                continue
            other = context.resolve_enterprise(plain)
            if other is not None and other != e.id:
                _warn(
                    report,
                    "probable-duplicate",
                    f"firm {e.id!r} is named {name!r}, which is {plain!r} (firm {other!r}) "
                    "written in other characters; give both the same id if they are one firm",
                    lines.first((e.id,), (name,)),
                    "name",
                    name,
                )
                break


def _regions(report: LoadReport[Atlas], atlas: Atlas, known: set[str], lines: _Lines) -> None:
    places: list[tuple[str, str, str]] = []  # (what, region code, field)
    places += [(f"cluster {c.name!r}", c.region_code, "region_code") for c in atlas.clusters]
    places += [(f"project {p.name!r}", p.region_code, "region_code") for p in atlas.projects]
    places += [
        (f"intention of {p.enterprise_id!r}", i.region_code, "region_code")
        for p in atlas.profiles
        for i in p.intentions
    ]
    for what, code, field in places:
        if code and code not in known:
            _warn(
                report,
                "unknown-region",
                f"{what} is in region {code!r}, which the store does not hold; check the "
                "code or load the regions file that has it",
                lines.at(code),
                field,
                code,
            )


_COMPARED = ("name", "full_name", "uscc", "hq_region")


def conflicts(reports: list[LoadReport[Atlas]]) -> None:
    """Warn where one enterprise id comes from two files with different names, USCC or
    headquarters (the later file's values win), and where two files name two firms alike."""
    _same_id_differs(reports)
    _same_name_across_files(reports)


def _firm_names(e: Any) -> list[tuple[str, str]]:
    """``(field, name)`` of a firm's name and full name, stripped, each once."""
    out: list[tuple[str, str]] = []
    for field, name in (("name", e.name), ("full_name", e.full_name or "")):
        if name.strip() and name.strip() not in {n for _, n in out}:
            out.append((field, name.strip()))
    return out


def _warned(report: LoadReport[Atlas], name: str) -> bool:
    """A probable-duplicate warning on ``name`` is already in the report."""
    short = name if len(name) <= 80 else name[:79] + "…"
    return any(p.kind == "probable-duplicate" and p.value == short for p in report.problems)


def _same_name_as_stored(
    report: LoadReport[Atlas], atlas: Atlas, context: LoadContext, lines: _Lines
) -> None:
    """A firm with exactly the name of a stored firm of another id (not rewritten by this file):
    the store's names are read once per load (``LoadContext.stored_names``)."""
    if not atlas.enterprises:
        return
    stored = context.stored_names()
    if not stored:
        return
    here = {e.id for e in atlas.enterprises}
    for e in atlas.enterprises:
        for field, name in _firm_names(e):
            others = [i for i in stored.get(name, ()) if i not in here]
            if others and not _warned(report, name):
                _warn(
                    report,
                    "probable-duplicate",
                    f"firm {e.id!r} has the {field} {name!r}, exactly the name of firm "
                    f"{others[0]!r} in the store; give both the same id if they are one firm, "
                    "or tell the two apart in the name",
                    lines.first((e.id,), (name,)),
                    field,
                    name,
                )
                break


def _same_name_across_files(reports: list[LoadReport[Atlas]]) -> None:
    """A firm with exactly the name of a firm of another id in an earlier file of the load."""
    first: dict[str, tuple[LoadReport[Atlas], str]] = {}  # name -> (report, firm id)
    places: dict[int, _Lines] = {}

    def place(report: LoadReport[Atlas], *values: str) -> dict[str, int]:
        found = places.setdefault(id(report), _Lines(report.file, report))
        return found.first(*((v,) for v in values))

    for report in reports:
        mine: dict[str, str] = {}
        for e in (e for atlas in report.valid for e in atlas.enterprises):
            for field, name in _firm_names(e):
                mine.setdefault(name, e.id)
                seen = first.get(name)
                if seen is None or seen[1] == e.id or _warned(report, name):
                    continue
                other, other_id = seen
                where = "".join(f", {k} {v}" for k, v in place(other, other_id, name).items())
                _warn(
                    report,
                    "probable-duplicate",
                    f"firm {e.id!r} has the {field} {name!r}, exactly the name of firm "
                    f"{other_id!r} ({other.file}{where}); give both the same id if they are "
                    "one firm, or tell the two apart in the name",
                    place(report, e.id, name),
                    field,
                    name,
                )
                break
        for name, firm in mine.items():
            first.setdefault(name, (report, firm))


def _same_id_differs(reports: list[LoadReport[Atlas]]) -> None:
    first: dict[str, tuple[str, Any]] = {}
    for report in reports:
        lines: _Lines | None = None
        for atlas in report.valid:
            for e in atlas.enterprises:
                seen = first.setdefault(e.id, (report.file, e))
                if seen[0] == report.file:
                    continue
                differ = [
                    f
                    for f in _COMPARED
                    if getattr(e, f, None)
                    and getattr(seen[1], f, None)
                    and getattr(e, f) != getattr(seen[1], f)
                ]
                if differ:
                    lines = lines or _Lines(report.file, report)
                    f = differ[0]
                    _warn(
                        report,
                        "conflicting-duplicate",
                        f"enterprise {e.id!r} is also in {seen[0]} with {f} "
                        f"{getattr(seen[1], f)!r}; this file says {getattr(e, f)!r} and wins: "
                        "check which is right",
                        lines.at(e.id),
                        f,
                        getattr(e, f),
                    )
