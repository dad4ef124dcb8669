"""A first load into an empty Neo4j database with Neo4j's own bulk importer.

``neo4j-admin database import full`` (``org.neo4j.cli.AdminTool``, in the Maven jars the local
server runs from) writes the store files directly, with no transactions and no Bolt: several
times faster than ``Neo4jStore.write`` on a large first load. It can only fill an empty
database, so :func:`bulk_load` refuses a data dir whose server runs or that already holds a
database; adding to an existing database is ``chainatlas load``.

The steps: the atlases are merged and written as CSV files (``bulk_merge``, the graph that
``Neo4jStore.write`` of each atlas in turn gives) in a staging folder inside the data dir; the
importer runs with its home there; its database and transaction-log folders move into
``DATA_DIR/data/``; a server starts on the data dir, ``Neo4jStore.ensure_schema()`` builds the
constraints and indexes (the importer builds none), and the server stops again, or stays up
with ``start=True``. A failure before the server starts leaves the data dir as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, computed_field

from ..errors import BulkLoadError, ChainAtlasError, Problem
from ..model import Atlas, NodeLabel
from ..revision import WriteNote
from . import server as srv
from .bulk_csv import ARRAY_DELIMITER, ImportFiles
from .bulk_merge import write_import_files

__all__ = [
    "BulkLoadError",
    "BulkResult",
    "ADMIN_CLASS",
    "DATABASE",
    "check_empty",
    "import_command",
    "run_importer",
    "import_files",
    "bulk_load",
]

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
#: The database the importer fills: the launcher's default database.
DATABASE = "neo4j"
#: JVM heap of the importer (it works mostly off-heap, sized from the free memory).
IMPORT_HEAP = "1g"
STAGING_PREFIX = ".chainatlas-import-"
START_TIMEOUT_S = 600
_STAGE = re.compile(r"^\((\d+)/(\d+)\) ([A-Za-z ]+?)\s+\d{4}-")
_PERCENT = re.compile(r"\s(\d{1,3})%\s")
_DOTS = re.compile(r"^[-.\s]*\d{1,3}%\s")

Progress = Callable[[str], None]


class BulkResult(BaseModel):
    """What a bulk load did: counts as ``Store.stats()``, and where the time went."""

    data_dir: str
    version: str
    counts: dict[str, int]
    read_seconds: float = 0.0
    write_seconds: float = 0.0
    import_seconds: float = 0.0
    #: starting the server on the imported database, and stopping it unless asked not to
    server_seconds: float = 0.0
    #: creating the constraints and indexes (the importer builds none) and waiting for them
    schema_seconds: float = 0.0
    seconds: float = 0.0
    uri: str | None = None
    files: list[dict[str, object]] = Field(default_factory=list)
    warnings: list[Problem] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def nodes(self) -> int:
        return sum(self.counts.get(label.value, 0) for label in NodeLabel)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def relationships(self) -> int:
        return sum(self.counts.values()) - self.nodes

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rows_per_s(self) -> float:
        """Nodes and relationships per second over the whole load."""
        return sum(self.counts.values()) / self.seconds if self.seconds else 0.0


# -- checks -----------------------------------------------------------------------------------------
def _database_dirs(data_dir: Path) -> list[Path]:
    return [data_dir / "data" / kind / DATABASE for kind in ("databases", "transactions")]


def check_empty(data_dir: Path) -> None:
    """Raise :class:`BulkLoadError` unless the importer may fill ``data_dir``: no server of it
    runs and it holds no database yet."""
    data_dir = Path(data_dir).resolve()
    status = srv.server_status(data_dir)
    if status["running"]:
        raise BulkLoadError(
            f"a Neo4j server runs for {data_dir} (pid {status['pid']}, {status['uri']}); the bulk "
            f"import writes the database files itself, so stop it first "
            f"(chainatlas neo4j stop --data-dir {data_dir})"
        )
    for folder in _database_dirs(data_dir):
        if folder.is_dir() and any(folder.iterdir()):
            raise BulkLoadError(
                f"{data_dir} already holds a Neo4j database ({folder}); the bulk import only "
                "fills an empty one: add to it with `chainatlas load` (server running), or give "
                "an empty --data-dir"
            )


# -- the importer -----------------------------------------------------------------------------------
def import_command(
    files: ImportFiles,
    cwd: Path,
    *,
    version: str | None = None,
    java_home: str | Path | None = None,
) -> list[str]:
    """``java … org.neo4j.cli.AdminTool database import full …`` run in ``cwd``: the JDK and
    JVM flags the server runs with (``neo4j_server.java_command``), Neo4j's jars on the class
    path, the files named relative to ``cwd``."""
    ver = version or srv.default_version()
    lib = srv.lib_dir(ver)
    server = srv.java_command(Path("."), 0, version=ver, java_home=java_home, lib=lib)
    flags = [a for a in server[1 : server.index("-cp")] if not a.startswith(("-Xmx", "-Xms"))]
    return [
        server[0],
        f"-Xmx{IMPORT_HEAP}",
        *flags,
        "-cp",
        str(lib / "*"),
        ADMIN_CLASS,
        "database",
        "import",
        "full",
        *files.arguments(cwd),
        f"--array-delimiter={ARRAY_DELIMITER}",
        "--multiline-fields=true",  # an enterprise's names are one property, a line each
        "--report-file=import.report",
        DATABASE,
    ]


def run_importer(
    files: ImportFiles,
    home: Path,
    *,
    version: str | None = None,
    java_home: str | Path | None = None,
    progress: Progress | None = None,
) -> float:
    """Run the importer with ``home`` as NEO4J_HOME (it fills ``home/data/…/neo4j``); seconds.

    Raises :class:`BulkLoadError` with the end of the importer's output when it fails."""
    (home / "conf").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    cmd = import_command(files, home, version=version, java_home=java_home)
    tail: deque[str] = deque(maxlen=30)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    try:
        stage = ""
        for line in proc.stdout or ():
            line = line.rstrip()
            if m := _STAGE.match(line):
                stage = f"({m[1]}/{m[2]}) {m[3].lower()}"
            if progress and stage and (pct := _PERCENT.search(line)):
                progress(f"Neo4j importer {stage}: {pct[1]}%")
            if line and not _DOTS.match(line):
                tail.append(line)
        code = proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if code != 0:
        raise BulkLoadError(
            f"the Neo4j importer failed (exit {code}); nothing was imported. Its last lines:\n"
            + "\n".join(tail)
        )
    return time.perf_counter() - t0


