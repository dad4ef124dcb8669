"""One rule for every command that writes: -o FILE writes its extension's format, a --format that
contradicts it is a one-line error, without -o the format is printed; XLSX cells are typed."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chainatlas.cli import app
from tests.cli_support import run, runner

#: every command that answers with a table or a document, with the arguments it needs
COMMANDS: dict[str, list[str]] = {
    "gaps": ["gaps", "--chain", "battery-ev"],
    "candidates": ["candidates", "--query", "隔膜", "-n", "5"],
    "targets": ["targets", "--chain", "battery-ev", "-n", "5"],
    "targets-all": ["targets", "--all", "-n", "3"],
    "stats": ["stats"],
    "soe": ["soe", "--industry", "汽车"],
    "clusters": ["clusters"],
    "cluster": ["clusters", "xx-refrigeration", "-n", "5"],
    "profile": ["profile", "宁德时代"],
    "quarterly": ["report", "quarterly", "--quarter", "2013Q2"],
}
#: answers of several tables with different columns: CSV cannot hold them
MULTI = {"cluster", "profile", "quarterly"}


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_extension_is_written_in_its_format(sample: Path, tmp_path: Path, name: str) -> None:
    args = COMMANDS[name]
    code, expected_json, err = run(sample, *args, "--json")
    assert code == 0, err
    for ext in ("csv", "xlsx", "md", "json", "html"):
        path = tmp_path / f"{name}.{ext}"
        code, out, err = run(sample, *args, "-o", str(path))
        if ext == "csv" and name in MULTI:
            assert code == 1 and not path.exists()
            assert err.startswith("错误：CSV 只能容纳一张表") and err.count("\n") == 1, err
            continue
        assert code == 0, (name, ext, err)
        assert out == f"已写入 {path}\n"
        if ext == "csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            assert len(rows) >= 2 and len({len(r) for r in rows}) == 1, name
        elif ext == "xlsx":
            wb = load_workbook(path)
            assert wb.sheetnames[-1] == "说明"
            notes = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True)}
            assert {"文件", "生成时间", "数据来源", "生成工具"} <= set(notes), notes
            first = wb[wb.sheetnames[0]]
            assert first.freeze_panes == "A2" and first.auto_filter.ref.startswith("A1:")
            cells = [c for ws in wb.worksheets[:-1] for r in ws.iter_rows(min_row=2) for c in r]
            if name != "soe":  # names only
                assert any(c.data_type == "n" and c.value is not None for c in cells), name
            assert not any(isinstance(c.value, str) and c.value[:2] in ("'-", "'+") for c in cells)
        elif ext == "md":
            assert path.read_text(encoding="utf-8").startswith("# ")
        elif ext == "json":
            assert json.loads(path.read_text(encoding="utf-8")) == json.loads(expected_json)
        else:
            parser = _Html()
            parser.feed(path.read_text(encoding="utf-8"))
            assert {"html", "table", "th", "td"} <= set(parser.tags) and "script" not in parser.tags


def test_a_format_that_contradicts_the_file_is_one_line_error(sample: Path, tmp_path: Path) -> None:
    for args in COMMANDS.values():
        path = tmp_path / "x.csv"
        code, out, err = run(sample, *args, "-o", str(path), "--format", "xlsx", "--lang", "en")
        assert (code, out) == (1, "")
        assert err == (
            f"error: --format xlsx contradicts -o {path} (a .csv file); drop --format or name "
            "the file .xlsx\n"
        )
        assert not path.exists()


def test_an_unknown_extension_names_the_allowed_ones(sample: Path, tmp_path: Path) -> None:
    for args in COMMANDS.values():
        path = tmp_path / "x.txt"
        code, _, err = run(sample, *args, "-o", str(path), "--lang", "en")
        assert code == 1 and not path.exists()
        assert err == (
            f"error: {path}: cannot write '.txt' files; name it with one of "
            ".csv, .xlsx, .md, .json, .html\n"
        )


def test_without_o_a_format_is_printed_by_every_command(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, args in COMMANDS.items():
        code, out, err = run(sample, *args, "-f", "md")
        assert code == 0 and out.startswith("# "), (name, err)
        code, out, _ = run(sample, *args, "-f", "html")
        assert code == 0 and out.startswith("<!doctype html>"), name
        code, out, _ = run(sample, *args, "-f", "json")
        assert code == 0 and json.loads(out) == json.loads(run(sample, *args, "--json")[1])
    assert list(tmp_path.iterdir()) == []  # nothing was written
    code, out, _ = run(sample, *COMMANDS["targets"], "-f", "xlsx")
    assert (code, out) == (0, "已写入 targets-battery-ev.xlsx\n")  # XLSX cannot be printed
    assert load_workbook(tmp_path / "targets-battery-ev.xlsx").sheetnames[0] == "电池与电动车"


def test_quarterly_xlsx_numbers_and_dates_are_typed(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.xlsx"
    assert run(sample, "report", "quarterly", "--quarter", "2013Q2", "-o", str(path))[0] == 0
    wb = load_workbook(path)
    stages = list(wb["分阶段"].iter_rows(values_only=True))
    assert stages[0] == ("阶段", "本季末", "上季末（2013Q1）", "增减")
    assert stages[1] == ("推介", 1, 6, -5)  # a number, shown as -5 (was the text "'-5")
    assert wb["分阶段"]["D2"].number_format == "+0;-0;0"
    money = [r[-1] for r in wb["责任单位分布"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, int | float) for v in money) and sum(money) > 100
    dates = [r[4] for r in wb["项目明细"].iter_rows(min_row=2, values_only=True)]
    assert dates and all(isinstance(d, datetime) for d in dates)
    assert wb["项目明细"]["E2"].number_format == "yyyy-mm-dd"
    notes = dict(wb["说明"].iter_rows(values_only=True))
    assert "2013Q2" in notes["文件"] and "90" in notes["停滞"]


def test_target_xlsx_notes_say_how_priority_and_score_are_computed(
    sample: Path, tmp_path: Path
) -> None:
    path = tmp_path / "t.xlsx"
    assert run(sample, *COMMANDS["targets"], "-o", str(path), "--lang", "en")[0] == 0
    wb = load_workbook(path)
    assert wb.sheetnames == ["电池与电动车", "Notes"]
    notes = dict(wb["Notes"].iter_rows(values_only=True))
    assert notes["Region"] == "新乡市 (410700)" and "battery-ev" in notes["Chains"]
    assert "priority = importance" in notes["Priority"]
    assert "Σ" in notes["Score"] and "fit" in notes["Score"]
    ws = wb["电池与电动车"]
    head = [c.value for c in ws[1]]
    assert ws.cell(2, head.index("score") + 1).data_type == "n"
    assert ws.cell(2, head.index("rank") + 1).value == 1
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKLM"]
    assert all(8 <= w <= 60 for w in widths) and max(widths) > min(widths)


def test_init_without_anything_to_set_and_a_review_file_not_csv(
    sample: Path, tmp_path: Path
) -> None:
    code, out, err = run(sample, "init", "--lang", "en")
    assert (code, out) == (0, "default language: en\n")
    try:
        assert run(sample, "init") == (2, "", "error: give --region CODE, --lang zh|en or both\n")
        code, _, err = run(sample, "import", "lists", str(tmp_path), "--review", "r.xlsx")
        assert (code, err) == (1, "error: --review writes CSV: name the file .csv\n")
    finally:
        assert run(sample, "init", "--lang", "zh")[0] == 0


def test_quiet_writes_the_file_and_says_nothing(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.xlsx"
    result = runner.invoke(app, ["--store", str(sample), "-q", *COMMANDS["gaps"], "-o", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert load_workbook(path).sheetnames == ["电池与电动车", "说明"]


def test_the_explorer_is_written_only_as_a_page(sample: Path, tmp_path: Path) -> None:
    for args, message in (
        (["-o", str(tmp_path / "m.csv")], f"{tmp_path / 'm.csv'}: the explorer is a web page"),
        (
            ["-o", str(tmp_path / "m.html"), "--png", str(tmp_path / "m.jpg")],
            f"{tmp_path / 'm.jpg'}: --png writes a PNG picture; name it .png",
        ),
    ):
        code, _, err = run(sample, "explore", "--chain", "battery-ev", *args, "--lang", "en")
        assert code == 1 and err.startswith(f"error: {message}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
