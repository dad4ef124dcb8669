"""The wheel holds the one package as the layers lay it out: every module of every layer
folder, the sample data and the explorer's assets, and it works installed outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"] + ["-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("chainatlas-*.whl")
    return found


def _expected() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dirs: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    layer_folders = {folder for package, folder in dirs.items() if package != "chainatlas"}
    names = set()
    for package, folder in dirs.items():
        for path in (ROOT / folder).rglob("*"):
            rel = path.relative_to(ROOT / folder)
            if package == "chainatlas" and rel.parts[0] in layer_folders:
                continue
            if path.suffix in {".py", ".yaml", ".csv", ".css", ".js", ".html"}:
                if "__pycache__" not in rel.parts:
                    names.add("/".join([*package.split("."), *rel.parts]))
    return names


def test_the_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_expected() - names)
    assert not missing, f"not in the wheel (add the package to pyproject.toml): {missing}"
    assert "chainatlas/py.typed" in names
    assert not any(n.startswith(("graph/", "loaders/", "queries/", "data/")) for n in names)


def test_the_installed_wheel_answers_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target)]
        + [str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import chainatlas, chainatlas.queries, chainatlas.graph.embedded.store as s;"
        "from chainatlas.api import sample_paths;"
        "print(chainatlas.queries.__file__); print(len(sample_paths()))"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    where, count = proc.stdout.split()
    assert where.startswith(str(target))
    assert int(count) >= 8
