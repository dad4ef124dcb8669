"""Type-check the one package ``chainatlas`` as a wheel lays it out.

The layers live in the owner's top-level folders (``graph/``, ``loaders/``, ``queries/``,
``data/``) and become ``chainatlas.graph`` … through setuptools' ``package-dir``; mypy does not
run the editable install's import hook, so this script lays the package out as a wheel would
(a tree of links under ``build/typecheck/``, read from ``pyproject.toml``), runs
``mypy -p chainatlas`` there and prints the findings with the repository's own paths.

    python tools/typecheck.py [MYPY_ARGS...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def package_dirs() -> dict[str, str]:
    """``{"chainatlas.graph": "graph", …}`` from ``[tool.setuptools] package-dir``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(config["tool"]["setuptools"]["package-dir"])


def lay_out(dirs: dict[str, str]) -> None:
    """``build/typecheck/chainatlas/...``: each package-dir linked where the wheel puts it."""
    shutil.rmtree(TREE, ignore_errors=True)
    top = TREE / "chainatlas"
    top.mkdir(parents=True)
    for entry in (ROOT / dirs["chainatlas"]).iterdir():
        if entry.name != "__pycache__":
            (top / entry.name).symlink_to(entry)
    for package, folder in dirs.items():
        if package != "chainatlas":
            target = TREE.joinpath(*package.split("."))
            target.symlink_to(ROOT / folder, target_is_directory=True)


def main(argv: list[str]) -> int:
    dirs = package_dirs()
    lay_out(dirs)
    cmd = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(ROOT / "pyproject.toml"),
        "--cache-dir",
        str(ROOT / ".mypy_cache"),
        "-p",
        "chainatlas",
        *argv,
    ]
    proc = subprocess.run(cmd, cwd=TREE, capture_output=True, text=True, check=False)
    # chainatlas/graph/model.py:3: … → graph/model.py:3: … (longest package first)
    renames = sorted(dirs.items(), key=lambda kv: -len(kv[0]))
    for line in (proc.stdout + proc.stderr).splitlines():
        for package, folder in renames:
            prefix = package.replace(".", "/") + "/"
            if line.startswith(prefix):
                line = folder + "/" + line[len(prefix) :]
                break
        print(line)
    return proc.returncode


if __name__ == "__main__":
    os.environ.setdefault("MYPY_FORCE_COLOR", "0")
    sys.exit(main(sys.argv[1:]))
