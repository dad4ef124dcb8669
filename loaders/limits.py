"""Limits on what one input file may expand to, each overridable by an environment variable.

A file is small on disk but may expand: a zipped workbook to gigabytes of XML, a YAML anchor to
millions of characters, one cell to a 50 MB "name". Every reader checks these limits while it
reads and stops with one line naming the limit and the variable that raises it:

========================  =========  =========================================================
variable                  default    what it bounds
========================  =========  =========================================================
CHAINATLAS_MAX_FILE_MB    64         size of a table file on disk (chain maps: 8)
CHAINATLAS_MAX_ROWS       250000     data rows (or items) in one file
CHAINATLAS_MAX_CELLS      5000000    rows x columns of one table (XLSX: the declared size too)
CHAINATLAS_MAX_CELL_CHARS 10000      characters in one cell or YAML/JSON value
CHAINATLAS_MAX_DEPTH      40         nesting of JSON and YAML
CHAINATLAS_MAX_XLSX_MB    512        XML a workbook unzips to (all sheets and shared strings)
CHAINATLAS_MAX_PROBLEMS   100        errors listed (tables stop reading; YAML counts the rest)
CHAINATLAS_MAX_YAML_ITEMS 200000     values in one YAML file (PyYAML needs ~1 KB and ~20 us each)
========================  =========  =========================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from chainatlas.graph.errors import LoadError

__all__ = ["Limits", "limits", "ENV"]

ENV = {
    "file_mb": "CHAINATLAS_MAX_FILE_MB",
    "rows": "CHAINATLAS_MAX_ROWS",
    "cells": "CHAINATLAS_MAX_CELLS",
    "cell_chars": "CHAINATLAS_MAX_CELL_CHARS",
    "depth": "CHAINATLAS_MAX_DEPTH",
    "xlsx_mb": "CHAINATLAS_MAX_XLSX_MB",
    "problems": "CHAINATLAS_MAX_PROBLEMS",
    "yaml_items": "CHAINATLAS_MAX_YAML_ITEMS",
}


@dataclass(frozen=True)
class Limits:
    """The limits in force (``limits()`` reads them from the environment)."""

    file_mb: int = 64
    rows: int = 250_000
    cells: int = 5_000_000
    cell_chars: int = 10_000
    depth: int = 40
    xlsx_mb: int = 512
    problems: int = 100
    yaml_items: int = 200_000

    @property
    def file_bytes(self) -> int:
        return self.file_mb * 2**20

    @property
    def xlsx_bytes(self) -> int:
        return self.xlsx_mb * 2**20

    def hint(self, name: str) -> str:
        """How to raise limit ``name``: ``(set CHAINATLAS_MAX_ROWS to raise it)``."""
        return f"(set {ENV[name]} to raise it)"


def limits() -> Limits:
    """The limits, each from its environment variable when set (a whole number above 0).

    >>> import os; os.environ["CHAINATLAS_MAX_ROWS"] = "10"; limits().rows
    10
    >>> del os.environ["CHAINATLAS_MAX_ROWS"]; limits().rows
    250000
    """
    values: dict[str, int] = {}
    for name, var in ENV.items():
        raw = os.environ.get(var, "").strip()
        if not raw:
            continue
        try:
            number = int(raw.replace("_", "").replace(",", ""))
        except ValueError:
            number = 0
        if number <= 0:
            raise LoadError(f"{var}={raw!r} must be a whole number above 0; fix or unset it")
        values[name] = number
    return Limits(**values)
