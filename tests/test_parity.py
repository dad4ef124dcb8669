"""Parity: the CLI's JSON is the same, byte for byte, on the embedded store and on Neo4j.

Only the store's location (a file path or a bolt:// URI) may differ; it is blanked before the
comparison. Runs the commands as a user would, through the real ``chainatlas`` app.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from typer.testing import CliRunner

from chainatlas.cli import app
from tests.conftest import MINI
from tests.neo4j_support import fresh_neo4j_store

pytestmark = pytest.mark.neo4j

runner = CliRunner()


class Side:
    """One store as the CLI sees it: ``--store <location>``."""

    def __init__(self, store_arg: str, location: str) -> None:
        self.store_arg = store_arg
        self.location = location

    def run(self, *args: str) -> str:
        result = runner.invoke(app, ["--quiet", "--store", self.store_arg, *args])
        assert result.exit_code == 0, f"{args} on {self.location}: {result.stderr}"
        return result.stdout.replace(json.dumps(self.location), '"<store>"')


@pytest.fixture
def sides(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Side, Side]:
    embedded = tmp_path / "embedded"
    neo = fresh_neo4j_store(request)
    neo.close()
    return (
        Side(str(embedded), NetworkXStore(embedded).location),
        Side(neo.location, neo.location),
    )


def assert_same(sides: tuple[Side, Side], *args: str) -> str:
    nx_out, neo_out = (side.run(*args) for side in sides)
    assert neo_out == nx_out, f"`chainatlas {' '.join(args)} --json` differs between the stores"
    return nx_out


def test_mini_atlas_same_json_on_both_stores(sides: tuple[Side, Side]) -> None:
    files = [str(p) for p in sorted(MINI.iterdir())]
    for side in sides:
        side.run("load", *files)
        side.run("init", "--region", "410700")  # the store's home region: what commands answer for
    stats = json.loads(assert_same(sides, "stats", "--json"))
    assert stats["Segment"] == 6
    gaps = json.loads(assert_same(sides, "gaps", "--chain", "mini-battery", "--json"))
    assert len(gaps["segments"]) == 6
    assert_same(sides, "targets", "--chain", "mini-battery", "--json")
    assert_same(sides, "gaps", "--chain", "mini-battery", "--region", "350900", "--json")
    assert_same(sides, "candidates", "--query", "隔膜", "--json")


def test_sample_atlas_demo_gaps_targets_same_json(sides: tuple[Side, Side], tmp_path: Path) -> None:
    out = tmp_path / "out"
    demo = json.loads(assert_same(sides, "demo", "--out", str(out), "--json"))
    chains = [c["id"] for c in demo["chains"]]
    assert chains, "the sample atlas has no chains"
    assert_same(sides, "stats", "--json")
    for chain in chains:
        gaps = json.loads(assert_same(sides, "gaps", "--chain", chain, "--json"))
        assert gaps["segments"], f"no segments in the gap report of {chain}"
        assert_same(sides, "targets", "--chain", chain, "--json")
