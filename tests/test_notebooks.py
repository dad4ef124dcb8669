"""The notebooks run top to bottom on the sample atlas, so a stale notebook fails the build.

Each runs in a fresh python3 kernel (this interpreter's ipykernel) with ``CHAINATLAS_STORE``
pointing at a store loaded with the sample atlas, in its own working folder, through
tools/notebooks.py (what ``make demo`` runs); the executed copy is rendered as the page
``make demo`` writes to out/notebooks/.
"""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from chainatlas.graph.embedded.store import NetworkXStore

from chainatlas.api import load_sample
from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REQUIRED = {"01-find-gaps", "02-target-list", "03-explore-graph"}


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notebooks_tool", ROOT / "tools" / "notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notebook-store") / "store"
    store = NetworkXStore(path)
    load_sample(store)
    store.close()
    return path


def test_the_three_walkthroughs_exist() -> None:
    assert REQUIRED <= {p.stem for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert [(c.outputs, c.execution_count) for c in code] == [([], None)] * len(code)
    assert nb.metadata.kernelspec.name == "python3"


def test_notebooks_speak_to_planners_in_chinese_with_english_beside() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in (c for c in nb.cells if c.cell_type == "markdown"):
            assert re.search(r"[\u4e00-\u9fff]", cell.source), (path.stem, cell.source[:40])
            assert re.search(r"[A-Za-z]{4,} [a-z]{2,}", cell.source), (path.stem, cell.source[:40])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(
    path: Path, sample_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINATLAS_STORE", str(sample_store_path))
    tool = _tool()
    nb = tool.execute(path, tmp_path)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    frames = [
        o["data"]["text/html"]
        for o in outputs
        if o.output_type in ("display_data", "execute_result") and "text/html" in o.get("data", {})
    ]
    if "explore" in path.stem or "gaps" in path.stem:
        assert any("<iframe srcdoc=" in html for html in frames), "the explorer is shown inline"
        assert all('sandbox="allow-scripts"' in h for h in frames if "<iframe srcdoc=" in h)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].outputs, "the setup cell answers"
    page = tool.render_html(nb, path.stem)
    parser = HTMLParser()
    parser.feed(page)  # parses
    assert page.count('<pre class="code">') == len(code)
    assert page.count('class="out"') >= len([c for c in code if c.outputs])
    if "explore" not in path.stem:
        assert "<table>" in page  # the gap table, the target list: shown as tables
    if "target" in path.stem:
        assert "得分" in page
        assert (tmp_path / "out" / "targets-battery-ev.xlsx").stat().st_size > 0
        henan = next(o for c in code if "henan_only" in c.source for o in c.outputs)
        assert "多氟多" in henan["text"] or "洛阳钼业" in henan["text"]  # the filter finds firms
