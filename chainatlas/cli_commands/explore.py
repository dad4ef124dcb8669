"""explore: the offline HTML explorer of a chain (or several fused) or a neighbourhood."""

from __future__ import annotations

from pathlib import Path

import typer

from chainatlas.cli_common import (
    ChainsOption,
    JsonFlag,
    LangOption,
    OutputOption,
    RegionOption,
    TopOption,
    console,
    emit_json,
    get_store,
    handle_errors,
    lang_of,
    progress,
    region_of,
)
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.words import say

__all__ = ["explore"]


def check_extensions(output: Path, png: Path | None) -> None:
    """The explorer is a page (-o FILE.html) and its picture a PNG (--png FILE.png)."""
    from chainatlas.outputs import OutputError

    if output.suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"{output}: the explorer is a web page; name it .html (-o map.html)")
    if png is not None and png.suffix.lower() != ".png":
        raise OutputError(f"{png}: --png writes a PNG picture; name it .png")


@handle_errors
def explore(
    output: OutputOption,
    chain: ChainsOption = [],  # noqa: B006 - typer reads the default; never mutated
    all_chains: bool = typer.Option(False, "--all", help="Fuse every chain of the atlas."),
    region: RegionOption = None,
    around: str | None = typer.Option(
        None, "--around", help="A firm, product or segment name: draw its neighbourhood instead."
    ),
    depth: int = typer.Option(2, "--depth", min=1, max=4, help="Steps out from --around."),
    top: TopOption = 5,
    png: Path | None = typer.Option(
        None, "--png", help="Also render the picture to this PNG (needs headless Chromium)."
    ),
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Write a self-contained HTML explorer that opens offline: click, search, filter.

    Several --chain are fused (shared segments drawn once); --top candidates per segment in
    the side panel; --json prints the view (nodes, edges)."""
    from chainatlas.explorer import build_around_view, build_chain_view, write_html

    if output is None:  # typer asks for -o first (the option has no default)
        raise ChainAtlasError("give -o FILE.html: where to write the explorer")
    check_extensions(output, png)
    chosen = sum([bool(chain), all_chains, around is not None])
    if chosen != 1:
        raise ChainAtlasError(
            "give one of --chain ID (repeatable), --all, or --around NAME"
            + (" (not several)" if chosen else "")
        )
    store = get_store()
    words = lang_of(lang)
    with progress("building the view") as step:
        if around is not None:
            step(f"neighbourhood of {around}")
            view = build_around_view(store, around, depth, lang=words)
        else:
            ids = [] if all_chains else list(chain)
            step(f"gaps and candidates of {', '.join(ids) or 'every chain'}")
            view = build_chain_view(store, ids, region_of(region), top=top, lang=words)
        step(f"writing {output}")
        path = write_html(view, output)
        if png is not None:
            from chainatlas.browser import screenshot_html

            step(f"rendering {png} in headless Chromium")
            screenshot_html(path, png)
    if as_json:
        emit_json(view)
        return
    counts = view.counts()
    console.print(
        say("x.wrote", words, path=path, nodes=counts["nodes"], edges=counts["edges"]),
        markup=False,
        soft_wrap=True,
    )
    if png is not None:
        console.print(say("wrote", words, path=png), markup=False, soft_wrap=True)
    for note in view.notes:
        console.print(note, markup=False, soft_wrap=True)
