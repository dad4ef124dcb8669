"""Region codes checked (issue 16): the shipped GB/T 2260 table, names as well as codes, and an
unknown or ambiguous region refused with suggestions everywhere one is given."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest
from chainatlas.loaders import read_file
from chainatlas.loaders.divisions import (
    AmbiguousRegion,
    UnknownRegion,
    divisions,
    region_label,
    resolve_region,
)
from typer.testing import CliRunner

from chainatlas import home_region, open_store
from chainatlas.cli import app
from tests.conftest import MINI, ROOT

runner = CliRunner()


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_shipped_table_holds_every_level() -> None:
    levels: dict[str, int] = {}
    for d in divisions().values():
        levels[d.level] = levels.get(d.level, 0) + 1
    assert levels == {"province": 34, "prefecture": 342, "county": 2975}
    xinxiang = sorted(c for c, d in divisions().items() if d.parent == "410700")
    assert len(xinxiang) == 15 and {"410771", "410772", "410773", "410783"} <= set(xinxiang)
    assert divisions()["321200"].name == "泰州市"
    notice = (ROOT / "data" / "divisions.NOTICE.md").read_text(encoding="utf-8")
    assert "WTFPL" in notice and "tools/make_divisions.py" in notice


def test_the_table_is_what_the_script_makes(shared_data: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_divisions", ROOT / "tools/make_divisions.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.build(shared_data / "reference" / "admin_divisions")
    with (ROOT / "data" / "divisions.csv").open(encoding="utf-8", newline="") as fh:
        shipped = [tuple(r) for r in csv.reader(fh)][1:]
    assert rows == shipped


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("新乡", "410700"),
        ("新乡市", "410700"),
        ("河南省新乡市", "410700"),
        ("河南新乡", "410700"),
        ("河南省新乡市红旗区人民路1号", "410702"),
        ("泰州", "321200"),
        ("北京市朝阳区", "110105"),
        ("延边", "222400"),
        ("４１０７００", "410700"),
        ("4107", "4107"),
        ("410700000000", "410700000000"),
    ],
)
def test_regions_by_name_or_code(text: str, code: str) -> None:
    assert resolve_region(text) == code


def test_unknown_and_ambiguous_regions_are_refused_with_suggestions() -> None:
    with pytest.raises(AmbiguousRegion) as amb:
        resolve_region("朝阳区")
    assert "110105 北京市朝阳区" in str(amb.value) and "220104 吉林省长春市朝阳区" in str(amb.value)
    with pytest.raises(UnknownRegion) as code:
        resolve_region("410799")
    assert "codes under 4107: 410700 新乡市" in str(code.value)
    with pytest.raises(UnknownRegion) as province:
        resolve_region("999999")
    assert "99 is no province code" in str(province.value)
    with pytest.raises(UnknownRegion) as typo:
        resolve_region("泰洲")
    assert "closest: 泰州市 (321200)" in str(typo.value)
    assert region_label("321200") == "321200 泰州市"


def test_init_takes_a_name_and_every_command_checks_the_region(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "load", *map(str, sorted(MINI.iterdir())))
    assert code == 0, err
    code, out, err = run(tmp_path, "init", "--region", "新乡市", "--json")
    assert code == 0, err
    assert json.loads(out)["home_region"] == "410700"
    code, out, _ = run(tmp_path, "gaps", "--chain", "mini-battery", "-r", "泰州", "--json")
    assert code == 0 and json.loads(out)["region"] == "321200"
    for bad, said in (("999999", "99"), ("泰洲", "泰州市 (321200)")):
        for args in (
            ["gaps", "--chain", "mini-battery", "--region", bad],
            ["candidates", "--query", "隔膜", "--region", bad],
            ["targets", "--chain", "mini-battery", "--region", bad],
            ["init", "--region", bad],
        ):
            code, out, err = run(tmp_path, *args)
            assert code == 1 and out == "", args
            assert f"'{bad}'" in err and said in err, (args, err)
    code, _, err = run(tmp_path, "init", "--region", "朝阳")
    assert code == 1 and "110105" in err and "211300" in err  # its choices
    assert home_region(open_store(str(tmp_path))) == "410700"


def test_region_fields_of_loaded_files_take_names_and_are_checked(tmp_path: Path) -> None:
    f = tmp_path / "reg.csv"
    f.write_text(
        "企业名称,所在地,生产基地\n甲,河南省新乡市,新乡县，郑州\n乙,410702,\n", encoding="utf-8"
    )
    report = read_file(f, "enterprises")
    assert report.ok, [str(p) for p in report.problems]
    atlas = report.valid[0]
    assert [e.hq_region for e in atlas.enterprises] == ["410700", "410702"]
    plants = {p.region_code for p in atlas.presences if p.kind == "plant"}
    assert plants == {"410721", "410100"}
    f.write_text("企业名称,所在地\n甲,999999\n乙,鼓楼区\n", encoding="utf-8")
    report = read_file(f, "enterprises")
    assert not report.valid
    assert [(p.kind, p.line, p.field, p.value) for p in report.errors] == [
        ("unknown-region", 2, "所在地", "999999"),
        ("unknown-region", 3, "所在地", "鼓楼区"),
    ]
    assert "320106 江苏省南京市鼓楼区" in report.errors[1].message
    # a park the table does not hold, after its city: the city, with a warning
    f.write_text("企业名称,所在地\n甲,江苏省泰州市医药高新区\n", encoding="utf-8")
    report = read_file(f, "enterprises")
    assert report.ok and report.valid[0].enterprises[0].hq_region == "321200"
    assert [(p.kind, p.severity, p.line) for p in report.problems] == [
        ("partial-region", "warning", 2)
    ]
    p = tmp_path / "projects.csv"
    p.write_text(
        "项目名称,阶段,状态日期,地区代码\n项目一,在谈,2013-01-05,新乡经开区\n"
        "项目二,在谈,2013-01-05,新乡市开发区\n",
        encoding="utf-8",
    )
    report = read_file(p, "projects")
    [err] = report.errors  # 开发区 abbreviates both development zones of Xinxiang
    assert (err.kind, err.field, err.line) == ("unknown-region", "地区代码", 3)
    assert "新乡高新技术产业开发区 (410771), 新乡经济技术开发区 (410772)" in err.message
    [warn] = [p for p in report.problems if p.kind == "partial-region"]
    assert warn.line == 2 and "read as 410772 河南省新乡市新乡经济技术开发区" in warn.message
    with pytest.raises(UnknownRegion, match="closest: 新乡经济技术开发区 \\(410772\\)"):
        resolve_region("新乡经开区")  # a command's --region is not guessed
