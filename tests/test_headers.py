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
    assert code == 1 and out == ""  # one line naming the file, the column and the way out
    assert str(f) in err and "'业务员'" in err and "--ignore-column" in err
    assert open_store(str(store)).stats() == before
    code, _, err = run(store, "load", str(f), "--ignore-column", "业务员")
    assert code == 0, err
    assert "'业务员'" in err and "--ignore-column" in err  # the load says it dropped it
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
    assert code == 1 and "'nonsense'" in err and "enterprises" in err


GBK_REGISTRY = (
    "序号,企业名称,统一社会信用代码,企业类型,所在地,所属环节,主营产品,营业收入(万元),所属行业,联系人\n"
    "1,新电芯,,有限责任公司（自然人投资或控股）,410700,电芯：0.7、电池包，正极材料,动力电池、储能电池,"
    "123456,电池制造,王五\n"
    "2,老隔膜,,股份有限公司(国有控股),410100,隔膜,湿法隔膜,,塑料制品,\n"
)


def test_a_gbk_registry_with_everyday_headers_loads_every_tag(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run(store, "load", str(MINI / "chain.yaml"))
    assert code == 0, err
    f = tmp_path / "名录.csv"
    f.write_bytes(GBK_REGISTRY.encode("gbk"))
    code, _, err = run(store, "load", str(f))
    assert code == 0, err
    s = open_store(str(store))
    firms = {e.name: e for e in s.enterprises()}
    new, old = firms["新电芯"], firms["老隔膜"]
    assert (new.ownership, old.ownership) == ("private", "local_soe")
    assert new.revenue_100m_cny == pytest.approx(12.3456) and new.industry == "电池制造"
    assert new.products == ["动力电池", "储能电池"]
    assert (new.hq_region, old.hq_region) == ("410700", "410100")
    caps = {(c.segment_id, c.strength) for c in s.capabilities_of([new.id])}
    assert caps == {("cells", 0.7), ("packs", 1.0), ("cathode", 1.0)}


def test_a_chain_map_in_chinese_words(tmp_path: Path) -> None:
    from chainatlas.loaders import parse_chain_map

    text = (
        "chain: {编号: bio, 名称: 生物医药}\n"
        "segments:\n"
        "  - {编号: api, 名称: 原料药, 层级: 上游, 别名: 化学原料药、中间体}\n"
        "  - {id: drugs, name_zh: 生物药, tier: 中游}\n"
        "  - {id: cro, name_zh: 研发外包, tier: 下游}\n"
        "links:\n"
        "  - {上游: api, 下游: drugs, 类型: 原料}\n"
        "  - {from: cro, to: drugs, kind: 服务}\n"
    )
    report = parse_chain_map(text)
    assert report.ok, [str(p) for p in report.problems]
    atlas = report.valid[0]
    assert [(s.id, s.tier.value) for s in atlas.segments] == [
        ("api", "upstream"),
        ("drugs", "midstream"),
        ("cro", "downstream"),
    ]
    assert atlas.segments[0].aliases == ["化学原料药", "中间体"]
    assert [(k.from_id, k.kind.value) for k in atlas.links] == [
        ("api", "material"),
        ("cro", "service"),
    ]
    bad = parse_chain_map(text.replace("层级: 上游", "层极: 上游"))
    p = bad.errors[0]  # (the links to the refused segment are refused too)
    assert (p.kind, p.field, p.line) == ("unknown-field", "层极", 3)
    assert "did you mean '层级'?" in p.message


@pytest.mark.parametrize(
    "kind", ["regions", "enterprises", "weak_links", "clusters", "projects", "profiles"]
)
def test_every_table_kind_reads_through_the_catalogue(kind: str, tmp_path: Path) -> None:
    """Each loader takes every Chinese header of the catalogue and stops at one it lacks."""
    from chainatlas.loaders.columns import CATALOGUE

    columns = [c for c in CATALOGUE[kind] if c.key != NOT_KEPT and not c.what.startswith("YAML")]
    f = tmp_path / f"{kind}.csv"
    f.write_text(",".join([c.zh for c in columns] + ["备用列"]) + "\n" + "x," * len(columns) + "\n")
    problems = read_file(f, kind).errors
    assert [(p.kind, p.field, p.line) for p in problems] == [("unknown-column", "备用列", 1)]
