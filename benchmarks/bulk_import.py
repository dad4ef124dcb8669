"""Neo4j's own bulk importer (``neo4j-admin database import full``) on an empty database.

The importer ships in the same Maven artifacts the local server uses: ``neo4j-import-tool``
(``org.neo4j.importer.ImportCommand``) is a sub-command of ``org.neo4j.cli.AdminTool`` in
``neo4j-command-line``. It writes the store files directly (no transactions, no Bolt), so it is
the physical limit a loader can be compared with. Here the records are written as the CSV files
the importer reads (one file per label or relationship type, header inline), the importer runs
into ``DATA_DIR/data/databases/neo4j`` (the layout the chainatlas launcher serves), and the
server is then started on it; the importer builds no indexes, so ``Neo4jStore`` creates the
schema afterwards and that time is reported separately.
"""

from __future__ import annotations

import csv
import os
import subprocess
import time
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from chainatlas import neo4j_server as srv
from chainatlas.graph.cypher import NODE_KEYS
from chainatlas.graph.model import Atlas, Industry, NodeLabel, RelType
from chainatlas.graph.neo4j_store import _nested_fields, to_props

__all__ = ["CsvSet", "write_csvs", "run_import", "ImportResult", "ADMIN_CLASS"]

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
L, R = NodeLabel, RelType
ARRAY_DELIMITER = "\x1f"  # unit separator: never inside a name, unlike ';'
_UnionType = type(int | None)


def _csv_type(cls: type[BaseModel], name: str) -> str:
    ann = cls.model_fields[name].annotation
    if name in _nested_fields(cls):
        return "string"
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    base = args[0] if typing.get_origin(ann) in (typing.Union, _UnionType) and args else ann
    if typing.get_origin(base) is list:
        return "string[]"
    if base is float:
        return "double"
    if base is int:
        return "long"
    if base is bool:
        return "boolean"
    return "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class _File:
    path: Path
    fh: IO[str]
    writer: Any
    columns: list[str]


@dataclass
class CsvSet:
    """The CSV files of one import: ``--nodes=Label=file`` and ``--relationships=TYPE=file``."""

    folder: Path
    nodes: dict[str, _File] = field(default_factory=dict)
    rels: dict[str, _File] = field(default_factory=dict)
    rows: int = 0

    def _open(
        self, table: dict[str, _File], name: str, header: list[str], columns: list[str]
    ) -> _File:
        if name not in table:
            path = self.folder / f"{name.replace(':', '_')}.csv"
            fh = path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(fh)
            writer.writerow(header)
            table[name] = _File(path, fh, writer, columns)
        return table[name]

    def node(self, label: NodeLabel, rec: BaseModel) -> None:
        cls = type(rec)
        key = NODE_KEYS[label]
        cols = [n for n in cls.model_fields if n != key]
        header = [f"{key}:ID({label.value})"] + [f"{n}:{_csv_type(cls, n)}" for n in cols]
        f = self._open(self.nodes, label.value, header, cols)
        props = to_props(rec)
        f.writer.writerow([props[key]] + [_cell(props.get(n)) for n in cols])
        self.rows += 1

    def edge(
        self,
        rel: RelType,
        src: NodeLabel,
        dst: NodeLabel,
        a: str,
        b: str,
        rec: BaseModel | None = None,
    ) -> None:
        cls = type(rec) if rec is not None else None
        cols = list(cls.model_fields) if cls is not None else []
        name = f"{rel.value}:{src.value}:{dst.value}"
        header = [f":START_ID({src.value})", f":END_ID({dst.value})"]
        header += [f"{n}:{_csv_type(cls, n)}" for n in cols] if cls is not None else []
        f = self._open(self.rels, name, header, cols)
        props = to_props(rec) if rec is not None else {}
        f.writer.writerow([a, b] + [_cell(props.get(n)) for n in cols])
        self.rows += 1

    def close(self) -> None:
        for f in (*self.nodes.values(), *self.rels.values()):
            f.fh.close()

    def arguments(self) -> list[str]:
        args = [f"--nodes={name}={f.path}" for name, f in self.nodes.items()]
        args += [f"--relationships={name.split(':')[0]}={f.path}" for name, f in self.rels.items()]
        return args


