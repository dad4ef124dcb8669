"""``chainatlas neo4j start|stop|status|import``: a local Neo4j Community server, no Docker."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from chainatlas.cli_common import JsonFlag, console, emit_json, err, handle_errors, progress
from chainatlas.graph.neo4j import server as neo4j_server

__all__ = ["app"]

DEFAULT_DATA_DIR = Path(".chainatlas/neo4j")

app = typer.Typer(
    help="Run a local Neo4j Community server (fetched from Maven Central; no Docker).",
    no_args_is_help=True,
)
_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    _err.print(f"[red]error:[/red] {escape(first)}")
    rest = message.strip().splitlines()[1:]
    if rest:
        _err.print(escape("\n".join(rest[-40:])), style="dim")
    return typer.Exit(1)


@app.command()
def start(
    port: int = typer.Option(7687, "--port", "-p", help="Bolt port on 127.0.0.1."),
    data_dir: Path = typer.Option(
        DEFAULT_DATA_DIR, "--data-dir", help="Where the database, logs and pid file live."
    ),
    version: str | None = typer.Option(
        None,
        "--version",
        help="Neo4j version (default: $CHAINATLAS_NEO4J_VERSION or "
        f"{neo4j_server.DEFAULT_VERSION}); 2026.x runs on Temurin 25.",
    ),
    java_home: Path | None = typer.Option(
        None, "--java-home", help="JDK to run it with (default: picked by version)."
    ),
    timeout: float = typer.Option(180, "--timeout", help="Seconds to wait for it to be ready."),
) -> None:
    """Start Neo4j in the background and print its Bolt URI."""
    try:
        handle = neo4j_server.start_server(
            data_dir,
            port,
            version=version,
            java_home=java_home,
            detach=True,
            timeout=timeout,
            quiet=False,
        )
    except neo4j_server.Neo4jServerError as e:
        raise _fail(str(e)) from None
    _out.print(
        f"Neo4j {handle.version} is running at [bold]{handle.uri}[/bold] "
        f"(pid {handle.pid}, ready in {handle.startup_seconds:.1f} s)"
    )
    _out.print(f"data and logs: {handle.data_dir}")
    _out.print(f"use it:  chainatlas --store {handle.uri} demo")
    stop_hint = "chainatlas neo4j stop"
    if Path(data_dir) != DEFAULT_DATA_DIR:
        stop_hint += f" --data-dir {data_dir}"
    _out.print(f"stop it: {stop_hint}")


@app.command()
def stop(
    data_dir: Path = typer.Option(DEFAULT_DATA_DIR, "--data-dir", help="The server's data dir."),
) -> None:
    """Stop the server started with ``chainatlas neo4j start``."""
    try:
        stopped = neo4j_server.stop_server(data_dir)
    except neo4j_server.Neo4jServerError as e:
        raise _fail(str(e)) from None
    if stopped:
        _out.print(f"Neo4j stopped ({Path(data_dir).resolve()})")
    else:
        _out.print(f"no Neo4j server was running for {Path(data_dir).resolve()}")


@app.command()
def status(
    data_dir: Path = typer.Option(DEFAULT_DATA_DIR, "--data-dir", help="The server's data dir."),
    as_json: JsonFlag = False,
) -> None:
    """Say whether the server runs, and where. Exit code 0 either way."""
    info = neo4j_server.server_status(data_dir)
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    if info["running"]:
        _out.print(
            f"running: Neo4j {info['version']} at {info['uri']} (pid {info['pid']}), "
            f"data {info['data_dir']}"
        )
    else:
        _out.print(f"not running (data dir {info['data_dir']})")


IMPORT_HELP = (
    "Bulk-load files into an EMPTY local Neo4j database with Neo4j's own importer.\n\n"
    "For the first load of a large atlas (millions of rows) into a fresh data dir: about "
    "2.5x the rows/s of `chainatlas load`, which writes through transactions, at a million "
    "firms; below a few hundred thousand rows starting Java and the server takes most of the "
    "time. The data dir's server must be stopped and the data dir must hold no "
    "database yet; to add to an existing database, start its server and use "
    "`chainatlas --store bolt://… load`.\n\n"
    "The files are checked first, as `chainatlas load` checks them: any bad row and nothing is "
    "imported. The database then holds the graph `chainatlas load` of the same files gives, "
    "with its indexes."
)


@app.command("import", help=IMPORT_HELP)
@handle_errors
def import_files(
    paths: list[Path] = typer.Argument(
        ..., help="Files to load (chain maps, registries, lists…), as for `chainatlas load`."
    ),
    data_dir: Path = typer.Option(
        DEFAULT_DATA_DIR, "--data-dir", help="The server's data dir; it must hold no database yet."
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        help="Override detection: chain, "
        "enterprises, weak_links, regions, clusters, projects, profiles.",
    ),
    start_server: bool = typer.Option(
        False, "--start", help="Leave the server running afterwards, in the background."
    ),
    port: int = typer.Option(7687, "--port", "-p", help="Bolt port of the server with --start."),
    as_json: JsonFlag = False,
) -> None:
    """Bulk-load files into an empty Neo4j database (``chainatlas.api.bulk_load_paths``)."""
    from chainatlas.api import bulk_load_paths

    with progress("bulk import") as step:
        result = bulk_load_paths(
            paths,
            data_dir,
            kind=kind,
            start=start_server,
            port=port if start_server else None,
            progress=step,
        )
    if as_json:
        emit_json(result)
        return
    for w in result.warnings:
        err.print(f"warning: {w}", markup=False, soft_wrap=True)
    for f in result.files:
        console.print(
            f"read {f['file']} ({f['kind']}): {f['records']} records", markup=False, soft_wrap=True
        )
    console.print(
        f"imported {result.nodes + result.relationships:,} rows ({result.nodes:,} nodes, "
        f"{result.relationships:,} relationships) into {result.data_dir} in "
        f"{result.seconds:.1f} s, {result.rows_per_s:,.0f} rows/s (reading {result.read_seconds:.1f} s, "
        f"import files {result.write_seconds:.1f} s, importer {result.import_seconds:.1f} s, "
        f"server start/stop {result.server_seconds:.1f} s, indexes {result.schema_seconds:.1f} s)",
        markup=False,
        soft_wrap=True,
    )
    if result.uri:
        console.print(
            f"Neo4j is running at {result.uri}: chainatlas --store {result.uri} demo",
            markup=False,
            soft_wrap=True,
        )
    else:
        console.print(
            f"start it: chainatlas neo4j start --data-dir {data_dir}", markup=False, soft_wrap=True
        )
