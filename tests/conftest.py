"""Shared fixtures. ``store`` runs every test that takes it on both stores (the contract suite).

Outside CI, tests that need Neo4j, Chromium or ../shared/data skip with a message; with
``CI=true`` they fail instead, so nothing hides behind a skip in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.store import Store

from chainatlas.api import load_paths, load_sample

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Derived search indexes of the tests' stores go to a folder of the test run (and
    subprocesses inherit it), not to the user's cache."""
    before = os.environ.get("CHAINATLAS_CACHE")
    os.environ["CHAINATLAS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("CHAINATLAS_CACHE", None)
    else:
        os.environ["CHAINATLAS_CACHE"] = before


def require(condition: bool, message: str) -> None:
    """Skip outside CI, fail in CI, when a test's prerequisite is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{message} (CI=true: this must not be skipped)")
    else:
        pytest.skip(message)


@pytest.fixture
def shared_data() -> Path:
    require(SHARED_DATA.is_dir(), f"../shared/data not found at {SHARED_DATA}")
    return SHARED_DATA


def _neo4j_store(request: pytest.FixtureRequest) -> Store:
    from tests.neo4j_support import fresh_neo4j_store

    return fresh_neo4j_store(request)


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind."""
    if request.param == "networkx":
        s: Store = NetworkXStore(tmp_path / "store")
    else:
        s = _neo4j_store(request)
    yield s
    s.close()


@pytest.fixture
def nx_store(tmp_path: Path) -> NetworkXStore:
    return NetworkXStore(tmp_path / "store")


@pytest.fixture
def mini_store(store: Store) -> Store:
    """The small test atlas in tests/fixtures/mini, on each store."""
    load_paths(store, sorted(MINI.iterdir()))
    return store


@pytest.fixture
def sample_store(store: Store) -> Store:
    """The shipped sample atlas, on each store."""
    load_sample(store)
    return store


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the sample atlas, home region 410700, for the CLI tests of one
    module (``tests.cli_support.run``)."""
    from chainatlas.api import sample_paths
    from tests.cli_support import run

    store = tmp_path_factory.mktemp("sample")
    code, _, err = run(store, "load", *map(str, sample_paths()))
    assert code == 0, err
    code, _, err = run(store, "init", "--region", "410700")
    assert code == 0, err
    return store
