"""Property tests for every parser: any input gives a ``LoadReport`` or a ``LoadError``, never
another exception. Bounded to 200 examples per test; in CI (``CI=true``) the examples are
derandomized so a run is repeatable.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from chainatlas.graph.errors import LoadError
from chainatlas.loaders import (
    LoadContext,
    LoadReport,
    detect_kind,
    parse_chain_map,
    read_enterprises,
    read_regions,
    read_weak_links,
)
from chainatlas.loaders.chains import read_chain_map
from chainatlas.loaders.enterprises import ENTERPRISE_HEADERS
from chainatlas.loaders.regions import REGION_HEADERS
from chainatlas.loaders.tabular import iter_rows
from chainatlas.loaders.weak_links import WEAK_LINK_HEADERS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.conftest import IN_CI

settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    settings.load_profile("ci")

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# cells a planner's file can hold: Chinese and ASCII text, numbers, separators, quotes, junk
WORDS = st.sampled_from(
    [
        "",
        "隔膜",
        "cells",
        "cells:0.5",
        "separator;cells",
        "410700",
        "990000",
        "91350100M000100Y43",
        "91350100M000100Y44",
        "2013-04-19",
        "2013年13月1日",
        "1e400",
        "nan",
        "-5",
        "缺项",
        "weak",
        "迷你电池链",
        "mini-battery",
        "fortune_global500:2025:x",
        "[/red]",
        '"',
        "=cmd",
        "\x00",
        "\ufeff",
    ]
)
CELL = st.one_of(WORDS, st.text(max_size=12))
CELL_VALUE = st.one_of(
    CELL,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
JSON_VALUE = st.recursive(
    CELL_VALUE, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CELL, inner, max_size=3)
)
HEADERS = st.sampled_from(
    sorted(
        {
            *ENTERPRISE_HEADERS,
            *ENTERPRISE_HEADERS.values(),
            *WEAK_LINK_HEADERS,
            *WEAK_LINK_HEADERS.values(),
            *REGION_HEADERS,
            *REGION_HEADERS.values(),
            "id",
            "name",
            "segments",
            "hq_region",
            "plants",
        }
    )
)


def ctx() -> LoadContext:
    from chainatlas.graph.model import Chain, Segment, Tier

    c = LoadContext()
    c.chains["mini-battery"] = Chain(id="mini-battery", name_zh="迷你电池链")
    for sid, name in (("cells", "锂离子电池"), ("separator", "隔膜")):
        c.segments[sid] = Segment(
            id=sid, name_zh=name, tier=Tier.MIDSTREAM, chain_ids=["mini-battery"]
        )
    return c


READERS: dict[str, Callable[[Path], LoadReport[Any]]] = {
    "enterprises": lambda p: read_enterprises(p, ctx()),
    "weak_links": lambda p: read_weak_links(p, ctx()),
    "regions": read_regions,
}


def survives(call: Callable[[], Any]) -> Any:
    """Run a parser: a LoadReport whose problems are well formed, or a LoadError."""
    try:
        result = call()
    except LoadError as exc:
        assert str(exc)
        return exc
    if isinstance(result, LoadReport):
        for p in result.problems:
            assert p.kind and p.message and p.file
        assert result.ok == (not result.errors)
        if not result.ok:
            assert not result.valid
    return result


def in_tmp(name: str, data: bytes, check: Callable[[Path], Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        check(path)


def csv_text(header: list[str], rows: list[list[str]], sep: str) -> str:
    def quote(cell: str) -> str:
        return cell  # unquoted on purpose: stray quotes and separators are part of the fuzz

    return "\n".join(sep.join(quote(c) for c in line) for line in [header, *rows])


# -- chain YAML ------------------------------------------------------------------------------


@BOUNDED
@given(st.text(max_size=400))
def test_parse_chain_map_any_text(text: str) -> None:
    survives(lambda: parse_chain_map(text))


YAML_SCALAR = st.one_of(CELL, st.integers(), st.booleans(), st.none(), st.just("2026-13-45"))
SEGMENT = st.dictionaries(
    st.sampled_from(
        ["id", "name_zh", "tier", "parent", "aliases", "gbt_codes", "importance", "x", "__line__"]
    ),
    st.one_of(YAML_SCALAR, st.lists(YAML_SCALAR, max_size=3)),
    max_size=7,
)


@BOUNDED
@given(
    st.dictionaries(st.sampled_from(["id", "name_zh", "as_of", "source"]), YAML_SCALAR),
    st.lists(st.one_of(SEGMENT, YAML_SCALAR), max_size=5),
    st.lists(st.dictionaries(st.sampled_from(["from", "to", "kind"]), YAML_SCALAR), max_size=4),
)
def test_parse_chain_map_structured(chain: dict, segments: list, links: list) -> None:  # type: ignore[type-arg]
    # JSON is YAML: a structurally plausible map with wrong types, ids and references
    text = json.dumps({"chain": chain, "segments": segments, "links": links}, ensure_ascii=False)
    survives(lambda: parse_chain_map(text))


@BOUNDED
@given(st.binary(max_size=300))
def test_read_chain_map_any_bytes(data: bytes) -> None:
    in_tmp("c.yaml", data, lambda p: survives(lambda: read_chain_map(p)))


# -- tables ------------------------------------------------------------------------------------


@BOUNDED
@given(
    st.sampled_from(sorted(READERS)),
    st.lists(HEADERS, min_size=1, max_size=6),
    st.lists(st.lists(CELL, max_size=7), max_size=5),
    st.sampled_from([",", "\t", ";"]),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_csv_readers(kind: str, header: list, rows: list, sep: str, enc: str) -> None:  # type: ignore[type-arg]
    data = csv_text(header, rows, sep).encode(enc, errors="replace")
    in_tmp("t.csv", data, lambda p: survives(lambda: READERS[kind](p)))


@BOUNDED
@given(st.sampled_from(sorted(READERS)), st.binary(max_size=300))
def test_csv_readers_any_bytes(kind: str, data: bytes) -> None:
    in_tmp("t.csv", data, lambda p: survives(lambda: READERS[kind](p)))


@BOUNDED
@given(
    st.sampled_from(sorted(READERS)),
    st.lists(st.dictionaries(HEADERS, JSON_VALUE, max_size=6) | JSON_VALUE, max_size=5),
    st.booleans(),
)
def test_json_readers(kind: str, items: list, as_lines: bool) -> None:  # type: ignore[type-arg]
    if as_lines:
        text, name = "\n".join(json.dumps(i, ensure_ascii=False) for i in items), "t.jsonl"
    else:
        text, name = json.dumps(items, ensure_ascii=False), "t.json"
    in_tmp(name, text.encode(), lambda p: survives(lambda: READERS[kind](p)))


@BOUNDED
@given(
    st.sampled_from(sorted(READERS)), st.text(max_size=300), st.sampled_from([".json", ".jsonl"])
)
def test_json_readers_any_text(kind: str, text: str, suffix: str) -> None:
    in_tmp("t" + suffix, text.encode(), lambda p: survives(lambda: READERS[kind](p)))


def xlsx_bytes(sheets: list[list[list[Any]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for n, rows in enumerate(sheets):
        ws = wb.create_sheet(f"s{n}")
        for row in rows:
            ws.append([_xlsx_safe(c) for c in row])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_safe(value: Any) -> Any:
    if isinstance(value, str):  # XML cannot hold control characters; openpyxl refuses them
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, float) and abs(value) == float("inf"):
        return str(value)
    if isinstance(value, int) and abs(value) > 2**53:
        return str(value)
    return value


XLSX_SHEET = st.lists(st.lists(st.one_of(HEADERS, CELL_VALUE), max_size=6), max_size=6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(READERS)), st.lists(XLSX_SHEET, min_size=1, max_size=3))
def test_xlsx_readers(kind: str, sheets: list) -> None:  # type: ignore[type-arg]
    # 100, not 200: each example writes and reads a real workbook
    in_tmp("t.xlsx", xlsx_bytes(sheets), lambda p: survives(lambda: READERS[kind](p)))


@BOUNDED
@given(st.binary(max_size=300))
def test_xlsx_reader_any_bytes(data: bytes) -> None:
    in_tmp("t.xlsx", data, lambda p: survives(lambda: read_enterprises(p)))


@BOUNDED
@given(
    st.sampled_from([".csv", ".xlsx", ".json", ".jsonl", ".yaml", ".txt"]),
    st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
)
def test_detect_kind(suffix: str, data: bytes) -> None:
    def check(path: Path) -> None:
        kind = survives(lambda: detect_kind(path))
        assert isinstance(kind, LoadError) or kind in {
            "regions",
            "chain",
            "enterprises",
            "weak_links",
            "clusters",
            "projects",
            "profiles",
        }

    in_tmp("f" + suffix, data, check)


@BOUNDED
@given(
    st.sampled_from([".csv", ".json", ".jsonl", ".xlsx"]),
    st.binary(max_size=200),
    st.sampled_from([{"name"}, {"code", "name_zh"}, {"chain", "segment", "kind"}]),
)
def test_iter_rows(suffix: str, data: bytes, required: set[str]) -> None:
    def check(path: Path) -> None:
        report: LoadReport[Any] = LoadReport(file=str(path))
        rows = survives(lambda: list(iter_rows(path, report, {}, required)))
        if report.errors:
            assert all(p.kind for p in report.errors)
        else:
            assert rows and all(required <= set(r.values) for r in rows)

    in_tmp("f" + suffix, data, check)


# -- every kind, as Excel, WPS and Numbers save text (issue 17) --------------------------------
ALL_KINDS = ["enterprises", "weak_links", "regions", "clusters", "projects", "profiles"]


@BOUNDED
@given(
    st.sampled_from(ALL_KINDS),
    st.lists(HEADERS, min_size=1, max_size=5),
    st.lists(st.lists(CELL, max_size=6), max_size=5),
    st.sampled_from(["utf-16", "utf-8-sig", "gb18030", "utf-8"]),
    st.sampled_from(["\n", "\r", "\r\n"]),
    st.booleans(),
)
def test_every_kind_any_encoding_and_line_ending(
    kind: str,
    header: list[str],
    rows: list[list[str]],
    enc: str,
    eol: str,
    paste_header_again: bool,
) -> None:
    from chainatlas.loaders import read_file

    lines = [header, *rows, *([header] if paste_header_again else [])]
    text = eol.join("\t".join(line) for line in lines)
    data = ("\ufeff" + text).encode("utf-16-le") if enc == "utf-16" else text.encode(enc, "replace")
    in_tmp("t.txt", data, lambda p: survives(lambda: read_file(p, kind, ctx())))
