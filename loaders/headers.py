"""The one catalogue of the column headers (and YAML keys) each input kind accepts.

Every loader reads its headers through :func:`header_map`; ``chainatlas formats [KIND]`` prints
the catalogue and the README's "Columns each file accepts" section is generated from it
(:func:`catalogue_markdown`; a test fails when the README is stale).

A header is matched after ``tabular.normalise_header`` (lowercase, full-width brackets read as
ASCII, spaces and dashes as ``_``). A column the catalogue does not know stops the load, naming
the column and the closest known header; ``--ignore-column NAME`` (:func:`ignoring_columns`)
drops one on purpose and the load report says so. Some columns are understood but not kept
(a registry's 联系人 or 序号): the report says so when it matters.

>>> header_map("enterprises").get("所属环节")
'segments'
>>> header_map("enterprises").get("总部所在地")
'hq_region'
>>> header_map("regions").get("经纬度").refusal.split(";")[0]
"column '经纬度' is not a column of a regions file"
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .columns import CATALOGUE, KIND_TITLES, NOT_KEPT, Column
from .report import LoadReport
from .tabular import Row, iter_rows, normalise_header

__all__ = [
    "CATALOGUE",
    "KIND_TITLES",
    "Column",
    "NOT_KEPT",
    "UnknownHeader",
    "IgnoredHeader",
    "HeaderMap",
    "header_map",
    "ignoring_columns",
    "ignored_columns",
    "iter_table",
    "known_keys",
    "unknown_key_problems",
    "catalogue_rows",
    "catalogue_markdown",
]


def _shown(name: str, limit: int = 60) -> str:
    """A header as a message names it: at most ``limit`` characters."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


class UnknownHeader(str):
    """A header the catalogue does not know; ``refusal`` says so and names the closest one."""

    kind: str
    known: HeaderMap

    @property
    def refusal(self) -> str:
        key, kind = _shown(str(self)), self.kind
        closest = self.known.closest(str(self)[:200])
        hint = f"did you mean {closest!r}? " if closest else ""
        return (
            f"column {key!r} is not a column of {'an' if kind[0] in 'aeiou' else 'a'} {kind} "
            f"file; {hint}rename it, or drop it with --ignore-column {key!r} "
            f"(`chainatlas formats {kind.split('.')[0]}` lists the columns)"
        )


class IgnoredHeader(str):
    """A header dropped on purpose (``--ignore-column``) or understood but not kept."""

    warning: str


_IGNORED: ContextVar[frozenset[str]] = ContextVar("ignored_columns", default=frozenset())


@contextmanager
def ignoring_columns(names: list[str] | tuple[str, ...] | set[str]) -> Iterator[None]:
    """Within the block, every load drops the columns (or YAML keys) named ``names``.

    ``chainatlas load --ignore-column NAME`` uses it; each file's report warns for each
    column it dropped.
    """
    token = _IGNORED.set(frozenset(normalise_header(n) for n in names if str(n).strip()))
    try:
        yield
    finally:
        _IGNORED.reset(token)


def ignored_columns() -> frozenset[str]:
    """The normalised names of the columns loads drop now (see :func:`ignoring_columns`)."""
    return _IGNORED.get()


class HeaderMap(dict[str, str]):
    """Normalised header → field key, for one kind. ``get`` of an unknown header returns an
    ``UnknownHeader``; of an ignored or not-kept one an ``IgnoredHeader`` (the readers in
    ``tabular`` and ``xlsx`` call ``get``, and ``check_headers`` reports both)."""

    def __init__(self, kind: str, mapping: dict[str, str], notes: dict[str, str]) -> None:
        super().__init__(mapping)
        self.kind = kind
        self.notes = notes
        self.ignored = ignored_columns()

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if not key:
            return key
        if key in self.ignored:
            return _ignored(key, "ignored as asked (--ignore-column)")
        found = super().get(key)
        if found == NOT_KEPT:
            return _ignored(key, self.notes.get(key, ""))
        if found is not None:
            return found
        h = UnknownHeader(key)
        h.kind, h.known = self.kind, self
        return h

    def closest(self, key: str) -> str:
        """The known header most like ``key`` (empty when nothing is close)."""
        from rapidfuzz import fuzz, process

        choices = [k for k in self if k]
        found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=50)
        return found[0] if found else ""


