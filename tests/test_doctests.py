"""The examples in the package's docstrings hold (they are documentation users read)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import chainatlas

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(chainatlas.__path__, "chainatlas.") if not m.ispkg
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} fail"


def test_the_examples_are_found() -> None:
    from chainatlas.queries import resolve

    assert doctest.testmod(resolve).attempted >= 5
