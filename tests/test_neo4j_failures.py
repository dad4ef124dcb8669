"""A failing Neo4j server: stopped, killed mid-write, restarted; a client killed mid-load.

These tests run their own local Neo4j (own data folder, own port), because they stop, SIGKILL
and restart it; the server comes back on the same port and data, so a store opened before the
fault is the one that must work after it. What the driver does, as asserted here:

- server down when opening a store: the schema check is an auto-commit query, never retried,
  so ``StoreUnavailable`` comes at once;
- server down under an open store: every read and write is a managed transaction, retried for
  the store's ``retry_time`` (``RETRY_TIME_S`` by default), then ``StoreUnavailable``; a server
  back within that time gets the whole transaction again, and it lands once;
- server or client killed mid-write: the open transaction dies with its connection and the
  server rolls it back; after a restart (recovery) the store holds what it held before.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from chainatlas.graph.errors import ChainAtlasError, StoreError, StoreUnavailable
from chainatlas.graph.model import Atlas, Enterprise, Product, ProductSupply, Region
from chainatlas.graph.neo4j.store import QUIET_NOTIFICATIONS, Neo4jStore
from chainatlas.loaders.chainkg import CHAINKG_FILES

from chainatlas.api import load_paths
from tests.conftest import MINI, require

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import Scale, iter_synthetic  # noqa: E402

CHAINATLAS = str(Path(sys.executable).parent / "chainatlas")
START_TIMEOUT_S = 240
#: Rows of the big writes that get interrupted: long enough in flight to be caught mid-way.
BIG_FIRMS = 20_000


class Server:
    """One Neo4j on a fixed port and data folder that the tests stop, kill and start again."""

    def __init__(self, data_dir: Path) -> None:
        from chainatlas.graph.neo4j import server as srv

        self.data_dir = data_dir
        self.port = srv.free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.handle: Any = None
        self.starts = 0
        self.faults: list[str] = []

    def start(self) -> None:
        from chainatlas.graph.neo4j import server as srv

        self.handle = srv.start_server(self.data_dir, self.port, timeout=START_TIMEOUT_S)
        self.starts += 1

    def ensure_running(self) -> None:
        if self.handle is None or not self.handle.is_running():
            self.start()

    def stop(self) -> None:
        self.handle.stop()
        self.faults.append("stopped")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no checkpoint; the next start recovers from the logs."""
        os.kill(self.handle.pid, signal.SIGKILL)
        self.handle.process.wait(60)
        self.faults.append("SIGKILL server")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from tests.neo4j_support import ENABLE_HINT, _missing_prerequisite

    missing = _missing_prerequisite()
    require(missing is None, f"no local Neo4j for the failure tests: {missing}; {ENABLE_HINT}")
    data_dir = tmp_path_factory.mktemp("neo4j-failures")
    srv = Server(data_dir)
    srv.start()
    yield srv
    if srv.handle is not None:
        srv.handle.stop()
    print(f"\nNeo4j failure tests: {srv.starts} server starts, faults: {srv.faults}")
    shutil.rmtree(data_dir, ignore_errors=True)


# -- helpers ----------------------------------------------------------------------------------
def snapshot(store: Neo4jStore) -> dict[str, Any]:
    """Counts and every record the mini atlas (and any extra firm) puts in the store."""
    ents = store.enterprises()
    ids = [e.id for e in ents]
    return {
        "stats": store.stats(),
        "chains": [c.model_dump() for c in store.chains()],
        "segments": [s.model_dump() for s in store.segments()],
        "links": [lk.model_dump() for lk in store.chain_links("mini-battery")],
        "enterprises": [e.model_dump() for e in ents],
        "capabilities": [c.model_dump() for c in store.capabilities_of(ids)],
        "presences": [p.model_dump() for p in store.presences(ids)],
        "regions": [r.model_dump() for r in store.regions()],
        "weak_links": [w.model_dump() for w in store.weak_links()],
    }