def _ignored(key: str, warning: str) -> IgnoredHeader:
    h = IgnoredHeader(f"~ignored:{key}")
    h.warning = warning
    return h


def header_map(kind: str) -> HeaderMap:
    """Every accepted spelling of ``kind``'s headers (normalised) → its field key."""
    mapping: dict[str, str] = {}
    notes: dict[str, str] = {}
    for col in CATALOGUE[kind]:
        for spelling in col.spellings():
            mapping[normalise_header(spelling)] = col.key
            if col.note:
                notes[normalise_header(spelling)] = col.note
    return HeaderMap(kind, mapping, notes)


def known_keys(kind: str) -> set[str]:
    return {c.key for c in CATALOGUE[kind] if c.key != NOT_KEPT}


def required_keys(kind: str) -> set[str]:
    return {c.key for c in CATALOGUE[kind] if c.required}


def unknown_key_problems(
    values: dict[str, Any],
    report: LoadReport[Any],
    reported: set[str],
    headers: dict[str, str] | None = None,
    **where: Any,
) -> tuple[dict[str, Any], bool]:
    """``values`` without ignored keys, and False when one is unknown (reported once per name).

    For rows the header check does not see (JSON items, YAML mappings).
    """
    ok = True
    kept: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(k, UnknownHeader):
            ok = False
            name = _shown((headers or {}).get(k) or str(k))
            if name not in reported:
                reported.add(name)
                report.add("unknown-column", k.refusal, field=name, **where)
        elif isinstance(k, IgnoredHeader):
            name = _shown((headers or {}).get(k) or str(k).removeprefix("~ignored:"))
            if k.warning and name not in reported:
                reported.add(name)
                report.add(
                    "ignored-column",
                    f"column {name!r}: {k.warning}",
                    field=name,
                    severity="warning",
                    **where,
                )
        else:
            kept[k] = v
    return kept, ok


def iter_table(
    path: Path, report: LoadReport[Any], kind: str, required: set[str] | None = None
) -> Iterator[Row]:
    """The rows of a table file of ``kind``, headers read through the catalogue.

    An unknown column stops the load (an error naming it and the closest known header);
    ignored and not-kept columns are dropped from every row.
    """
    reported: set[str] | None = None
    need = required_keys(kind) if required is None else required
    for row in iter_rows(path, report, header_map(kind), need):
        if reported is None:  # the header check (CSV, XLSX) has said it once already
            said = {"unknown-column", "ignored-column"}
            reported = {p.field or "" for p in report.problems if p.kind in said}
        values, ok = unknown_key_problems(
            row.values, report, reported, row.raw_headers, **row.where()
        )
        if not ok:
            return
        row.values = values
        if row.raw_headers:
            row.raw_headers = {k: v for k, v in row.raw_headers.items() if k in values}
        yield row


def catalogue_rows(kind: str) -> list[dict[str, str]]:
    """The catalogue of ``kind`` as rows: field, required, Chinese header, other spellings."""
    out = []
    for col in CATALOGUE[kind]:
        others = [s for s in col.spellings() if s not in {col.key, col.zh}]
        out.append(
            {
                "field": col.key if col.key != NOT_KEPT else "(not kept)",
                "required": "yes" if col.required else "",
                "zh": col.zh,
                "also": ", ".join(others),
                "what": col.what,
            }
        )
    return out


def catalogue_markdown(kinds: list[str] | None = None) -> str:
    """The catalogue as Markdown tables (the README's section is this text)."""
    parts = []
    for kind in kinds or list(CATALOGUE):
        parts.append(f"#### `{kind}`: {KIND_TITLES[kind]}\n")
        parts.append("| field | required | 中文 | also accepted | what |")
        parts.append("|---|---|---|---|---|")
        for r in catalogue_rows(kind):
            cells = [r["field"], r["required"], r["zh"], r["also"], r["what"]]
            parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
