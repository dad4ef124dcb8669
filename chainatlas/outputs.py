"""Where an answer goes: the one rule for printing and writing, for every command.

* ``-o FILE`` writes the format the file's extension names: ``.csv``, ``.xlsx``, ``.md``,
  ``.json`` or ``.html``. ``--format`` (or ``--json``) may repeat it, never contradict it; an
  extension outside these is refused, naming the ones allowed.
* Without ``-o`` the answer is printed on stdout: ``--format table`` (the default) as tables,
  ``csv``, ``md``, ``json`` or ``html`` as that text. In a terminal, tables are drawn; piped or
  redirected they are plain tab-separated rows, every column, nothing cut.
* XLSX cannot be printed: without ``-o`` it is written to the command's own file name
  (``targets-battery-ev.xlsx``…) in the current folder, and the command says where.

An answer is a :class:`Document`: a title, sections (a table each), the API result it came
from (for JSON) and notes (what the file is, when and from which data it was made, how its
numbers are computed) that XLSX keeps on its own sheet and Markdown and HTML at the end.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from rich.console import Console
from rich.table import Table

from chainatlas.exports import cell_text, md_escape, write_csv, write_xlsx
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.loaders.values import escape_invisible_json, strip_invisible
from chainatlas.words import say

__all__ = [
    "FILE_FORMATS",
    "Document",
    "OutputError",
    "Section",
    "choose_format",
    "deliver",
    "document_json",
    "document_markdown",
    "show_document",
    "write_document",
]

Lang = Literal["zh", "en"]
FILE_FORMATS = ("csv", "xlsx", "md", "json", "html")
PRINTED = ("table", "csv", "md", "json", "html")


class OutputError(ChainAtlasError):
    """The output asked for cannot be made: a contradiction or an unknown file kind."""


class Section(NamedTuple):
    """One table of an answer: a title, a line before it, its header row and its rows."""

    title: str
    intro: str
    headers: list[str]
    rows: list[list[Any]]
    sheet: str = ""


@dataclass
class Document:
    """An answer ready to print or write (see the module's rule)."""

    title: str
    sections: list[Section]
    lang: Lang = "zh"
    data: Any = None
    name: str = "answer"
    notes: list[tuple[str, str]] = field(default_factory=list)
    brief: list[Section] | None = None  # a narrower view for an interactive terminal only
    lines: list[str] = field(default_factory=list)  # printed after the tables
    summary: Section | None = None  # a first table over the others (not in CSV)
    part: str = ""  # CSV of several sections: the header of the column naming each one

    def _repr_html_(self) -> str:
        """The tables as HTML, for a notebook (names escaped, no script)."""
        return document_html(self, page=False)

    def tables(self) -> list[Section]:
        """The summary (when any), then the sections."""
        return [self.summary, *self.sections] if self.summary else list(self.sections)


def choose_format(output: Path | None, fmt: str | None, lang: Lang = "zh") -> str:
    """The format to make: the extension of ``output`` when given, else ``fmt``, else table.

    >>> choose_format(Path("t.xlsx"), None), choose_format(None, "md"), choose_format(None, None)
    ('xlsx', 'md', 'table')
    """
    if fmt is not None and fmt not in (*PRINTED, "xlsx"):
        allowed = ", ".join(("table", *FILE_FORMATS))
        raise OutputError(say("err.format", lang, fmt=fmt, allowed=allowed))
    if output is None:
        return fmt or "table"
    ext = output.suffix.lower().lstrip(".")
    if ext not in FILE_FORMATS:
        allowed = ", ".join("." + f for f in FILE_FORMATS)
        raise OutputError(
            say("err.extension", lang, path=str(output), ext=output.suffix, allowed=allowed)
        )
    if fmt is not None and fmt != ext:
        raise OutputError(say("err.contradicts", lang, fmt=fmt, path=str(output), ext=ext))
    return ext


def deliver(doc: Document, output: Path | None, fmt: str, console: Console) -> Path | None:
    """Print ``doc`` or write it (``fmt`` from :func:`choose_format`); returns the file written."""
    if output is None and fmt == "xlsx":
        output = Path(f"{doc.name}.xlsx")
    if output is not None:
        from chainatlas.cli_common import state

        written = write_document(doc, output, fmt)
        if not state.quiet:  # --quiet: the file, no word about it
            console.print(say("wrote", doc.lang, path=str(written)), markup=False, soft_wrap=True)
        return written
    if fmt == "table":
        show_document(doc, console)
        return None
    text = _text(doc, fmt)
    console.file.write(text if text.endswith("\n") else text + "\n")
    console.file.flush()
    return None


def write_document(doc: Document, path: Path, fmt: str) -> Path:
    """Write ``doc`` as ``fmt`` (one of :data:`FILE_FORMATS`) to ``path``."""
    if fmt == "xlsx":
        sheets = [(s.sheet or s.title, s.headers, s.rows) for s in doc.tables()]
        return write_xlsx(path, sheets, notes=doc.notes, notes_title=say("notes", doc.lang))
    if fmt == "csv":
        headers, rows = _one_table(doc)
        return write_csv(path, headers, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_text(doc, fmt), encoding="utf-8")
    return path


def _text(doc: Document, fmt: str) -> str:
    if fmt == "json":
        return document_json(doc)
    if fmt == "md":
        return document_markdown(doc)
    if fmt == "html":
        return document_html(doc)
    if fmt == "csv":
        import csv
        import io

        headers, rows = _one_table(doc)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        for row in [headers, *rows]:
            writer.writerow([cell_text(v) for v in row])
        return buf.getvalue()
    raise OutputError(say("err.format", doc.lang, fmt=fmt, allowed=", ".join(FILE_FORMATS)))


def _one_table(doc: Document) -> tuple[list[str], list[list[Any]]]:
    """CSV holds one table: the only section, or several sharing one header row with a first
    column naming the section each row comes from."""
    if len(doc.sections) == 1:
        return doc.sections[0].headers, doc.sections[0].rows
    heads = {tuple(s.headers) for s in doc.sections}
    if len(heads) == 1 and doc.sections:
        first = doc.sections[0]
        rows = [[s.sheet or s.title, *r] for s in doc.sections for r in s.rows]
        return [doc.part or say("part", doc.lang), *first.headers], rows
    raise OutputError(
        say("err.csv_one_table", doc.lang, n=len(doc.sections), allowed=".xlsx, .md, .html, .json")
    )


def document_json(doc: Document) -> str:
    """The API result the document was made from (the same as ``--json``)."""
    from chainatlas.cli_common import to_jsonable

    data = doc.data if doc.data is not None else _sections_data(doc)
    text = json.dumps(to_jsonable(data), ensure_ascii=False, indent=2, default=str)
    return escape_invisible_json(text) + "\n"


def _sections_data(doc: Document) -> list[dict[str, Any]]:
    return [
        {"title": s.title, "rows": [dict(zip(s.headers, r, strict=False)) for r in s.rows]}
        for s in doc.sections
    ]


def _md_table(s: Section, lang: Lang) -> list[str]:
    lines = [f"## {md_escape(s.title)}", ""]
    if s.intro:
        lines += [md_escape(s.intro), ""]
    if not s.rows:
        return [*lines, say("none", lang), ""]
    lines.append("| " + " | ".join(md_escape(h) for h in s.headers) + " |")
    lines.append("|" + "---|" * len(s.headers))
    lines += ["| " + " | ".join(md_escape(cell_text(v)) for v in r) + " |" for r in s.rows]
    return [*lines, ""]


def document_markdown(doc: Document) -> str:
    """The title, each section as a heading and a table, the notes at the end."""
    lines = [f"# {md_escape(doc.title)}", ""]
    for s in doc.tables():
        table = _md_table(s, doc.lang)
        lines += table[2:] if len(doc.tables()) == 1 and s.title == doc.title else table
    lines += [md_escape(x) for x in doc.lines]
    if doc.notes:
        lines += ["", f"## {md_escape(say('notes', doc.lang))}", ""]
        lines += [f"- **{md_escape(k)}**: {md_escape(v)}" for k, v in doc.notes]
    return "\n".join(lines).rstrip("\n") + "\n"


def _h(value: Any) -> str:
    return html.escape(strip_invisible(cell_text(value)), quote=True)


def document_html(doc: Document, *, page: bool = True) -> str:
    """A standalone page (or, ``page=False``, the tables alone): every name escaped, no script."""
    lang = "zh-CN" if doc.lang == "zh" else "en"
    out = [
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{_h(doc.title)}</title><style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px}"
        "th{background:#ddebf7}</style></head><body>",
        f"<h1>{_h(doc.title)}</h1>",
    ]
    if not page:
        out = [f"<h3>{_h(doc.title)}</h3>"]
    for s in doc.tables():
        if not (len(doc.tables()) == 1 and s.title == doc.title):
            out.append(f"<h2>{_h(s.title)}</h2>")
        if s.intro:
            out.append(f"<p>{_h(s.intro)}</p>")
        out.append("<table><thead><tr>" + "".join(f"<th>{_h(h)}</th>" for h in s.headers))
        out.append("</tr></thead><tbody>")
        out += ["<tr>" + "".join(f"<td>{_h(v)}</td>" for v in r) + "</tr>" for r in s.rows]
        out.append("</tbody></table>")
    out += [f"<p>{_h(x)}</p>" for x in doc.lines]
    if doc.notes:
        out.append(f"<h2>{_h(say('notes', doc.lang))}</h2><dl>")
        out += [f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in doc.notes]
        out.append("</dl>")
    if page:
        out.append("</body></html>")
    return "\n".join(out) + "\n"