def write_csvs(batches: Iterable[Atlas], folder: Path) -> CsvSet:
    """The importer's input for these batches (the record kinds the synthetic atlas has)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = CsvSet(folder)
    codes: set[str] = set()
    try:
        for atlas in batches:
            for r in atlas.regions:
                out.node(L.REGION, r)
            for c in atlas.chains:
                out.node(L.CHAIN, c)
            for s in atlas.segments:
                out.node(L.SEGMENT, s)
                for cid in s.chain_ids:
                    out.edge(R.PART_OF, L.SEGMENT, L.CHAIN, s.id, cid)
                if s.parent:
                    out.edge(R.PART_OF, L.SEGMENT, L.SEGMENT, s.id, s.parent)
                for code in s.gbt_codes:
                    if code not in codes:
                        codes.add(code)
                        out.node(L.INDUSTRY, Industry(code=code, scheme="gbt4754"))
                    out.edge(R.CLASSIFIED_AS, L.SEGMENT, L.INDUSTRY, s.id, code)
            for lk in atlas.links:
                out.edge(R.FEEDS, L.SEGMENT, L.SEGMENT, lk.from_id, lk.to_id, lk)
            for w in atlas.weak_links:
                out.node(L.WEAK_LINK, w)
                out.edge(R.AT, L.WEAK_LINK, L.SEGMENT, w.id, w.segment_id)
            for e in atlas.enterprises:
                out.node(L.ENTERPRISE, e)
            for cap in atlas.capabilities:
                out.edge(
                    R.CAN_SUPPLY, L.ENTERPRISE, L.SEGMENT, cap.enterprise_id, cap.segment_id, cap
                )
            for p in atlas.presences:
                out.edge(R.LOCATED_IN, L.ENTERPRISE, L.REGION, p.enterprise_id, p.region_code, p)
            for t in atlas.supply_ties:
                out.edge(R.SUPPLIES, L.ENTERPRISE, L.ENTERPRISE, t.from_id, t.to_id, t)
    finally:
        out.close()
    return out


@dataclass
class ImportResult:
    seconds: float
    command: list[str]
    output: str


def import_command(csvs: CsvSet, *, version: str | None = None, heap: str = "1g") -> list[str]:
    """``java … org.neo4j.cli.AdminTool database import full …`` with the server's JVM flags."""
    ver = srv.default_version() if version is None else version
    lib = srv.lib_dir(ver)
    base = srv.java_command(Path("."), 0, version=ver, lib=lib)
    cp = base.index("-cp")
    jvm = [a for a in base[1:cp] if not a.startswith(("-Xmx", "-Xms"))]
    return [
        base[0],
        f"-Xmx{heap}",
        *jvm,
        "-cp",
        f"{lib / '*'}",
        ADMIN_CLASS,
        "database",
        "import",
        "full",
        *csvs.arguments(),
        f"--array-delimiter={ARRAY_DELIMITER}",
        "--overwrite-destination=true",
        "neo4j",
    ]


def run_import(csvs: CsvSet, data_dir: Path, *, version: str | None = None) -> ImportResult:
    """Import into ``data_dir`` (which must not be served by a running server)."""
    data_dir = data_dir.resolve()
    (data_dir / "conf").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_HOME": str(data_dir), "NEO4J_CONF": str(data_dir / "conf")}
    cmd = import_command(csvs, version=version)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=data_dir, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0:
        raise RuntimeError(
            f"neo4j-admin database import full failed (exit {proc.returncode}):\n{output[-3000:]}"
        )
    return ImportResult(seconds, cmd, output)
