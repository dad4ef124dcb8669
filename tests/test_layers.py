"""The package's layers only look down (DESIGN.md, "The shape"):

    surface (chainatlas/) → queries/ → graph/        surface → loaders/ → graph/ (model, errors)

Every import of every module (top level and inside functions, absolute and relative) is read
from the source and checked; a layer that imports one above it, or a folder imported under a
name of its own (``import queries``), fails here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: what each layer may import of chainatlas (prefixes); the surface may import everything
ALLOWED: dict[str, tuple[str, ...]] = {
    "chainatlas.graph": ("chainatlas.graph",),
    # the merge rules are pure functions of records (a file may report one project twice)
    "chainatlas.loaders": (
        "chainatlas.loaders",
        "chainatlas.graph.model",
        "chainatlas.graph.errors",
        "chainatlas.graph.merge",
    ),
    "chainatlas.queries": (
        "chainatlas.queries",
        "chainatlas.graph.model",
        "chainatlas.graph.errors",
        "chainatlas.graph.store",
        "chainatlas.graph.cached",
        "chainatlas.graph.merge",
        "chainatlas.graph.name_search",
    ),
    "chainatlas.data": (),
}


def _package_dirs() -> dict[str, str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(config["tool"]["setuptools"]["package-dir"])


def _modules() -> list[tuple[str, Path]]:
    """Every module of the package with its dotted name, as the build lays it out."""
    out = []
    for package, folder in _package_dirs().items():
        base = ROOT / folder
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(base).with_suffix("").parts
            if package == "chainatlas" and rel[0] in {"graph", "loaders", "queries", "data"}:
                continue
            parts = [*package.split("."), *rel]
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out.append((".".join(parts), path))
    return out


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every chainatlas import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            # ``from chainatlas.graph import errors`` imports the module chainatlas.graph.errors
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "chainatlas"]


def _layer(module: str) -> str:
    for layer in ALLOWED:
        if module == layer or module.startswith(layer + "."):
            return layer
    return "chainatlas"


def test_every_layer_folder_is_a_module_of_the_package() -> None:
    names = {name for name, _ in _modules()}
    assert {
        "chainatlas.graph.model",
        "chainatlas.loaders.chains",
        "chainatlas.queries.gaps",
    } <= names
    assert {"chainatlas.graph.embedded.store", "chainatlas.graph.neo4j.store"} <= names
    # no symlinks stand in for the layers
    assert not any(p.is_symlink() for p in (ROOT / "chainatlas").iterdir())


def test_imports_only_look_down() -> None:
    upward = []
    for module, path in _modules():
        layer = _layer(module)
        if layer == "chainatlas":
            continue
        for line, name in _imports(module, path):
            # ``from chainatlas.graph import X`` may name a module or an attribute of the package
            if not any(name == a or name.startswith(a + ".") for a in ALLOWED[layer]):
                owner = name.rpartition(".")[0]
                if not any(owner == a or owner.startswith(a + ".") for a in ALLOWED[layer]):
                    upward.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not upward, "imports that look up or sideways:\n" + "\n".join(upward)


def test_queries_and_loaders_do_not_reach_into_a_store_engine() -> None:
    engines = ("chainatlas.graph.embedded", "chainatlas.graph.neo4j")
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for module, path in _modules()
        if _layer(module) in {"chainatlas.queries", "chainatlas.loaders"}
        for line, name in _imports(module, path)
        if name.startswith(engines)
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("folder", ["graph", "loaders", "queries", "data"])
def test_a_layer_folder_cannot_be_imported_under_its_own_name(folder: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", f"import {folder}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert f"import chainatlas.{folder}, not {folder}" in proc.stderr


def test_the_public_api_names_resolve() -> None:
    import chainatlas

    missing = [n for n in chainatlas.__all__ if getattr(chainatlas, n, None) is None]
    assert not missing
    for name in ("open_store", "load_paths", "find_gaps", "find_candidates", "ChainAtlasError"):
        assert name in chainatlas.__all__


def test_importing_a_layer_does_not_load_the_layers_above_it() -> None:
    code = (
        "import sys, chainatlas.graph.model, chainatlas.graph.store;"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('chainatlas'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = proc.stdout.split()
    above = [m for m in loaded if m.startswith(("chainatlas.loaders", "chainatlas.queries"))]
    above += [
        m for m in loaded if m in {"chainatlas.cli", "chainatlas.api", "chainatlas.questions"}
    ]
    assert not above, f"importing the model loaded {above}"


MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def test_modules_are_small_and_functions_short() -> None:
    """STYLE.md rule 9, as issue 14 set it: no module over 500 lines, no function over 80."""
    long = []
    for _, path in _modules():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    assert not long, "split these:\n" + "\n".join(long)