def _tsv_cell(value: Any) -> str:
    return " ".join(strip_invisible(cell_text(value)).split("\t")).replace("\n", " ")


def show_document(doc: Document, console: Console) -> None:
    """Tables for a person in a terminal; full tab-separated rows for a pipe or a file."""
    if console.is_terminal:
        _draw(doc, doc.brief if doc.brief is not None else doc.tables(), console)
        return
    out: list[str] = []
    for i, s in enumerate(doc.tables()):
        if i:
            out.append("")
        out.append(f"# {_tsv_cell(s.title)}")
        if s.intro:
            out.append(f"# {_tsv_cell(s.intro)}")
        out.append("\t".join(_tsv_cell(h) for h in s.headers))
        out += ["\t".join(_tsv_cell(v) for v in r) for r in s.rows]
    out += [_tsv_cell(x) for x in doc.lines]
    console.file.write("\n".join(out) + "\n")
    console.file.flush()


def _draw(doc: Document, sections: Sequence[Section], console: Console) -> None:
    if len(sections) > 1:
        console.print(doc.title, style="bold", markup=False)
    for s in sections:
        if not s.rows:
            console.print(f"{s.title}: {say('none', doc.lang)}", markup=False)
            continue
        table = Table(title=s.title, title_justify="left", caption=s.intro or None)
        for header in s.headers:
            table.add_column(header, overflow="fold")  # long names wrap, never cut
        for row in s.rows:
            table.add_row(*(cell_text(v) for v in row))
        console.print(table)
    for line in doc.lines:
        console.print(line, markup=False, soft_wrap=True)
