"""The ``chainatlas`` command: one thin command per API function.

Each command (in ``chainatlas/cli_commands/``) makes one call to the API and renders its
answer; they are all registered below, by name. The options several commands share are
declared once in ``chainatlas/cli_common.py``.
"""

from __future__ import annotations

import click
import typer

from chainatlas import __version__
from chainatlas.cli_commands import core, explore, formats, workflow
from chainatlas.cli_commands import history as history_cmd
from chainatlas.cli_commands.importers import import_app
from chainatlas.cli_commands.neo4j_cmd import app as neo4j_app
from chainatlas.cli_common import state
from chainatlas.words.errors import usage_text

__all__ = ["app", "main"]

app = typer.Typer(
    name="chainatlas",
    help=(
        "chainatlas — an industry-chain knowledge graph for city investment planners.\n\n"
        "Load chain maps, an enterprise registry and the official weak-link list; find the "
        "gaps of each chain; rank the firms that could fill them; export target lists."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chainatlas {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    store: str | None = typer.Option(
        None,
        "--store",
        envvar="CHAINATLAS_STORE",
        metavar="PATH_OR_URI",
        help="Embedded store folder/file (default .chainatlas/) or a bolt:// / neo4j:// URI.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    state.store_location = store
    state.quiet = quiet


app.command("init")(core.init)
app.command("demo")(core.demo)
app.command("load")(core.load)
app.command("formats")(formats.formats)
app.command("stats")(core.stats)
app.command("history")(history_cmd.history)
app.command("undo")(history_cmd.undo)
app.command("remove")(history_cmd.remove)
app.command("freshness")(history_cmd.freshness)
app.command("gaps")(core.gaps)
app.command("candidates")(core.candidates)
app.command("targets")(core.targets)
app.command("explore")(explore.explore)
app.command("profile")(workflow.profile)
app.command("clusters")(workflow.clusters)
app.command("soe")(workflow.soe)
report_app = typer.Typer(help="Reports for the city's meetings.", no_args_is_help=True)
report_app.command("quarterly")(workflow.quarterly)
app.add_typer(report_app, name="report")
app.add_typer(import_app, name="import")
app.add_typer(neo4j_app, name="neo4j")


def main() -> None:
    """The console script: usage mistakes (a missing option, an unknown one, a bad value) are
    said in the planner's language too — Chinese unless ``--lang en`` is on the line."""
    import sys

    try:
        code = app(standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # `chainatlas` alone: the help
        text = exc.ctx.get_help()  # typer prints its own help here and gives back ""
        if text:
            click.echo(text, err=True)
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        if _asked_english(sys.argv[1:]):
            exc.show()
        else:
            where = exc.ctx.command_path if exc.ctx is not None else "chainatlas"
            click.echo(usage_text(exc.format_message(), where), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("已中止 / Aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _asked_english(args: list[str]) -> bool:
    return any(
        a == "--lang=en" or (a == "--lang" and args[i + 1 : i + 2] == ["en"])
        for i, a in enumerate(args)
    )
