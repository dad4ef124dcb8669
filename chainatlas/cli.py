"""The ``chainatlas`` command: one thin command per API function.

Commands live in ``chainatlas/cli_commands/``; every module there that defines
``register(app)`` adds its commands.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from chainatlas import __version__
from chainatlas.cli_common import state

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


def _register_commands() -> None:
    from chainatlas import cli_commands

    for info in sorted(pkgutil.iter_modules(cli_commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"chainatlas.cli_commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()


def main() -> None:
    app()
