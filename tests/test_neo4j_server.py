"""The local Neo4j server (tools/neo4j + chainatlas.graph.neo4j.server): fetch, start, query, stop.

These start a real Neo4j Community DBMS. Outside CI they skip when ``mvn`` or ``java`` is
missing; with ``CI=true`` they never skip.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from pathlib import Path

import pytest
from chainatlas.graph.neo4j import server as neo4j_server
from typer.testing import CliRunner

from chainatlas.cli_commands import neo4j_cmd
from tests.conftest import require

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def _gone(pid: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not neo4j_server._pid_alive(pid):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def jars() -> Path:
    require(shutil.which("mvn") is not None, "mvn (Apache Maven) is not installed")
    require(shutil.which("java") is not None, "java (JDK 17+) is not installed")
    require(shutil.which("javac") is not None, "javac (JDK 17+) is not installed")
    lib = neo4j_server.ensure_jars(quiet=True)
    assert (lib / f"neo4j-{lib.name}.jar").is_file()
    assert list((lib / "classes").rglob("Launcher.class"))
    return lib


def _query_roundtrip(uri: str) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=None) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
        driver.execute_query(
            "CREATE (:Probe {name: $name, zh: $zh})", name="battery-ev", zh="电池与新能源汽车"
        )
        records, _, _ = driver.execute_query(
            "MATCH (p:Probe {name: $name}) RETURN p.zh AS zh", name="battery-ev"
        )
        assert [r["zh"] for r in records] == ["电池与新能源汽车"]


def test_detached_server_lifecycle(jars: Path, tmp_path: Path) -> None:
    data = tmp_path / "neo4j"
    port = neo4j_server.free_port()
    handle = neo4j_server.start_server(data, port, detach=True, timeout=180)
    try:
        assert handle.uri == f"bolt://127.0.0.1:{port}"
        assert handle.process is None and handle.detached
        assert "--no-stdin-watch" in handle.command
        _query_roundtrip(handle.uri)

        status = neo4j_server.server_status(data)
        assert status["running"] is True
        assert status["pid"] == handle.pid
        assert status["uri"] == handle.uri
        assert status["version"] == jars.name
        assert (data / "neo4j.pid").read_text().strip() == str(handle.pid)
        assert (data / "logs" / "debug.log").is_file()
        assert neo4j_server.READY_PREFIX in (data / "chainatlas-neo4j.log").read_text()

        with pytest.raises(neo4j_server.Neo4jServerError, match="already runs"):
            neo4j_server.start_server(data, neo4j_server.free_port(), detach=True)
    finally:
        stopped = neo4j_server.stop_server(data)
    assert stopped is True
    assert _gone(handle.pid)
    status = neo4j_server.server_status(data)
    assert status["running"] is False and status["pid"] is None
    assert not (data / "neo4j.pid").exists()
    assert neo4j_server.stop_server(data) is False
    with socket.socket() as s:  # the port is released
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_attached_server_stops_when_stdin_closes(jars: Path, tmp_path: Path) -> None:
    data = tmp_path / "attached"
    handle = neo4j_server.start_server(data, neo4j_server.free_port(), timeout=180)
    try:
        assert handle.process is not None and handle.process.stdin is not None
        assert "--no-stdin-watch" not in handle.command
        assert handle.startup_seconds > 0
        _query_roundtrip(handle.uri)
        assert neo4j_server.server_status(data)["running"] is True
        handle.process.stdin.close()  # what happens when the parent process dies
        assert handle.process.wait(90) == 0
        assert _gone(handle.pid, 5)
        assert "stdin closed" in handle.log_path.read_text()
        assert neo4j_server.server_status(data)["running"] is False
    finally:
        handle.stop()


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        with pytest.raises(neo4j_server.Neo4jServerError, match=f"port {port}"):
            neo4j_server.start_server(tmp_path / "busy", port)


def test_java_home_selection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHAINATLAS_NEO4J_JAVA_HOME", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk17"))
    assert neo4j_server.select_java_home("5.26.30") == tmp_path / "jdk17"
    if (neo4j_server.TEMURIN_25 / "bin" / "java").exists():
        assert neo4j_server.select_java_home("2026.08.1") == neo4j_server.TEMURIN_25
    monkeypatch.setenv("CHAINATLAS_NEO4J_JAVA_HOME", str(tmp_path / "mine"))
    assert neo4j_server.select_java_home("2026.08.1") == tmp_path / "mine"
    assert neo4j_server.select_java_home("5.26.30", tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("CHAINATLAS_NEO4J_VERSION", "2026.08.1")
    assert neo4j_server.default_version() == "2026.08.1"
    with pytest.raises(neo4j_server.Neo4jServerError, match="not a Neo4j version"):
        neo4j_server.lib_dir("5.26; rm -rf /")


def test_cli_start_status_stop(jars: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "cli"
    port = neo4j_server.free_port()
    result = runner.invoke(
        neo4j_cmd.app, ["start", "--port", str(port), "--data-dir", str(data)], env=dict(os.environ)
    )
    try:
        assert result.exit_code == 0, result.output
        uri = f"bolt://127.0.0.1:{port}"
        assert uri in result.output
        assert f"chainatlas --store {uri} demo" in result.output

        result = runner.invoke(neo4j_cmd.app, ["status", "--data-dir", str(data), "--json"])
        assert result.exit_code == 0, result.output
        info = json.loads(result.output)
        assert info["running"] is True and info["uri"] == uri
        pid = info["pid"]

        again = runner.invoke(
            neo4j_cmd.app, ["start", "--port", str(port), "--data-dir", str(data)]
        )
        assert again.exit_code == 1
    finally:
        result = runner.invoke(neo4j_cmd.app, ["stop", "--data-dir", str(data), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "stopped" in result.output
    assert _gone(pid)
    result = runner.invoke(neo4j_cmd.app, ["status", "--data-dir", str(data), "--lang", "en"])
    assert result.exit_code == 0 and "not running" in result.output


def test_page_cache_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHAINATLAS_NEO4J_PAGECACHE_MB", raising=False)
    assert "--pagecache" not in neo4j_server.java_command(tmp_path, 7687)
    monkeypatch.setenv("CHAINATLAS_NEO4J_PAGECACHE_MB", "2048")
    cmd = neo4j_server.java_command(tmp_path, 7687)
    assert cmd[cmd.index("--pagecache") + 1] == "2048"
    for bad in ("2g", "8", "-1"):
        monkeypatch.setenv("CHAINATLAS_NEO4J_PAGECACHE_MB", bad)
        with pytest.raises(neo4j_server.Neo4jServerError, match="CHAINATLAS_NEO4J_PAGECACHE_MB"):
            neo4j_server.java_command(tmp_path, 7687)
