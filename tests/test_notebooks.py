"""The notebooks run top to bottom on the sample atlas, so a stale notebook fails the build.

Each runs in a fresh python3 kernel (this interpreter's ipykernel) with ``CHAINATLAS_STORE``
pointing at a store loaded with the sample atlas, in its own working folder.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from nbclient import NotebookClient

from chainatlas.api import load_sample
from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REQUIRED = {"01-find-gaps", "02-target-list", "03-explore-graph"}


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(
    path: Path, sample_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINATLAS_STORE", str(sample_store_path))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
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
