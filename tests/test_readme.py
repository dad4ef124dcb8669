"""The README cannot go stale: its Python runs, its commands exist, its quick start is real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainatlas.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [
        line.split("#")[0].strip()
        for b in re.findall(r"```bash\n(.*?)```", quick, re.S)
        for line in b.splitlines()
        if line.strip()
    ]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for block in _blocks("python"):
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README
    out = capsys.readouterr().out
    assert "separator" in out or "missing" in out or "weak" in out


def test_cli_commands_in_readme_exist() -> None:
    runner = CliRunner()
    cli_block = README.split("## The CLI", 1)[1].split("```", 2)[1]
    names = re.findall(r"^  ([a-z][a-z0-9-]*)", cli_block, re.M)
    assert names, "the CLI section lists no commands"
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, f"`chainatlas {name}` in the README does not exist"


def test_data_format_examples_load(tmp_path: Path) -> None:
    from chainatlas.loaders import detect_kind, parse_chain_map, read_file

    for block in _blocks("yaml"):
        report = parse_chain_map(block, file="README.md")
        assert report.ok, [str(p) for p in report.problems]
    kinds = []
    for i, block in enumerate(_blocks("csv")):
        path = tmp_path / f"example{i}.csv"
        path.write_text(block, encoding="utf-8")
        kind = detect_kind(path)
        kinds.append(kind)
        report = read_file(path, kind, None)
        assert report.ok, [str(p) for p in report.problems]
    assert kinds == ["enterprises", "weak_links", "projects"]
