"""Warnings are part of the report: printed with file, row, field and value, listed by
``--json``, turned into errors by ``--strict`` (nothing written), on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chainatlas.graph.errors import LoadError
from chainatlas.graph.store import Store
from typer.testing import CliRunner

from chainatlas.api import load_paths
from chainatlas.cli import app
from tests.conftest import MINI
from tests.test_corpus import records

CORPUS = Path(__file__).resolve().parent / "corpus"
FUTURE = CORPUS / "enterprises_future_date_2099.csv"


def test_strict_refuses_a_warning_and_writes_nothing(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    before = records(store)
    with pytest.raises(LoadError, match=r"line 2, field 'as_of'.*--strict"):
        load_paths(store, [FUTURE], strict=True)
    assert records(store) == before
    summary = load_paths(store, [FUTURE])
    assert [(w.kind, w.line, w.field, w.value) for w in summary.warnings] == [
        ("future-date", 2, "as_of", "2099-01-01")
    ]
    assert records(store) != before


def test_one_firm_id_in_two_files_with_different_names(store: Store, tmp_path: Path) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("id,name,hq_region\ndup1,甲电池公司,410700\n", encoding="utf-8")
    second.write_text("id,name,hq_region\ndup1,甲电池有限公司,410700\n", encoding="utf-8")
    summary = load_paths(store, [first, second])
    (warning,) = summary.warnings
    assert (warning.kind, warning.file, warning.line, warning.field) == (
        "conflicting-duplicate",
        str(second),
        2,
        "name",
    )
    assert str(first) in warning.message


def test_cli_prints_lists_and_refuses_warnings(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    runner = CliRunner()
    assert runner.invoke(app, ["--store", store, "load", *map(str, MINI.iterdir())]).exit_code == 0
    strict = runner.invoke(app, ["--store", store, "load", "--strict", str(FUTURE)])
    assert strict.exit_code == 1
    assert "future-date" in strict.stderr and "2099-01-01" in strict.stderr
    listed = runner.invoke(app, ["--store", store, "load", "--json", str(FUTURE)])
    assert listed.exit_code == 0, listed.output
    warnings = json.loads(listed.stdout)["warnings"]
    assert [(w["kind"], w["file"], w["line"], w["field"], w["value"]) for w in warnings] == [
        ("future-date", str(FUTURE), 2, "as_of", "2099-01-01")
    ]
    printed = runner.invoke(
        app, ["--store", store, "load", str(CORPUS / "chain_supply_cycle.yaml")]
    )
    assert printed.exit_code == 0
    line = next(ln for ln in printed.stderr.splitlines() if "supply-cycle" in ln)
    assert "chain_supply_cycle.yaml, line 9, field 'to' (value 'cy-a')" in line
