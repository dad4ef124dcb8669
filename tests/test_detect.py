"""A file's kind is told by the header catalogue: the kind that knows the most of its headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.errors import LoadError
from chainatlas.loaders import detect_kind

CASES = [
    # everyday Chinese registries: no 企业名称, no uscc
    ("公司名称,所属环节,总部所在地,营业收入(亿元)\n甲公司,隔膜,新乡市,12\n", "enterprises"),
    ("单位名称,产业环节,所在地区,主营产品\n乙公司,电解液,泰州市,六氟磷酸锂\n", "enterprises"),
    ("序号,单位名称,细分领域,联系人,联系电话\n1,丙公司,正极,张三,123\n", "enterprises"),
    ("企业,可供环节,员工人数\n丁公司,负极,300\n", "enterprises"),
    # weak-link lists headed in Chinese
    ("产业链,弱项缺项环节,类别,具体说明\n生物医药,生物药,缺项,无龙头\n", "weak_links"),
    ("序号,所属产业链,薄弱环节,弱项/缺项\n1,锂电池,隔膜,弱项\n", "weak_links"),
    ("产业链,环节,类型\n锂电池,隔膜,弱项\n", "weak_links"),
    # projects
    (
        "项目名称,建设单位,总投资(亿元),进展阶段,建设地点\n隔膜项目,甲公司,12,在建,新乡市\n",
        "projects",
    ),
    ("序号,项目,投资主体,投资额,项目状态\n1,电解液项目,乙公司,5,签约\n", "projects"),
    # regions
    ("区划代码,名称,经度,纬度\n410700,新乡市,113.9,35.3\n", "regions"),
    ("行政区划代码,区划名称,级别,上级代码\n321200,泰州市,prefecture,320000\n", "regions"),
    # clusters and profiles
    (
        "集群名称,所在园区,龙头企业,成员企业\n新能源集群,新乡高新区,甲公司,甲公司、乙公司\n",
        "clusters",
    ),
    ("企业名称,高管姓名,职务,籍贯,联系日期\n甲公司,李四,董事长,新乡,2025-03-01\n", "profiles"),
    ("目标企业,发展现状,意向环节,对接方式\n甲公司,扩产,隔膜,走访\n", "profiles"),
]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_chinese_headers_tell_the_kind(text: str, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_text(text, encoding="utf-8")
    assert detect_kind(path) == kind


def test_gbk_registry_with_everyday_headers(tmp_path: Path) -> None:
    path = tmp_path / "名录.csv"
    path.write_bytes("公司名称,配套环节,注册地\n甲公司,隔膜,泰州市\n".encode("gbk"))
    assert detect_kind(path) == "enterprises"


def test_xlsx_title_row_is_passed_over(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["泰州市生物医药产业弱项缺项清单"])
    ws.append(["序号", "产业链", "缺失环节", "类型", "原因"])
    ws.append([1, "生物医药", "生物药", "缺项", "无企业"])
    path = tmp_path / "清单.xlsx"
    wb.save(path)
    assert detect_kind(path) == "weak_links"


def test_json_registry_keys(tmp_path: Path) -> None:
    path = tmp_path / "firms.json"
    path.write_text('[{"单位名称": "甲公司", "所属环节": "隔膜"}]', encoding="utf-8")
    assert detect_kind(path) == "enterprises"


@pytest.mark.parametrize(
    "header",
    [
        "rank,name_zh,name_en,revenue_musd,profit_musd,country",  # a ranking list: import lists
        "来源,日期",  # every kind knows these two: a tie no fixed word breaks
        "颜色,口味",
    ],
)
def test_unclear_files_ask_for_kind(header: str, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(header + "\n" + ",".join("x" for _ in header.split(",")) + "\n", "utf-8")
    with pytest.raises(LoadError, match="cannot tell what this file holds.*pass --kind"):
        detect_kind(path)


def test_a_tie_goes_to_the_fixed_words(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"  # 名称 alone: a registry, a cluster list or regions
    path.write_text("名称\n甲公司\n", encoding="utf-8")
    assert detect_kind(path) == "enterprises"


def test_cluster_list_with_a_region_is_not_a_registry(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"  # enterprises know name and region_code too, clusters know park
    path.write_text("name,park,region_code\n集群,园区,410700\n", encoding="utf-8")
    assert detect_kind(path) == "clusters"


def _load(tmp_path: Path, *args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from chainatlas.cli import app

    result = CliRunner().invoke(app, ["--store", str(tmp_path / "s"), "load", *args])
    return result.exit_code, result.stderr


def test_ignore_column_no_file_has_is_named_with_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("公司名称,联系人\n甲公司,张三\n", encoding="utf-8")
    code, err = _load(tmp_path, str(path), "--ignore-column", "联系人员", "--lang", "en")
    assert code == 0, err
    lines = [line for line in err.splitlines() if "ignored-absent" in line]
    assert len(lines) == 1
    assert "'联系人员'" in lines[0] and "closest header is '联系人'" in lines[0]


def test_ignore_column_that_matches_gives_no_absent_warning(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("公司名称,邮编\n甲公司,453000\n", encoding="utf-8")
    code, err = _load(tmp_path, str(path), "--ignore-column", "邮编", "--lang", "en")
    assert code == 0, err
    assert "ignored-absent" not in err and "邮编" in err  # said once: dropped as asked
    code, err = _load(tmp_path, str(path), "--ignore-column", "邮编", "--ignore-column", "x")
    assert code == 0 and err.count("ignored-absent") == 1
    code, err = _load(tmp_path, str(path), "--ignore-column", "邮编", "--ignore-column", "x",
                      "--strict")  # fmt: skip
    assert code == 1 and "ignored-absent" in err
