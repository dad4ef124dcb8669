"""The examples in the package's docstrings hold (they are documentation users read)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import chainatlas.graph
import chainatlas.loaders
import chainatlas.queries
import pytest

import chainatlas

#: every module of the package: the layers live in folders of their own (package-dir), so
#: each layer's package is walked, not only the surface's folder
MODULES = sorted(
    {
        m.name
        for package in (chainatlas, chainatlas.graph, chainatlas.loaders, chainatlas.queries)
        for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if not m.ispkg
    }
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} fail"


def test_every_layer_is_walked() -> None:
    layers = {name.split(".")[1] for name in MODULES}
    assert {"graph", "loaders", "queries", "cli"} <= layers


def test_the_examples_are_found() -> None:
    from chainatlas.queries import resolve

    assert doctest.testmod(resolve).attempted >= 5