# -- staging and moving in --------------------------------------------------------------------------
def _make_dirs(path: Path, made: list[Path]) -> None:
    """Create ``path`` and missing parents, noting those this call created."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for p in reversed(missing):
        try:
            p.mkdir()
        except FileExistsError:
            continue
        made.append(p)


@contextmanager
def _staging(data_dir: Path) -> Iterator[tuple[Path, list[Path]]]:
    """A scratch folder inside ``data_dir`` (the importer's home and the CSV files); on any
    failure, everything made or moved in is removed again."""
    made: list[Path] = []
    _make_dirs(data_dir, made)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    moved: list[Path] = []
    try:
        yield staging, moved
    except BaseException:
        for p in reversed(moved):
            shutil.rmtree(p, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        for p in reversed(made):
            try:
                p.rmdir()  # only when empty: never a folder someone else filled meanwhile
            except OSError:
                pass
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _move_in(home: Path, data_dir: Path, moved: list[Path]) -> None:
    """The imported database and transaction logs, from the importer's home into the data dir
    (a rename: the staging folder is on the same file system)."""
    for src, dst in zip(_database_dirs(home), _database_dirs(data_dir), strict=True):
        if not src.is_dir():
            continue
        made: list[Path] = []
        _make_dirs(dst.parent, made)
        moved.extend(made)
        src.rename(dst)  # replaces an empty folder; fails on a database that appeared meanwhile
        moved.append(dst)


def import_files(
    files: ImportFiles,
    data_dir: Path,
    *,
    version: str | None = None,
    java_home: str | Path | None = None,
    progress: Progress | None = None,
) -> float:
    """Run the importer on ready CSV files into the empty database of ``data_dir``; seconds.

    No schema is built (a server on the data dir builds it: ``Neo4jStore.ensure_schema``).
    On failure the data dir is as before."""
    data_dir = Path(data_dir).resolve()
    check_empty(data_dir)
    with _staging(data_dir) as (staging, moved):
        seconds = run_importer(
            files, staging / "home", version=version, java_home=java_home, progress=progress
        )
        _move_in(staging / "home", data_dir, moved)
    return seconds


# -- schema -------------------------------------------------------------------------------------------
@dataclass
class _Schema:
    counts: dict[str, int]
    uri: str | None
    schema_seconds: float
    server_seconds: float


def _build_schema(
    data_dir: Path,
    *,
    start: bool,
    port: int | None,
    version: str | None,
    java_home: str | Path | None,
    note: WriteNote | None = None,
) -> _Schema:
    """Start a server on the imported database, create the schema (``ensure_schema``), read
    the counts, record the import in the history; stop the server unless ``start``."""
    import neo4j

    from .store import QUIET_NOTIFICATIONS, Neo4jStore

    t0 = time.perf_counter()
    handle = srv.start_server(
        data_dir,
        port if port is not None else srv.free_port(),
        version=version,
        java_home=java_home,
        detach=start,
        timeout=START_TIMEOUT_S,
    )
    t1 = time.perf_counter()
    ok = False
    try:
        driver = neo4j.GraphDatabase.driver(
            handle.uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
        )
        try:
            store = Neo4jStore(driver, location=handle.uri)
            store.ensure_schema()  # constraints, indexes, full-text index; waits for them
            counts = store.stats()
            # the write stamp every chainatlas write leaves (see _stable), and the history entry
            store.record_import(list(note.files) if note else [], counts)
        finally:
            driver.close()
        ok = True
    finally:
        t2 = time.perf_counter()
        if not (ok and start):
            handle.stop()
    t3 = time.perf_counter()
    return _Schema(counts, handle.uri if start else None, t2 - t1, (t1 - t0) + (t3 - t2))


# -- the whole load -------------------------------------------------------------------------------------
def bulk_load(
    atlases: Iterable[Atlas],
    data_dir: Path,
    *,
    start: bool = False,
    port: int | None = None,
    version: str | None = None,
    java_home: str | Path | None = None,
    progress: Progress | None = None,
    note: WriteNote | None = None,
) -> BulkResult:
    """Load ``atlases`` into the empty Neo4j database of ``data_dir`` with Neo4j's importer
    (``note``: the files they were read from, for the history and ``load --replace``).

    The result is the graph ``Neo4jStore.write`` of each atlas in turn would give, schema
    included. ``start=True`` leaves the server running (detached, on ``port`` or a free one;
    stop it with ``chainatlas neo4j stop``). Raises :class:`BulkLoadError` when the data dir is
    not empty or its server runs, or when the importer fails (the data dir is then as before).
    """
    say = progress or (lambda _msg: None)
    data_dir = Path(data_dir).resolve()
    ver = version or srv.default_version()
    check_empty(data_dir)
    if start and port is not None and srv.port_in_use(port):
        raise BulkLoadError(f"port {port} on 127.0.0.1 is already in use; choose another")
    say(f"preparing Neo4j {ver}")
    srv.ensure_jars(ver, quiet=True, java_home=java_home)
    t0 = time.perf_counter()
    with _staging(data_dir) as (staging, moved):
        say("writing the import files")
        files = write_import_files(atlases, staging / "csv", progress=say, note=note)
        t1 = time.perf_counter()
        say("Neo4j importer starting")
        home = staging / "home"
        import_s = run_importer(files, home, version=ver, java_home=java_home, progress=say)
        _move_in(home, data_dir, moved)
    say("starting Neo4j to build the indexes")
    try:
        schema = _build_schema(
            data_dir, start=start, port=port, version=ver, java_home=java_home, note=note
        )
    except ChainAtlasError as exc:
        raise BulkLoadError(
            f"the data is imported into {data_dir}, but the server to build its indexes failed: "
            f"{exc}; the store builds them when it next opens (chainatlas neo4j start)"
        ) from exc
    t2 = time.perf_counter()
    return BulkResult(
        data_dir=str(data_dir),
        version=ver,
        counts=schema.counts,
        write_seconds=t1 - t0,
        import_seconds=import_s,
        server_seconds=schema.server_seconds,
        schema_seconds=schema.schema_seconds,
        seconds=t2 - t0,
        uri=schema.uri,
    )
