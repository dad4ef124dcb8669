"""The CLI as a user runs it: exit codes, exact error text, then the state through the API."""

from __future__ import annotations

import json
from pathlib import Path

import click
import typer.main
from chainatlas.graph.embedded.store import NetworkXStore
from openpyxl import load_workbook
from typer.testing import CliRunner

from chainatlas import find_gaps, home_region, open_store
from chainatlas.cli import app
from tests.conftest import FIXTURES, MINI

runner = CliRunner()


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def load_mini(store: Path, region: str | None = "410700") -> None:
    code, _, err = run(store, "load", *map(str, sorted(MINI.iterdir())))
    assert code == 0, err
    if region is not None:
        code, _, err = run(store, "init", "--region", region)
        assert code == 0, err


NO_REGION = (
    "error: no region: give --region CODE (a GB/T 2260 division code, e.g. 410700), "
    "or set the store's home region once with `chainatlas init --region CODE`\n"
)


def test_without_a_home_region_a_question_needs_region(tmp_path: Path) -> None:
    load_mini(tmp_path, region=None)
    for args in (
        ["gaps", "--chain", "mini-battery"],
        ["candidates", "--query", "隔膜", "--json"],
        ["targets", "--chain", "mini-battery", "--json"],
        ["explore", "--chain", "mini-battery", "-o", str(tmp_path / "x.html")],
        ["clusters"],
    ):
        code, out, err = run(tmp_path, *args, "--lang", "en")
        assert (code, out, err) == (1, "", NO_REGION), args
        code, out, err = run(tmp_path, *args)  # Chinese by default
        assert (code, out) == (1, "") and err.startswith("错误：未指定地区：请给出 --region"), args
    code, out, _ = run(tmp_path, "gaps", "--chain", "mini-battery", "--region", "410700", "--json")
    assert code == 0 and json.loads(out)["region"] == "410700"
    assert home_region(open_store(str(tmp_path))) is None  # --region does not set it


def test_init_sets_the_home_region_every_command_uses(tmp_path: Path) -> None:
    load_mini(tmp_path, region=None)
    code, out, _ = run(tmp_path, "init", "--region", "410700")
    assert code == 0 and out.startswith("本地区：新乡市 (410700)（数据库 ")
    code, out, _ = run(tmp_path, "init", "--region", "410700", "--lang", "en")
    assert code == 0 and out.startswith("home region: 新乡市 (410700) (store ")
    assert home_region(open_store(str(tmp_path))) == "410700"
    code, out, _ = run(tmp_path, "gaps", "--chain", "mini-battery", "--json")
    store = open_store(str(tmp_path))
    assert json.loads(out) == find_gaps(store, "mini-battery", "410700").model_dump(mode="json")
    code, out, _ = run(tmp_path, "init", "-r", "410100", "--json")
    assert (code, json.loads(out)) == (0, {"home_region": "410100", "lang": "en"})
    assert json.loads(run(tmp_path, "gaps", "-c", "mini-battery", "--json")[1])["region"] == (
        "410100"
    )
    code, _, err = run(tmp_path, "init", "--region", "Xinxiang")
    assert code == 1
    assert err == (
        "error: region 'Xinxiang' is no division name of GB/T 2260; closest: 新乡市 (410700), "
        "新乡县 (410721); give a code such as 410700 or a name such as 新乡市\n"
    )
    assert home_region(open_store(str(tmp_path))) == "410100"


def _commands(group: click.Group, path: str = "chainatlas") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = [(path, group)]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{path} {name}")
        else:
            out.append((f"{path} {name}", cmd))
    return out


def test_a_short_flag_means_one_thing_across_the_cli() -> None:
    meaning: dict[str, set[str]] = {}
    where: dict[str, list[str]] = {}
    for path, cmd in _commands(typer.main.get_group(app)):
        for param in cmd.params:
            if not isinstance(param, click.Option):
                continue
            longs = sorted(o for o in param.opts + param.secondary_opts if o.startswith("--"))
            for short in (o for o in param.opts + param.secondary_opts if not o.startswith("--")):
                meaning.setdefault(short, set()).add("/".join(longs))
                where.setdefault(short, []).append(path)
    several = {s: sorted(m) for s, m in meaning.items() if len(m) > 1}
    assert not several, several
    assert meaning["-q"] == {"--quiet"} and where["-q"] == ["chainatlas"]
    assert meaning["-r"] == {"--region"} and meaning["-o"] == {"--output"}


def test_targets_json_is_always_a_list(tmp_path: Path) -> None:
    load_mini(tmp_path)
    for args in (
        ["--chain", "mini-battery"],
        ["--all"],
        ["-c", "mini-battery", "-c", "mini-battery"],
    ):
        code, out, err = run(tmp_path, "targets", *args, "--top", "3", "--json")
        assert code == 0, err
        lists = json.loads(out)
        assert isinstance(lists, list) and lists, args
        assert {tl["chain_id"] for tl in lists} == {"mini-battery"}
        assert all(len(tl["targets"]) <= 3 for tl in lists)