def fresh_mini(server: Server) -> Neo4jStore:
    """A store on the server holding exactly the mini atlas."""
    server.ensure_running()
    store = Neo4jStore.from_uri(server.uri)
    store.reset()
    load_paths(store, sorted(MINI.iterdir()))
    return store


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CHAINATLAS, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run_cli(*args: str) -> tuple[int, str, str]:
    proc = cli(*args)
    out, err = proc.communicate(timeout=180)
    return proc.returncode, out, err


def assert_one_line_error(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 1, (code, out, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    for needle in needles:
        assert needle in lines[0], (needle, err)


def registry(path: Path, prefix: str, rows: int) -> Path:
    lines = ["id,name,hq_region,segments"]
    lines += [f"{prefix}-{i},{prefix}企业{i},410700,cells:0.5" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def big_atlas(firms: int = BIG_FIRMS) -> Atlas:
    atlas = Atlas()
    for batch in iter_synthetic(Scale(enterprises=firms)):
        atlas.extend(batch)
    return atlas


def wait_for_write_in_flight(uri: str, until: Callable[[], bool], timeout: float = 240) -> bool:
    """Poll the server's open transactions until one runs an ``UNWIND $rows`` write batch;
    False if ``until()`` says the writer ended first."""
    with neo4j.GraphDatabase.driver(
        uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
    ) as watcher:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not until():
            rows = watcher.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery AS q"
            ).records
            if any((r["q"] or "").startswith("UNWIND $rows") for r in rows):
                return True
            time.sleep(0.05)
    return False


def wait_until_no_write(uri: str, timeout: float = 120) -> None:
    """Wait until the server has rolled back a dead client's transaction."""
    with neo4j.GraphDatabase.driver(
        uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
    ) as watcher:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = watcher.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery AS q"
            ).records
            if not any((r["q"] or "").startswith("UNWIND") for r in rows):
                return
            time.sleep(0.2)
    raise AssertionError("the dead client's transaction was still open after 120 s")


class Background:
    """Run ``fn`` in a thread; keep its result or exception."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self.thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self.result = fn()
        except BaseException as exc:  # handed to the test thread
            self.error = exc

    def done(self) -> bool:
        return not self.thread.is_alive()

    def join(self, timeout: float) -> None:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"still running after {timeout:.0f} s"


# -- 1: unreachable -------------------------------------------------------------------------------
def test_a_port_that_never_answers_fails_within_the_connection_timeout() -> None:
    """A listening socket that never speaks Bolt (a hung server, a wrong service): opening
    fails after ``CONNECT_TIMEOUT_S`` (twice it with the handshake), not the driver's 60 s."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        uri = f"bolt://127.0.0.1:{silent.getsockname()[1]}"
        t0 = time.monotonic()
        opener = Background(lambda: Neo4jStore.from_uri(uri))
        # a hang guard, far above the 10 s configured and below the driver's default 60 s
        opener.join(timeout=45)
        print(f"\nopening a store on a silent port failed after {time.monotonic() - t0:.1f} s")
    assert isinstance(opener.error, StoreUnavailable), repr(opener.error)
    message = str(opener.error)
    assert message.startswith(f"cannot reach Neo4j at {uri}: ") and "\n" not in message
    assert "chainatlas neo4j start" in message


# -- 1, 3, 4: stopped, then restarted ------------------------------------------------------------
STORE_CALLS: dict[str, Callable[[Neo4jStore], Any]] = {
    "stats": lambda s: s.stats(),
    "chains": lambda s: s.chains(),
    "chain_segments": lambda s: s.chain_segments("mini-battery"),
    "enterprises": lambda s: s.enterprises(),
    "find_enterprises": lambda s: s.find_enterprises("电芯"),
    "capabilities_for_segments": lambda s: s.capabilities_for_segments(["cells"]),
    "enterprises_in_region": lambda s: s.enterprises_in_region("4107"),
    "search_names": lambda s: s.search_names("电池"),
    "write": lambda s: s.write(Atlas(regions=[Region(code="410800", name_zh="焦作市")])),
    "reset": lambda s: s.reset(),
}


def test_stopped_server_fails_in_one_line_and_a_restart_brings_everything_back(
    server: Server, tmp_path: Path
) -> None:
    store = fresh_mini(server)
    before = snapshot(store)
    quick = Neo4jStore.from_uri(server.uri, retry_time=0)  # gives up at the first failure
    patient = Neo4jStore.from_uri(server.uri, retry_time=300)  # outlasts a restart
    uri = server.uri
    server.stop()

    # opening: the schema check is not retried, so it fails at once
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore.from_uri(uri)
    print(f"\nopening a store on the stopped server failed after {time.monotonic() - t0:.2f} s")
    message = str(info.value)
    assert message.startswith(f"cannot reach Neo4j at {uri}: ")
    assert "`chainatlas neo4j start`" in message and "--store" in message
    assert "\n" not in message

    # every call on a store opened before the stop: the same one-line error (after retrying
    # for the store's retry_time; none here)
    for name, call in STORE_CALLS.items():
        with pytest.raises(StoreUnavailable) as info:
            call(quick)
        message = str(info.value)
        assert message.startswith(f"cannot reach Neo4j at {uri}: "), name
        assert "chainatlas neo4j start" in message and "\n" not in message, name

    # every kind of CLI command: one line on stderr, exit 1, no traceback
    for args in (
        ["stats", "--json"],
        ["gaps", "--chain", "mini-battery", "--region", "410700"],
        ["load", str(MINI / "regions.csv")],
    ):
        code, out, err = run_cli("--store", uri, *args, "--lang", "en")
        assert_one_line_error(code, out, err, f"cannot reach Neo4j at {uri}", "neo4j start")

    # a write issued while the server is down and coming back: the driver retries the whole
    # managed transaction until the server answers, and it lands exactly once
    extra = Atlas(
        regions=[Region(code="410800", name_zh="焦作市")],
        enterprises=[Enterprise(id="during-restart", name="重启期间写入")],
    )
    writer = Background(lambda: patient.write(extra))
    server.start()
    writer.join(timeout=300)
    assert writer.error is None, writer.error
    server.faults.append("write issued during a restart")

    # the same store objects work after the restart, reads and writes
    after = snapshot(quick)
    assert after["stats"]["Enterprise"] == before["stats"]["Enterprise"] + 1
    assert after["stats"]["Region"] == before["stats"]["Region"] + 1
    assert quick.enterprises(["during-restart"]) == extra.enterprises
    quick.write(Atlas(enterprises=[Enterprise(id="after-restart", name="重启之后写入")]))
    assert [e.id for e in patient.enterprises(["after-restart", "during-restart"])] == [
        "after-restart",
        "during-restart",
    ]
    store.write(Atlas(enterprises=[Enterprise(id="old-store", name="旧连接写入")]))
    # a fresh store and a fresh process see it all
    fresh = Neo4jStore.from_uri(uri)
    assert fresh.enterprise_count() == before["stats"]["Enterprise"] + 3
    code, out, err = run_cli("--store", uri, "stats", "--json")
    assert code == 0, err
    assert '"Enterprise": ' + str(before["stats"]["Enterprise"] + 3) in out
    for s in (store, quick, patient, fresh):
        s.close()


# -- 2: killed mid-write ---------------------------------------------------------------------------
def test_server_killed_mid_write_loses_nothing_and_half_writes_nothing(server: Server) -> None:
    store = fresh_mini(server)
    before = snapshot(store)
    big = big_atlas()
    writer_store = Neo4jStore.from_uri(server.uri, retry_time=2)  # no waiting for the restart
    writer = Background(lambda: writer_store.write(big))
    assert wait_for_write_in_flight(server.uri, writer.done), writer.error
    time.sleep(1.0)  # a few batches into the transaction
    assert not writer.done(), "the big write finished before the server could be killed"
    server.kill()
    writer.join(timeout=120)

    # the writer gets the one-line error, naming the server and what to do
    assert isinstance(writer.error, StoreUnavailable), repr(writer.error)
    message = str(writer.error)
    assert server.uri in message and "\n" not in message
    assert "cannot reach Neo4j" in message or "broke while committing" in message
    print(f"\nthe writer, its server killed: {message}")

    server.start()  # recovery from the transaction logs
    assert snapshot(store) == before  # the same store object: rows lost 0, half-written 0
    assert snapshot(Neo4jStore.from_uri(server.uri)) == before

    # and writing again works: the frame of the big atlas and 500 of its firms
    keep = {e.id for e in big.enterprises[:500]}
    again = Atlas(
        chains=big.chains,
        segments=big.segments,
        links=big.links,
        regions=big.regions,
        enterprises=big.enterprises[:500],
        capabilities=[c for c in big.capabilities if c.enterprise_id in keep],
        presences=[p for p in big.presences if p.enterprise_id in keep],
    )
    writer_store.write(again)
    counts = store.stats()
    assert counts["Enterprise"] == before["stats"]["Enterprise"] + 500
    assert counts["CAN_SUPPLY"] == before["stats"]["CAN_SUPPLY"] + len(again.capabilities)
    assert counts["Chain"] == before["stats"]["Chain"] + len(big.chains)
    writer_store.close()
    store.close()


def test_client_killed_mid_load_leaves_the_database_unchanged(
    server: Server, tmp_path: Path
) -> None:
    store = fresh_mini(server)
    before = snapshot(store)
    big = registry(tmp_path / "big.csv", "big", BIG_FIRMS)
    proc = cli("--store", server.uri, "--quiet", "load", str(big))
    assert wait_for_write_in_flight(server.uri, lambda: proc.poll() is not None), proc.communicate()
    time.sleep(0.5)
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    server.faults.append("SIGKILL client mid-load")

    wait_until_no_write(server.uri)  # the server noticed and rolled the transaction back
    assert snapshot(store) == before

    small = registry(tmp_path / "small.csv", "small", 50)
    code, out, err = run_cli("--store", server.uri, "--quiet", "load", str(small))
    assert code == 0, err
    assert store.stats()["Enterprise"] == before["stats"]["Enterprise"] + 50
    assert len(store.capabilities_for_segments(["cells"])) == (
        sum(1 for c in before["capabilities"] if c["segment_id"] == "cells") + 50
    )
    store.close()


# -- 5: other server errors -------------------------------------------------------------------------
def test_a_server_error_is_a_one_line_store_error(server: Server, tmp_path: Path) -> None:
    store = fresh_mini(server)
    before = snapshot(store)
    name = "超长产品名" * 700  # ~10 KB of UTF-8: over the limit of a RANGE index key
    atlas = Atlas(
        enterprises=[Enterprise(id="long-product", name="长名企业")],
        product_supplies=[ProductSupply(enterprise_id="long-product", product_name=name)],
        products=[Product(name="短名")],
    )
    with pytest.raises(StoreError) as info:
        store.write(atlas)
    assert isinstance(info.value, ChainAtlasError)
    message = str(info.value)
    assert message.startswith(f"Neo4j at {server.uri} rejected the request and rolled it back: ")
    assert "too large to index" in message and "\n" not in message
    assert message.endswith("(Neo.DatabaseError.Statement.ExecutionFailed)")
    assert name not in message  # the offending value is not echoed whole
    assert snapshot(store) == before

    # through the CLI: a ChainKnowledgeGraph folder whose one product has that name
    folder = tmp_path / "chainkg"
    folder.mkdir()
    for file in CHAINKG_FILES:
        (folder / file).write_text("", encoding="utf-8")
    (folder / "product.json").write_text(json.dumps({"name": name}, ensure_ascii=False) + "\n")
    code, out, err = run_cli("--store", server.uri, "import", "chainkg", str(folder))
    assert_one_line_error(code, out, err, server.uri, "too large to index")
    assert snapshot(store) == before
    store.close()
