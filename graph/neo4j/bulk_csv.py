"""The Neo4j importer's CSV files: one per node label, one per relationship type and label pair.

``neo4j-admin database import full`` reads the column names and types from each file's header.
Cells are written so the importer stores what ``Neo4jStore`` stores (``to_props``): strings
always quoted (a quoted empty string stays an empty string; an empty unquoted cell is no
property), floats as Java reads them (``NaN``, ``Infinity``), lists joined by
:data:`ARRAY_DELIMITER`. An empty list becomes no property, since the importer cannot store an
empty array; the record reads back the same (the field's default is the empty list).

A :class:`CsvTable` keeps one row per key: writing a key again marks the earlier row dead, and
closing the file cuts the dead rows out. Rows go to disk as they come; memory holds each key
with its row number, and each row's offset.
"""

from __future__ import annotations

import math
import os
import types
import typing
from array import array
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from ..errors import ImportInputError
from ..model import NodeLabel, RelType

__all__ = [
    "ARRAY_DELIMITER",
    "ImportInputError",
    "Layout",
    "CsvTable",
    "ImportFiles",
    "column_type",
]

#: Separates the items of a list property (the unit separator: never part of a name).
ARRAY_DELIMITER = "\x1f"


# -- columns and cells ----------------------------------------------------------------------------
def column_type(cls: type[BaseModel], name: str) -> str:
    """The importer's type of a field, as ``to_props`` stores it (lists of models: JSON text)."""
    ann = cls.model_fields[name].annotation
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        ann = args[0] if len(args) == 1 else str
    if typing.get_origin(ann) is list:
        (item,) = typing.get_args(ann) or (str,)
        return "string" if isinstance(item, type) and issubclass(item, BaseModel) else "string[]"
    if ann is bool:
        return "boolean"
    if ann is int:
        return "long"
    if ann is float:
        return "double"
    return "string"


def _text(value: Any) -> str:
    return '"' + str(value).replace('"', '""') + '"'


def _double(value: Any) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def _array(value: Any) -> str:
    for item in value:
        if ARRAY_DELIMITER in str(item):
            raise ImportInputError(
                f"list item {item!r} contains the control character U+001F, which the bulk "
                "import uses between list items; remove it or load with plain `chainatlas load`"
            )
    return _text(ARRAY_DELIMITER.join(str(v) for v in value)) if value else ""


CELL: dict[str, Callable[[Any], str]] = {
    "string": _text,
    "string[]": _array,
    "double": _double,
    "long": lambda v: str(int(v)),
    "boolean": lambda v: "true" if v else "false",
}


@dataclass(frozen=True)
class Layout:
    """The columns of one file after its key column(s): property names and cell formatters."""

    names: tuple[str, ...]
    #: per column, how a value becomes a cell; None: a string, quoted (the common case, inlined)
    cells: tuple[Callable[[Any], str] | None, ...]
    header: tuple[str, ...]

    @classmethod
    def of(
        cls,
        record: type[BaseModel] | None,
        skip: str = "",
        extra: tuple[str, ...] = (),
        extra_lists: tuple[str, ...] = (),
    ) -> Layout:
        names = [n for n in (record.model_fields if record else ()) if n != skip]
        types_ = [column_type(record, n) for n in names] if record else []
        names += [*extra, *extra_lists]
        types_ += ["string"] * len(extra) + ["string[]"] * len(extra_lists)
        return cls(
            tuple(names),
            tuple(None if t == "string" else CELL[t] for t in types_),
            tuple(f"{n}:{t}" for n, t in zip(names, types_, strict=True)),
        )

    def row(self, keys: list[str], props: dict[str, Any]) -> str:
        """One CSV line: the key column(s), then each property (absent: an empty cell)."""
        cells = ['"' + k.replace('"', '""') + '"' for k in keys]
        for name, cell in zip(self.names, self.cells, strict=True):
            value = props.get(name)
            if value is None:
                cells.append("")
            elif cell is None and type(value) is str:
                cells.append('"' + value.replace('"', '""') + '"')
            else:
                cells.append((cell or _text)(value))
        return ",".join(cells) + "\n"


# -- one file -------------------------------------------------------------------------------------
class CsvTable:
    """One CSV file: a row per key, the last row written for a key being the one that stays."""

    def __init__(self, path: Path, header: str) -> None:
        self.path = path
        self.fh: IO[bytes] = path.open("wb")
        head = (header + "\n").encode("utf-8")
        self.fh.write(head)
        self.offset = len(head)
        self.starts = array("Q")
        self.index: dict[Hashable, int] = {}
        self.dead: set[int] = set()
        self.live = 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self.index

    def put(self, key: Hashable, line: str) -> None:
        """Write ``line`` as the row of ``key`` (replacing an earlier row of the key)."""
        old = self.index.get(key)
        if old is not None:
            self.dead.add(old)
        self.index[key] = len(self.starts)
        data = line.encode("utf-8")
        self.starts.append(self.offset)
        self.fh.write(data)
        self.offset += len(data)

    @property
    def rows(self) -> int:
        """Rows that stay (all written rows less the replaced ones)."""
        return self.live if self.fh.closed else len(self.starts) - len(self.dead)

    def close(self) -> None:
        """Finish the file: cut the dead rows, free the keys."""
        self.live = self.rows
        self.fh.close()
        if self.dead:
            self._cut_dead_rows()
        self.index, self.starts, self.dead = {}, array("Q"), set()

    def _cut_dead_rows(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        with self.path.open("rb") as src, tmp.open("wb") as dst:
            pos = 0
            for row in sorted(self.dead):
                start = self.starts[row]
                end = self.starts[row + 1] if row + 1 < len(self.starts) else self.offset
                _copy(src, dst, pos, start - pos)
                pos = end
            _copy(src, dst, pos, self.offset - pos)
        tmp.replace(self.path)


def _copy(src: IO[bytes], dst: IO[bytes], start: int, length: int) -> None:
    src.seek(start)
    while length > 0:
        chunk = src.read(min(length, 1 << 20))
        if not chunk:
            break
        dst.write(chunk)
        length -= len(chunk)


# -- the result -----------------------------------------------------------------------------------
@dataclass
class ImportFiles:
    """The CSV files of one import and what they hold."""

    folder: Path
    nodes: list[tuple[NodeLabel, Path]] = field(default_factory=list)
    relationships: list[tuple[RelType, Path]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def arguments(self, cwd: Path | None = None) -> list[str]:
        """``--nodes=Label=file`` and ``--relationships=TYPE=file`` for the importer, the files
        relative to ``cwd`` when given (the importer splits a file list at commas)."""

        def where(path: Path) -> str:
            return os.path.relpath(path, cwd) if cwd is not None else str(path)

        args = [f"--nodes={label.value}={where(path)}" for label, path in self.nodes]
        args += [f"--relationships={rel.value}={where(p)}" for rel, p in self.relationships]
        for arg in args:
            if "," in arg:
                raise ImportInputError(
                    f"the Neo4j importer cannot read a file whose path has a comma: {arg}"
                )
        return args
