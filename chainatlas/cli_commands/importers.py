"""``chainatlas import chainkg DIR`` and ``chainatlas import lists DIR``: public data sets."""

from __future__ import annotations

from pathlib import Path

import typer

from chainatlas.cli_common import (
    JsonFlag,
    LangOption,
    console,
    emit_json,
    err,
    get_store,
    handle_errors,
    lang_of,
    progress,
)
from chainatlas.outputs import Document, OutputError, Section, show_document
from chainatlas.words import WORDS, Lang, say

__all__ = ["import_app"]

import_app = typer.Typer(help="Import public data sets (A-share chain graph, ranking lists).")


def _record(key: str, lang: Lang) -> str:
    """A kind of record an import counts, in ``lang`` (a problem's kind code stays as it is)."""
    return say(f"rec.{key}", lang) if f"rec.{key}" in WORDS else key


def _counts_tables(lang: Lang, *tables: tuple[str, dict[str, int]]) -> None:
    head = [say("h.label", lang), say("h.count", lang)]
    sections = [
        Section(t, "", head, [[_record(k, lang), v] for k, v in c.items()]) for t, c in tables
    ]
    show_document(Document(sections[0].title, sections, lang), console)


@import_app.command("chainkg")
@handle_errors
def import_chainkg(
    folder: Path = typer.Argument(..., help="The chainkg folder (company.json, product.json, …)."),
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Import the A-share industry-chain graph: firms, Shenwan industries, products, links."""
    from chainatlas.graph.model import Atlas
    from chainatlas.graph.revision import note_for_files
    from chainatlas.loaders.chainkg import read_chainkg

    store = get_store()
    with progress("reading chainkg") as step:
        report, summary = read_chainkg(folder)
        report.raise_for_problems()
        step("writing to the store")
        batch = report.valid[0] if report.valid else Atlas()
        store.write(batch, note_for_files([(str(folder), batch)], command="import chainkg"))
    if as_json:
        emit_json(summary)
        return
    words = lang_of(lang)
    _counts_tables(
        words,
        (say("i.imported", words, folder=str(folder)), summary.counts),
        (say("i.dropped", words), summary.dropped),
        (say("i.repaired", words), summary.repaired),
    )


@import_app.command("lists")
@handle_errors
def import_lists(
    folder: Path = typer.Argument(..., help="Folder of the list CSVs (fortune_*, acfic_*, …)."),
    review: Path | None = typer.Option(
        None, "--review", help="Write ambiguous and near-miss matches here (CSV) to confirm."
    ),
    reviewed: Path | None = typer.Option(
        None,
        "--reviewed",
        help="A --review file with its confirm column filled in (是/否, yes/no, 1/0, ✓/✗): "
        "confirmed matches attach, rejected ones are not proposed again.",
    ),
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Attach ranking lists to enterprises (entity resolution); unmatched entries become firms."""
    from chainatlas.graph.model import Atlas, NodeLabel
    from chainatlas.graph.revision import note_for_files
    from chainatlas.loaders.lists import read_lists
    from chainatlas.loaders.names import write_ambiguous_csv
    from chainatlas.settings import list_decision_settings, reviewed_decisions

    if review is not None and review.suffix.lower() != ".csv":
        raise OutputError(say("err.review", lang_of(lang)))
    store = get_store()
    decisions = reviewed_decisions(store, reviewed)
    with progress("resolving list entries") as step:
        report, result = read_lists(folder, store.enterprises(), decisions)
        report.raise_for_problems()
        step("writing to the store")
        batch = Atlas(enterprises=report.valid)
        note = note_for_files([(str(folder), batch)], command="import lists")
        if result.superseded:  # firms made for entries a person has matched to another firm
            note.delete = {NodeLabel.ENTERPRISE: sorted(result.superseded)}
        note.settings = list_decision_settings(store, decisions)
        store.write(batch, note)  # one atomic, recorded write: undo takes all of it back
    if review is not None:
        write_ambiguous_csv(review, result.ambiguous + result.review)
    if as_json:
        emit_json(result.counts())
        return
    words = lang_of(lang)
    _counts_tables(words, (say("i.lists", words, folder=str(folder)), result.counts()))
    if result.ambiguous and review is None:
        err.print(say("i.ambiguous", words, n=len(result.ambiguous)), markup=False)
