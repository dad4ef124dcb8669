"""The README's quick start, run as a new user would: `make demo` in a fresh copy."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore

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
    assert {r["chain"] for r in rows} == {
        "battery-ev",
        "refrigeration-electronics",
        "coal-chemicals",
    }
    assert {r["coverage_class"] for r in rows} == {"strong", "weak", "missing"}
    assert "battery-ev" in first.stdout and "missing" in first.stdout
    stats = NetworkXStore(proj / ".chainatlas").stats()
    second = subprocess.run(
        ["make", "demo"], cwd=proj, env=env, capture_output=True, text=True, timeout=600
    )
    assert second.returncode == 0, second.stderr[-3000:]
    assert NetworkXStore(proj / ".chainatlas").stats() == stats  # loading twice changes nothing
