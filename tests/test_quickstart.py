"""The README's quick start, run as a new user would: `make demo` in a fresh copy."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from openpyxl import load_workbook

from tests.conftest import ROOT, require


def _project_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        f for f in out.stdout.splitlines() if f and ((ROOT / f).exists() or (ROOT / f).is_symlink())
    ]


def _fresh_copy(dest: Path) -> Path:
    for rel in _project_files():
        src, dst = ROOT / rel, dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        elif src.is_file():
            shutil.copy2(src, dst)
    return dest


@pytest.mark.slow
def test_make_demo_on_a_fresh_copy(tmp_path: Path) -> None:
    require(shutil.which("make") is not None and (ROOT / ".git").exists(), "needs make and git")
    proj = _fresh_copy(tmp_path / "chainatlas")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "CHAINATLAS_"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    first = subprocess.run(
        ["make", "demo"], cwd=proj, env=env, capture_output=True, text=True, timeout=1200
    )
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    out = proj / "out"
    explorers = ["explorer-battery-ev.html", "explorer-coal-chemicals.html"]
    for name in ("gaps.csv", "targets.csv", "targets.xlsx", *explorers):
        assert (out / name).stat().st_size > 0, name
    with (out / "gaps.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["产业链"] for r in rows} == {
        "battery-ev",
        "refrigeration-electronics",
        "coal-chemicals",
    }
    assert {r["覆盖等级"] for r in rows} == {"强", "弱项", "缺项"}
    assert "battery-ev" in first.stdout and "缺项" in first.stdout
    lines = first.stdout.splitlines()
    assert "  chainatlas targets --chain battery-ev -o targets.xlsx" in lines  # one a line
    assert not [line for line in lines if "chainatlas" in line and " | " in line]
    assert "  .venv/bin/chainatlas --help" in lines and "  source .venv/bin/activate" in lines
    for nb in ("01-find-gaps", "02-target-list", "03-explore-graph"):
        page = (out / "notebooks" / f"{nb}.html").read_text(encoding="utf-8")
        assert '<pre class="code">' in page and 'class="out"' in page, nb
    wb = load_workbook(out / "targets.xlsx")
    assert wb.sheetnames[0] == "汇总" and wb.sheetnames[-1] == "说明"
    stats = NetworkXStore(proj / ".chainatlas").stats()
    second = subprocess.run(
        ["make", "demo"], cwd=proj, env=env, capture_output=True, text=True, timeout=600
    )
    assert second.returncode == 0, second.stderr[-3000:]
    assert NetworkXStore(proj / ".chainatlas").stats() == stats  # loading twice changes nothing


@pytest.mark.slow
def test_a_venv_of_another_python_is_rebuilt(tmp_path: Path) -> None:
    require(shutil.which("make") is not None, "needs make")
    proj = tmp_path / "p"
    (proj / ".venv" / "bin").mkdir(parents=True)
    shutil.copy2(ROOT / "Makefile", proj / "Makefile")
    (proj / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    old = proj / ".venv" / "bin" / "python"
    old.write_text("#!/bin/sh\necho 3.10\n", encoding="utf-8")  # what a 3.10 run left
    old.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    done = subprocess.run(
        ["make", "setup"], cwd=proj, env=env, capture_output=True, text=True, timeout=600
    )
    assert ".venv was made by another Python (or is broken): rebuilding it" in done.stdout
    assert (proj / ".venv" / "bin" / "python").resolve() != old  # a real interpreter now
