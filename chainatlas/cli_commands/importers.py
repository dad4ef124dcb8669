"""``chainatlas import chainkg DIR`` and ``chainatlas import lists DIR``: public data sets."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from chainatlas.cli_common import (
    JsonFlag,
    console,
    emit_json,
    err,
    get_store,
    handle_errors,
    progress,
)

__all__ = ["import_app"]

import_app = typer.Typer(help="Import public data sets (A-share chain graph, ranking lists).")


def _counts_table(title: str, counts: dict[str, int]) -> None:
    table = Table("what", "count", title=title)
    for k, v in counts.items():
        table.add_row(k, f"{v:,}")
    console.print(table)


@import_app.command("chainkg")
@handle_errors
def import_chainkg(
    folder: Path = typer.Argument(..., help="The chainkg folder (company.json, product.json, …)."),
    as_json: JsonFlag = False,
) -> None:
    """Import the A-share industry-chain graph: firms, Shenwan industries, products, links."""
    from chainatlas.graph.model import Atlas
    from chainatlas.loaders.chainkg import read_chainkg

    store = get_store()
    with progress("reading chainkg") as step:
        report, summary = read_chainkg(folder)
        report.raise_for_problems()
        step("writing to the store")
        store.write(report.valid[0] if report.valid else Atlas())
    if as_json:
        emit_json(summary)
        return
    _counts_table(f"imported from {folder}", summary.counts)
    _counts_table("dropped (by reason)", summary.dropped)
    _counts_table("repaired (by reason)", summary.repaired)


@import_app.command("lists")
@handle_errors
def import_lists(
    folder: Path = typer.Argument(..., help="Folder of the list CSVs (fortune_*, acfic_*, …)."),
    review: Path | None = typer.Option(
        None, "--review", help="Write ambiguous and near-miss matches here (CSV) to confirm."
    ),
    as_json: JsonFlag = False,
) -> None:
    """Attach ranking lists to enterprises (entity resolution); unmatched entries become firms."""
    from chainatlas.graph.model import Atlas
    from chainatlas.loaders.lists import read_lists
    from chainatlas.loaders.names import write_ambiguous_csv

    store = get_store()
    with progress("resolving list entries") as step:
        report, result = read_lists(folder, store.enterprises())
        report.raise_for_problems()
        step("writing to the store")
        store.write(Atlas(enterprises=report.valid))
    if review is not None:
        write_ambiguous_csv(review, result.ambiguous + result.review)
    if as_json:
        emit_json(result.counts())
        return
    _counts_table(f"lists from {folder}", result.counts())
    if result.ambiguous and review is None:
        err.print(
            f"{len(result.ambiguous)} ambiguous entries not attached; "
            "write them with --review FILE to confirm",
            markup=False,
        )
