"""The Neo4j half of the contract suite: one server per test session, a wiped database per test.

The server is a real Neo4j Community started through ``chainatlas.graph.neo4j.server`` on a free
port with its data in a temporary folder, or the one ``CHAINATLAS_NEO4J_URI`` names (with
``CHAINATLAS_NEO4J_USER``/``_PASSWORD``/``_DATABASE``). Outside CI a machine without Java or
the Neo4j jars skips these tests and says how to enable them; with ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest
from chainatlas.graph.neo4j.store import QUIET_NOTIFICATIONS, Neo4jStore

__all__ = ["Neo4jTarget", "neo4j_target", "fresh_neo4j_store"]

ENABLE_HINT = (
    "run `make neo4j-jars` (needs java and mvn) or set CHAINATLAS_NEO4J_URI to a running server"
)
START_TIMEOUT_S = 240


@dataclass
class Neo4jTarget:
    """Where the test server is, and a driver to it that the session owns."""

    uri: str
    user: str | None
    password: str
    database: str | None
    driver: neo4j.Driver


_target: Neo4jTarget | None = None
_failure: str | None = None


def _missing_prerequisite() -> str | None:
    from chainatlas.graph.neo4j import server as srv

    try:
        java_home = srv.select_java_home()
        if java_home is None and shutil.which("java") is None:
            return "java not found on PATH"
        jar = srv.lib_dir() / f"neo4j-{srv.default_version()}.jar"
    except srv.Neo4jServerError as exc:
        return str(exc).splitlines()[0]
    if not jar.is_file():
        return f"the Neo4j jars are not fetched ({jar} missing)"
    return None


def _start(request: pytest.FixtureRequest) -> Neo4jTarget:
    from chainatlas.graph.neo4j import server as srv

    from tests.conftest import require

    uri = os.environ.get("CHAINATLAS_NEO4J_URI", "").strip()
    user = os.environ.get("CHAINATLAS_NEO4J_USER") or None
    password = os.environ.get("CHAINATLAS_NEO4J_PASSWORD", "")
    database = os.environ.get("CHAINATLAS_NEO4J_DATABASE") or None
    if not uri:
        missing = _missing_prerequisite()
        require(missing is None, f"no Neo4j server for the tests: {missing}; {ENABLE_HINT}")
        data_dir = Path(tempfile.mkdtemp(prefix="chainatlas-neo4j-test-"))
        try:
            handle = srv.start_server(data_dir, srv.free_port(), timeout=START_TIMEOUT_S)
        except srv.Neo4jServerError:
            shutil.rmtree(data_dir, ignore_errors=True)
            raise
        request.config.add_cleanup(lambda: shutil.rmtree(data_dir, ignore_errors=True))

        def stop() -> None:
            handle.stop()

        request.config.add_cleanup(stop)
        uri, user, password = handle.uri, None, ""
    auth = (user, password) if user else None
    driver = neo4j.GraphDatabase.driver(
        uri, auth=auth, notifications_disabled_classifications=QUIET_NOTIFICATIONS
    )
    request.config.add_cleanup(driver.close)
    return Neo4jTarget(uri=uri, user=user, password=password, database=database, driver=driver)


def neo4j_target(request: pytest.FixtureRequest) -> Neo4jTarget:
    """The session's server, started on first use (a failed start is not retried)."""
    global _target, _failure
    if _failure is not None:
        pytest.fail(_failure)
    if _target is None:
        try:
            _target = _start(request)
        except Exception as exc:  # a broken server fails every test that needs it, once each
            _failure = f"the Neo4j test server did not start: {exc}"
            raise
    return _target


def fresh_neo4j_store(request: pytest.FixtureRequest) -> Neo4jStore:
    """A store on the session's server with the database emptied."""
    target = neo4j_target(request)
    store = Neo4jStore(target.driver, database=target.database, location=target.uri)
    store.reset()
    return store
