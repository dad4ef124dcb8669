"""Freshness: the store's facts by source, oldest first, on both stores and through the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.store import Store
from chainatlas.queries.freshness import Age, freshness_report, parse_age
from typer.testing import CliRunner

from chainatlas.api import load_paths
from chainatlas.cli import app
from tests.conftest import FIXTURES

MINI = FIXTURES / "mini"


def test_facts_by_source_oldest_first(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    report = freshness_report(store, today=date(2026, 12, 1))
    sources = [s.source for s in report.sources]
    # regions carry no source and no date: unknown age comes first
    assert sources[0] == "" and report.sources[0].oldest is None
    dated = [s for s in report.sources if s.oldest]
    assert [s.oldest for s in dated] == sorted(s.oldest for s in dated)
    by = {s.source: s for s in report.sources}
    assert by["测试清单"].kinds == {"weak link": 2} and by["测试清单"].oldest == "2013-04-19"
    fixture = by["test fixture"]
    assert fixture.kinds["firm"] == 7 and fixture.kinds["segment tag"] == 9
    assert fixture.newest == "2026-01-01"


def test_older_than_keeps_only_old_and_undated_facts(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    report = freshness_report(store, older_than=parse_age("18m"), today=date(2026, 12, 1))
    assert report.older_than == "2025-06-01"
    assert {s.source for s in report.sources} == {"", "测试清单"}  # firms of 2026 are fresh


def test_ages() -> None:
    assert parse_age("18m") == Age(18, 0) and parse_age("2 年") == Age(24, 0)
    with pytest.raises(ChainAtlasError, match="18m"):
        parse_age("eighteen months")


def test_cli_freshness(tmp_path: Path) -> None:
    st = str(tmp_path / "store")
    runner = CliRunner()
    assert (
        runner.invoke(app, ["--store", st, "load", *map(str, sorted(MINI.iterdir()))]).exit_code
        == 0
    )
    result = runner.invoke(app, ["--store", st, "freshness", "--older-than", "5y", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert "测试清单" in [s["source"] for s in data["sources"]]
    result = runner.invoke(
        app, ["--store", st, "freshness", "--older-than", "soon", "--lang", "en"]
    )
    assert result.exit_code == 1 and "age 'soon' is not a number with a unit" in result.output
