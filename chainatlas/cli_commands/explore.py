"""explore: the offline HTML explorer of a chain (or several fused) or a neighbourhood."""

from __future__ import annotations

from pathlib import Path

import typer

from chainatlas.cli_common import console, emit_json, get_store, handle_errors, progress
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.queries.gaps import DEFAULT_REGION

REGION_HELP = "Region code of the city or county (GB/T 2260), e.g. 410700 for Xinxiang."


def register(app: typer.Typer) -> None:
    app.command("explore")(explore)


@handle_errors
def explore(
    output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write."),
    chain: list[str] = typer.Option(
        [], "--chain", "-c", help="Chain id; repeat to fuse chains (shared segments drawn once)."
    ),
    all_chains: bool = typer.Option(False, "--all", help="Fuse every chain of the atlas."),
    region: str = typer.Option(DEFAULT_REGION, "--region", "-r", help=REGION_HELP),
    around: str | None = typer.Option(
        None, "--around", help="A firm, product or segment name: draw its neighbourhood instead."
    ),
    depth: int = typer.Option(2, "--depth", min=1, max=4, help="Steps out from --around."),
    top: int = typer.Option(5, "--top", min=0, help="Candidates per segment in the side panel."),
    png: Path | None = typer.Option(
        None, "--png", help="Also render the picture to this PNG (needs headless Chromium)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the view (nodes, edges) as JSON."),
) -> None:
    """Write a self-contained HTML explorer that opens offline: click, search, filter."""
    from chainatlas.explorer import build_around_view, build_chain_view, write_html

    chosen = sum([bool(chain), all_chains, around is not None])
    if chosen != 1:
        raise ChainAtlasError(
            "give one of --chain ID (repeatable), --all, or --around NAME"
            + (" (not several)" if chosen else "")
        )
    store = get_store()
    with progress("building the view") as step:
        if around is not None:
            step(f"neighbourhood of {around}")
            view = build_around_view(store, around, depth)
        else:
            ids = [] if all_chains else list(chain)
            step(f"gaps and candidates of {', '.join(ids) or 'every chain'}")
            view = build_chain_view(store, ids, region, top=top)
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
        f"wrote {path} ({counts['nodes']} nodes, {counts['edges']} edges)",
        markup=False,
        soft_wrap=True,
    )
    if png is not None:
        console.print(f"wrote {png}", markup=False, soft_wrap=True)
    for note in view.notes:
        console.print(note, markup=False, soft_wrap=True)
