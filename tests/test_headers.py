"""One catalogue of headers: every column understood, or the load stops (issue 16).

The README's section is generated from the catalogue; an unknown column stops the load with its
name, file and the closest header; ``--ignore-column`` drops one and the load says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from chainatlas.loaders import read_file
from chainatlas.loaders.headers import (
    CATALOGUE,
    NOT_KEPT,
    catalogue_markdown,
    header_map,
    ignoring_columns,
)
from chainatlas.loaders.tabular import normalise_header
from openpyxl import Workbook
from typer.testing import CliRunner

from chainatlas import open_store
from chainatlas.cli import app
from tests.conftest import MINI, ROOT

runner = CliRunner()


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_readme_section_is_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- formats:start -->\n(.*?)<!-- formats:end -->", readme, re.S)
    assert found, "README has no generated formats section"
    assert found.group(1) == catalogue_markdown(), (
        "README's 'Columns each file accepts' is stale: paste `chainatlas formats --markdown` "
        "between its markers"
    )


@pytest.mark.parametrize("kind", list(CATALOGUE))
def test_no_spelling_means_two_fields(kind: str) -> None:
    seen: dict[str, str] = {}
    for col in CATALOGUE[kind]:
        for spelling in col.spellings():
            key = normalise_header(spelling)
            assert seen.setdefault(key, col.key) == col.key, (kind, spelling, seen[key], col.key)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("所属环节", "segments"),
        ("产业环节", "segments"),
        ("可供环节", "segments"),
        ("配套环节", "segments"),
        ("细分领域", "segments"),
        ("总部所在地", "hq_region"),
        ("所在地", "hq_region"),
        ("注册地", "hq_region"),
        ("企业名称", "name"),
        ("统一社会信用代码", "uscc"),
        ("主营产品", "products"),
        ("营业收入（亿元）", "revenue_100m_cny"),
        ("营业收入 (万元)", "revenue_10k_cny"),
        ("所属行业", "industry"),
        ("企业类型", "ownership"),
        ("Full Name", "full_name"),
    ],
)
def test_everyday_registry_headers(header: str, key: str) -> None:
    assert header_map("enterprises").get(normalise_header(header)) == key


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_unknown_column_stops_a_csv_load_naming_it_and_the_closest(tmp_path: Path) -> None:
    f = _write(tmp_path / "reg.csv", "企业名称,所属环节,主营产吕\n甲公司,cells,电芯\n")
    report = read_file(f, "enterprises")
    assert not report.ok and not report.valid
    [p] = report.errors
    assert (p.kind, p.field, p.line, p.file) == ("unknown-column", "主营产吕", 1, str(f))
    assert "did you mean '主营产品'?" in p.message and "--ignore-column" in p.message


def test_unknown_column_stops_xlsx_json_and_yaml(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["集群名称", "园区", "颜色"])
    ws.append(["电池集群", "经开区", "红"])
    wb.save(tmp_path / "c.xlsx")
    j = _write(tmp_path / "w.json", json.dumps([{"产业链": "x", "环节": "y", "类型": "缺项",
                                                  "负责人": "z"}], ensure_ascii=False))  # fmt: skip
    y = _write(tmp_path / "p.yaml", "projects:\n  - name: 项目一\n    colour: red\n")
    for path, kind, field in (
        (tmp_path / "c.xlsx", "clusters", "颜色"),
        (j, "weak_links", "负责人"),
        (y, "projects", "colour"),
    ):
        report = read_file(path, kind)
        assert [(p.kind, p.field) for p in report.errors] == [("unknown-column", field)], path


def test_ignored_column_is_dropped_and_said(tmp_path: Path) -> None:
    f = _write(tmp_path / "reg.csv", "企业名称,业务员,联系人\n甲公司,张三,李四\n")
    with ignoring_columns(["业务员"]):
        report = read_file(f, "enterprises")
    assert report.ok
    said = {(p.kind, p.field, p.severity) for p in report.problems}
    assert said == {
        ("ignored-column", "业务员", "warning"),
        ("ignored-column", "联系人", "warning"),  # understood, not kept: said once, not per row
    }
    assert report.valid[0].enterprises[0].name == "甲公司"


def test_not_kept_columns_are_catalogued() -> None:
    not_kept = [c for c in CATALOGUE["enterprises"] if c.key == NOT_KEPT]
    assert any("联系人" in c.spellings() for c in not_kept)


def test_cli_unknown_column_changes_nothing_and_ignore_column_loads(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run(store, "load", *map(str, sorted(MINI.iterdir())))
    assert code == 0, err
    before = open_store(str(store)).stats()
    f = _write(tmp_path / "reg.csv", "企业名称,所属环节,业务员\n新电芯,cells,张三\n", "gbk")
    code, out, err = run(store, "load", str(f))
    assert code == 1 and out == ""
    assert err.startswith(f"error: {f}, line 1, field '业务员': column '业务员' is not a column")
    assert open_store(str(store)).stats() == before
    code, _, err = run(store, "load", str(f), "--ignore-column", "业务员")
    assert code == 0, err
    assert "column '业务员': ignored as asked (--ignore-column)" in err
    firms = {e.name: e.id for e in open_store(str(store)).enterprises()}
    caps = {
        (c.enterprise_id, c.segment_id)
        for c in open_store(str(store)).capabilities_of(firms.values())
    }
    assert (firms["新电芯"], "cells") in caps


def test_formats_command_prints_the_catalogue(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "formats", "enterprises", "--json")
    assert code == 0
    fields = {r["field"]: r for r in json.loads(out)["enterprises"]}
    assert "所属环节" == fields["segments"]["zh"] and "细分领域" in fields["segments"]["also"]
    code, out, _ = run(tmp_path, "formats", "chain", "--markdown")
    assert code == 0 and "#### `chain.segments`" in out and "上游" in out
    code, _, err = run(tmp_path, "formats", "nonsense")
    assert code == 1 and "unknown kind 'nonsense'" in err
