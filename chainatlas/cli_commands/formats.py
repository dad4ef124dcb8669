"""``chainatlas formats [KIND]``: the columns each input kind accepts (the loaders' catalogue)."""

from __future__ import annotations

import typer
from rich.table import Table

from chainatlas.cli_common import JsonFlag, LangOption, console, emit_json, handle_errors, lang_of
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.loaders.headers import CATALOGUE, KIND_TITLES, catalogue_markdown, catalogue_rows
from chainatlas.words import WORDS, row, say

__all__ = ["formats"]


def _kinds(kind: str | None) -> list[str]:
    if kind is None:
        return list(CATALOGUE)
    found = [k for k in CATALOGUE if k == kind or k.startswith(f"{kind}.")]
    if not found:
        raise ChainAtlasError(f"unknown kind {kind!r}; use one of {', '.join(CATALOGUE)}")
    return found


@handle_errors
def formats(
    kind: str | None = typer.Argument(
        None, help="One kind (enterprises, regions, chain, weak_links, …); default: all."
    ),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print Markdown tables (the README's section)."
    ),
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """The columns (and YAML keys) each kind of file accepts, in Chinese and English.

    A column not listed stops the load; `chainatlas load --ignore-column NAME` drops one."""
    words = lang_of(lang)
    kinds = _kinds(kind)
    if as_json:
        emit_json({k: catalogue_rows(k) for k in kinds})
        return
    if markdown:
        console.print(catalogue_markdown(kinds), markup=False, end="", soft_wrap=True)
        return
    for k in kinds:  # in Chinese without the English descriptions ("what")
        title = say(f"fmt.{k}", words) if f"fmt.{k}" in WORDS else KIND_TITLES[k]
        table = Table(*row("fmt.h", words), title=f"{k}: {title}")
        for r in catalogue_rows(k):
            field = r["field"] if r["field"] != "(not kept)" else say("fmt.not_kept", words)
            required = say("yes", words) if r["required"] else ""
            table.add_row(field, required, r["zh"], r["also"], *([r["what"]] * (words == "en")))
        console.print(table)
