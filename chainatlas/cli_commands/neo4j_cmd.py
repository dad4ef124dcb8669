"""``chainatlas neo4j start|stop|status|import``: a local Neo4j Community server, no Docker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from chainatlas.cli_common import (
    JsonFlag,
    LangOption,
    console,
    emit_json,
    err,
    handle_errors,
    lang_of,
    progress,
    warning_line,
)
from chainatlas.graph.neo4j import server as neo4j_server
from chainatlas.words import Lang, error_text, kind_name, say

__all__ = ["app"]

DEFAULT_DATA_DIR = Path(".chainatlas/neo4j")

app = typer.Typer(
    help="Run a local Neo4j Community server (fetched from Maven Central; no Docker).",
    no_args_is_help=True,
)
_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _lang(lang: str | None) -> Lang:
    """``--lang``, else zh: the server commands open no store."""
    if lang in ("zh", "en"):
        return lang_of(lang)
    return "zh"


def _fail(message: str, lang: Lang = "zh") -> typer.Exit:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    said = error_text(first, lang)
    lang, first = (lang, said) if said != first else ("en", first)  # one language a line
    _err.print(
        f"[red]{escape(say('error', lang).rstrip())}[/red]{' ' * (lang == 'en')}{escape(first)}"
    )
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
    lang: LangOption = None,
) -> None:
    """Start Neo4j in the background and print its Bolt URI."""
    words = _lang(lang)
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
        raise _fail(str(e), words) from None
    running = say(
        "neo.running",
        words,
        version=handle.version,
        uri=handle.uri,
        pid=handle.pid,
        seconds=handle.startup_seconds,
    )
    _out.print(running, markup=False)
    _out.print(say("neo.data", words, dir=handle.data_dir), markup=False)
    _out.print(say("neo.use", words, command=f"chainatlas --store {handle.uri} demo"), markup=False)
    stop_hint = "chainatlas neo4j stop"
    if Path(data_dir) != DEFAULT_DATA_DIR:
        stop_hint += f" --data-dir {data_dir}"
    _out.print(say("neo.stop_hint", words, command=stop_hint), markup=False)


@app.command()
def stop(
    data_dir: Path = typer.Option(DEFAULT_DATA_DIR, "--data-dir", help="The server's data dir."),
    lang: LangOption = None,
) -> None:
    """Stop the server started with ``chainatlas neo4j start``."""
    words = _lang(lang)
    try:
        stopped = neo4j_server.stop_server(data_dir)
    except neo4j_server.Neo4jServerError as e:
        raise _fail(str(e), words) from None
    key = "neo.stopped" if stopped else "neo.not_stopped"
    _out.print(say(key, words, dir=Path(data_dir).resolve()), markup=False)


@app.command()
def status(
    data_dir: Path = typer.Option(DEFAULT_DATA_DIR, "--data-dir", help="The server's data dir."),
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Say whether the server runs, and where. Exit code 0 either way."""
    words = _lang(lang)
    info = neo4j_server.server_status(data_dir)
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    if info["running"]:
        line = say(
            "neo.status_on",
            words,
            version=info["version"],
            uri=info["uri"],
            pid=info["pid"],
            dir=info["data_dir"],
        )
    else:
        line = say("neo.status_off", words, dir=info["data_dir"])
    _out.print(line, markup=False)


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
    lang: LangOption = None,
) -> None:
    """Bulk-load files into an empty Neo4j database (``chainatlas.api.bulk_load_paths``)."""
    from chainatlas.api import bulk_load_paths

    words = _lang(lang)
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
        err.print(warning_line(str(w), words), markup=False, soft_wrap=True)
    for f in result.files:
        line = say(
            "neo.read", words, file=f["file"], kind=kind_name(str(f["kind"]), words), n=f["records"]
        )
        console.print(line, markup=False, soft_wrap=True)
    console.print(_imported(result, words), markup=False, soft_wrap=True)
    if result.uri:
        line = say("neo.at", words, uri=result.uri, command=f"chainatlas --store {result.uri} demo")
    else:
        line = say("neo.start_it", words, command=f"chainatlas neo4j start --data-dir {data_dir}")
    console.print(line, markup=False, soft_wrap=True)


def _imported(result: Any, lang: Lang) -> str:
    """The bulk import's one line of counts and times."""
    return say(
        "neo.imported",
        lang,
        rows=result.nodes + result.relationships,
        nodes=result.nodes,
        rels=result.relationships,
        dir=result.data_dir,
        s=result.seconds,
        rate=result.rows_per_s,
        read=result.read_seconds,
        write=result.write_seconds,
        imp=result.import_seconds,
        server=result.server_seconds,
        schema=result.schema_seconds,
    )