def test_load_then_gaps_json(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, out, _ = run(tmp_path, "gaps", "--chain", "mini-battery", "--json")
    assert code == 0
    data = json.loads(out)
    assert {s["segment_id"]: s["coverage_class"] for s in data["segments"]}[
        "separator"
    ] == "missing"


def test_load_bad_file_one_line_error_and_store_unchanged(tmp_path: Path) -> None:
    load_mini(tmp_path)
    before = NetworkXStore(tmp_path).stats()
    bad = FIXTURES.parent / "corpus" / "chain_unknown_parent_block_segments.yaml"
    code, out, err = run(tmp_path, "load", str(bad), "--lang", "en")
    assert code == 1
    assert err.startswith(f"error: {bad}, line 8, field 'parent' (value 'nowhere'):")
    code, out, err = run(tmp_path, "load", str(bad))
    assert err.startswith(f"错误：{bad} 第 8 行，字段 'parent'（值 'nowhere'）：上级环节 'nowhere'")
    assert "Traceback" not in err + out
    assert NetworkXStore(tmp_path).stats() == before


def test_load_unrecognised_file_is_refused_by_name(tmp_path: Path) -> None:
    odd = tmp_path / "colours.csv"
    odd.write_text("colour,flavour\nred,sweet\n", encoding="utf-8")
    code, _, err = run(tmp_path / "s", "load", str(odd), "--lang", "en")
    assert code == 1
    assert f"{odd}: cannot tell what this file holds" in err
    code, _, err = run(tmp_path / "s", "load", str(odd))
    assert code == 1 and err.startswith(f"错误：{odd}：无法判断文件内容（表头：")


def test_load_missing_file(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "load", str(tmp_path / "nope.csv"), "--lang", "en")
    assert code == 1 and "nope.csv: no such file" in err
    code, _, err = run(tmp_path, "load", str(tmp_path / "nope.csv"))
    assert code == 1 and err == f"错误：{tmp_path / 'nope.csv'}：文件不存在\n"


def test_unknown_chain_names_the_known_ones(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, _, err = run(tmp_path, "gaps", "--chain", "battery", "--lang", "en")
    assert code == 1
    assert "chain 'battery' is not in the atlas; known: mini-battery" in err
    code, _, err = run(tmp_path, "gaps", "--chain", "battery")
    assert err == "错误：产业链 'battery' 不在图谱中；已有：mini-battery\n"


def test_candidates_json_contract(tmp_path: Path) -> None:
    load_mini(tmp_path)
    for args in (["--query", "隔膜"], ["--segment", "separator"]):
        code, out, _ = run(tmp_path, "candidates", *args, "--top", "5", "--json")
        assert code == 0
        rows = json.loads(out)
        assert [r["enterprise_id"] for r in rows] == ["big-separator", "far-separator"]
        assert rows[0]["name"] == "大隔膜"
        assert rows[0]["score"] >= rows[1]["score"]
        assert {"name", "value", "evidence"} <= set(rows[0]["factors"][0])


def test_targets_exports(tmp_path: Path) -> None:
    load_mini(tmp_path)
    xlsx = tmp_path / "t.xlsx"
    code, _, err = run(
        tmp_path, "targets", "--chain", "mini-battery", "--format", "xlsx", "-o", str(xlsx)
    )
    assert code == 0, err
    ws = load_workbook(xlsx).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:3] == ["排名", "企业编号", "企业简称"]
    assert ws.cell(2, 3).value == "大隔膜"
    md = tmp_path / "t.md"
    code, _, _ = run(
        tmp_path, "targets", "--chain", "mini-battery", "-f", "md", "--lang", "en", "-o", str(md)
    )
    assert code == 0
    assert "| rank | enterprise id | name |" in md.read_text(encoding="utf-8")


def test_stats_json_counts(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, out, _ = run(tmp_path, "stats", "--json")
    counts = json.loads(out)
    assert code == 0
    assert (counts["Chain"], counts["Segment"], counts["Enterprise"], counts["WeakLink"]) == (
        1,
        6,
        7,
        2,
    )
    assert counts == NetworkXStore(tmp_path).stats()


def test_candidates_explain_shows_how_the_query_was_read(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, out, err = run(tmp_path, "candidates", "--query", "鋰電池隔膜", "--explain", "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert answer["understood"]["normalised"] == "锂电池隔膜"
    assert answer["understood"]["text"] == "锂电池隔膜"
    plain = json.loads(run(tmp_path, "candidates", "--query", "锂电池隔膜", "--json")[1])
    assert answer["candidates"] == plain  # the same list as the plain form's
    code, out, _ = run(tmp_path, "candidates", "--query", "鋰電池隔膜", "--explain", "--lang", "en")
    assert code == 0 and "# searched: 锂电池隔膜" in out and "normalised" in out
    code, out, _ = run(tmp_path, "candidates", "--query", "鋰電池隔膜", "--explain")
    assert code == 0 and "# 检索：锂电池隔膜" in out


def test_an_empty_answer_says_why_in_one_line(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, out, _ = run(tmp_path, "candidates", "--query", "单抗", "--lang", "en")
    assert code == 0
    assert (
        "no candidate outside 新乡市 (410700) for '单抗': no product, segment or industry the "
        "store holds matches it; try a shorter or broader term, or --explain"
    ) in out.splitlines()
    code, out, _ = run(tmp_path, "candidates", "--query", "单抗")
    assert code == 0 and "新乡市 (410700) 以外没有 '单抗' 的候选企业" in out


def test_usage_mistakes_are_said_in_chinese_by_default(tmp_path: Path) -> None:
    """The console script itself (typer's own usage errors go through ``main``)."""
    import subprocess
    import sys

    def script(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from chainatlas.cli import main; sys.argv[0] = 'chainatlas'; main()"
        return subprocess.run(
            [sys.executable, "-c", code, "--store", str(tmp_path / "s"), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    zh = script("gaps", "--chainz", "x")
    assert zh.returncode == 2
    assert "用法错误：没有选项 --chainz，是否应为 --chain？" in zh.stderr
    assert "chainatlas gaps --help" in zh.stderr
    en = script("gaps", "--chainz", "x", "--lang", "en")
    assert en.returncode == 2 and "No such option" in en.stderr and "用法" not in en.stderr
    bad = script("candidates", "--query", "隔膜", "--top", "abc")
    assert bad.returncode == 2 and "'abc' 不是整数" in bad.stderr
    ok = script("stats", "--json")
    assert ok.returncode == 0, ok.stderr
