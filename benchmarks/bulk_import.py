"""Neo4j's own bulk importer, as the benchmark times it: the product's code (``chainatlas.graph.neo4j.bulk``)
in two steps, the CSV files (merged as ``Neo4jStore.write`` merges) and then the importer.

``chainatlas.graph.neo4j.bulk.bulk_load`` does both and then builds the schema; the benchmark starts the
server and builds the schema itself, so it can report each time apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chainatlas.graph.model import Atlas
from chainatlas.graph.neo4j.bulk import ADMIN_CLASS, import_files
from chainatlas.graph.neo4j.bulk_csv import ImportFiles
from chainatlas.graph.neo4j.bulk_merge import write_import_files

__all__ = ["CsvSet", "write_csvs", "run_import", "ImportResult", "ADMIN_CLASS"]

CsvSet = ImportFiles


@dataclass
class ImportResult:
    seconds: float


def write_csvs(batches: Iterable[Atlas], folder: Path) -> ImportFiles:
    """The importer's input for these batches (``chainatlas.graph.neo4j.bulk_merge.write_import_files``)."""
    return write_import_files(batches, folder)


def run_import(csvs: ImportFiles, data_dir: Path, *, version: str | None = None) -> ImportResult:
    """Import into the empty ``data_dir`` (no server may run on it); no schema is built."""
    return ImportResult(import_files(csvs, data_dir, version=version))
