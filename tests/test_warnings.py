"""Warnings are part of the report: printed with file, row, field and value, listed by
``--json``, turned into errors by ``--strict`` (nothing written), on both stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def _dups(summary: Any) -> list[tuple[str, str, int | None, int | None, str, str]]:
    return [
        (w.kind, Path(w.file).name, w.line, w.row, w.field, w.value)
        for w in summary.warnings
        if w.kind == "probable-duplicate"
    ]


def test_same_name_in_two_files_under_two_ids(store: Store, tmp_path: Path) -> None:
    """Exactly one name, two ids, two files: a warning on the later one naming both."""
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("id,name\nx1,甲电池公司\nx2,乙公司\n", encoding="utf-8")
    second.write_text("id,name\ny0,丙公司\ny1,甲电池公司\n", encoding="utf-8")
    summary = load_paths(store, [first, second])
    assert _dups(summary) == [("probable-duplicate", "b.csv", 3, None, "name", "甲电池公司")]
    (warning,) = [w for w in summary.warnings if w.kind == "probable-duplicate"]
    assert "'y1'" in warning.message and "'x1'" in warning.message
    assert f"{first}, line 2" in warning.message  # the other file and its line
    assert {e.id for e in store.enterprises()} >= {"x1", "y1"}  # a warning: both are loaded


def test_same_name_as_a_stored_firm(store: Store, tmp_path: Path) -> None:
    """A file's firm with exactly the name of a stored firm of another id is flagged; reloading
    the store's own file (same ids) is not."""
    load_paths(store, sorted(MINI.iterdir()))
    assert _dups(load_paths(store, [MINI / "enterprises.csv"])) == []
    new = tmp_path / "new.csv"
    new.write_text("id,name,full_name\nother,另一家,新乡本地电芯有限公司\n", encoding="utf-8")
    summary = load_paths(store, [new])
    assert _dups(summary) == [
        ("probable-duplicate", "new.csv", 2, None, "full_name", "新乡本地电芯有限公司")
    ]
    assert "'local-cells'" in summary.warnings[0].message
    assert "in the store" in summary.warnings[0].message


def test_same_name_in_a_spreadsheet_names_its_sheet_row(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    load_paths(store, sorted(MINI.iterdir()))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["企业名录 2026"], ["id", "name"], ["n1", "别家"], ["n2", "本地正极"]):
        ws.append(row)
    path = tmp_path / "firms.xlsx"
    wb.save(path)
    summary = load_paths(store, [path])
    assert _dups(summary) == [("probable-duplicate", "firms.xlsx", None, 4, "name", "本地正极")]


def test_the_store_names_are_read_once_per_load(tmp_path: Path) -> None:
    """No store search per name: the stored firms are read once, whatever the files hold."""
    from chainatlas.graph.embedded.store import NetworkXStore

    from chainatlas.api import context_from, read_paths

    store = NetworkXStore(tmp_path / "s")
    try:
        load_paths(store, sorted(MINI.iterdir()))
        files = []
        for n in range(3):
            path = tmp_path / f"f{n}.csv"
            rows = "".join(f"f{n}-{i},企业{n}-{i}\n" for i in range(200))
            path.write_text("id,name\n" + rows + f"f{n}-x,本地电芯\n", encoding="utf-8")
            files.append(path)
        context = context_from(store)
        calls: list[int] = []
        read_all = context.stored_enterprises
        assert read_all is not None
        context.stored_enterprises = lambda: calls.append(1) or read_all()
        searched: list[str] = []
        context.lookup_enterprise = lambda text: searched.append(text) or None
        _, summary = read_paths(files, context=context)
        assert calls == [1]
        assert len(searched) < 10  # names are not looked up one by one
        dups = [(Path(w.file).name, w.line) for w in summary.warnings]
        assert dups == [("f0.csv", 202), ("f1.csv", 202), ("f2.csv", 202)]
    finally:
        store.close()


def test_a_whole_record_warning_names_the_sheet_row(tmp_path: Path) -> None:
    """Two stages of one project on one day, in a workbook with a title row: the warning names
    the sheet row of the second stage, as Excel numbers it."""
    from chainatlas.loaders import read_file
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (
        ["重点项目 2013"],
        ["project_id", "name", "status", "status_date"],
        ["p-a", "甲项目", "在谈", "2013-01-10"],
        ["p-1", "同日项目", "在谈", "2013-01-15"],
        ["p-1", "同日项目", "签约", "2013-01-15"],
    ):
        ws.append(row)
    path = tmp_path / "projects.xlsx"
    wb.save(path)
    report = read_file(path, "projects")
    same = [
        (p.kind, p.row, p.line, p.value) for p in report.problems if p.kind == "same-day-stages"
    ]
    assert same == [("same-day-stages", 5, None, "2013-01-15")]
