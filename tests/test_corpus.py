"""The corpus of bad, hostile and merely unusual files, every kind in every format.

``tests/corpus/`` holds one file per defect, named after it; a suffix names the variant of a
defect that another file also shows (``_block_segments``: segments written as block mappings,
reported at their ``- id:`` line; ``_flow_header``: the chain written as a flow mapping on line
1; ``_minimal_columns``: only the columns the defect needs). XLSX files are written by
``tests/corpus/make_xlsx.py``, files whose bytes matter (UTF-16, GB18030, CR-only lines) by
``make_binary.py`` (committed), 300 KB-and-larger ones (100,000-character cells, a 50 MB name
in a 52 KB workbook, 260,000 rows) by the fixture.

Refused files (``EXPECTED`` below and ``corpus/expected.py``'s ``REFUSED``) are checked three
ways: the loader's flattened problem table; ``chainatlas load FILE`` as a user runs it (exit 1,
the first problem verbatim on stderr, no traceback, the store untouched); and on both stores,
the store record-identical after the refusal. Loaded files (``LOADED``: what Excel, WPS and
Numbers write, and files a planner should look at) must load with exactly their warnings, on
both stores too.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.errors import ChainAtlasError, LoadError
from chainatlas.graph.model import Atlas
from chainatlas.graph.store import Store
from chainatlas.loaders import LoadContext, LoadReport, detect_kind, read_file
from chainatlas.loaders.tabular import MAX_BYTES
from typer.testing import CliRunner

from chainatlas.api import context_from, load_paths
from tests.conftest import MINI, ROOT
from tests.corpus.expected import LOADED, REFUSED
from tests.corpus.make_binary import GENERATED, write_generated
from tests.corpus.make_xlsx import XLSX_FILES, make_xlsx

CHAINATLAS = str(Path(sys.executable).parent / "chainatlas")
CORPUS = Path(__file__).resolve().parent / "corpus"
KIND_PREFIXES = (
    "weak_links",
    "enterprises",
    "regions",
    "chain",
    "clusters",
    "projects",
    "profiles",
)

# file -> its flattened problem table: (kind, line or row, field as the header spells it, value)
EXPECTED: dict[str, list[tuple[str, int | None, str, str]]] = {
    "chain_alias_bomb.yaml": [("bad-yaml", None, "", "")],
    "chain_bad_as_of_date.yaml": [("invalid-value", 2, "as_of", "2026-13-45")],
    "chain_bad_link_kind.yaml": [("invalid-value", 8, "kind", "teleport")],
    "chain_bad_tier.yaml": [("invalid-value", 6, "tier", "sideways")],
    "chain_bad_tier_block_segments.yaml": [("invalid-value", 8, "tier", "sideways")],
    "chain_binary.yaml": [("bad-encoding", None, "", "")],
    "chain_broken_yaml_bad_indent.yaml": [("bad-yaml", 6, "", "")],
    "chain_broken_yaml_tab_indent.yaml": [("bad-yaml", 5, "", "")],
    "chain_broken_yaml_unclosed_bracket.yaml": [("bad-yaml", 7, "", "")],
    "chain_chain_not_a_mapping.yaml": [("not-a-chain-map", 1, "chain", "")],
    "chain_deep_nesting.yaml": [("bad-yaml", 4, "", "")],
    "chain_duplicate_segment_id.yaml": [("duplicate-id", 6, "id", "a")],
    "chain_empty.yaml": [("empty-file", None, "", "")],
    "chain_gbk_unknown_link_target.yaml": [("unknown-reference", 7, "to", "幽灵")],
    "chain_gbt_code_five_digits.yaml": [("invalid-value", 5, "gbt_codes", "38411")],
    "chain_gbt_code_five_digits_flow_header.yaml": [("invalid-value", 3, "gbt_codes", "38411")],
    "chain_gbt_code_with_letter.yaml": [("invalid-value", 5, "gbt_codes", "C384")],
    "chain_hierarchy_cycle.yaml": [("hierarchy-cycle", 5, "parent", "c")],
    "chain_hierarchy_cycle_flow_header.yaml": [("hierarchy-cycle", 3, "parent", "c")],
    "chain_id_not_a_slug.yaml": [("invalid-value", 2, "id", "Bad Chain!")],
    "chain_importance_not_a_number.yaml": [("invalid-value", 5, "importance", "high")],
    "chain_importance_out_of_range.yaml": [("invalid-value", 5, "importance", "9")],
    "chain_link_missing_to.yaml": [("missing-value", 7, "to", "")],
    "chain_missing_name_zh.yaml": [("missing-value", 2, "name_zh", "")],
    "chain_mixed_encoding.yaml": [("mixed-encoding", 6, "", "")],
    "chain_no_segments.yaml": [("no-segments", 2, "segments", "")],
    "chain_python_object_tag.yaml": [("bad-yaml", 5, "", "!!python/object/apply:os.system")],
    "chain_segment_missing_tier.yaml": [("missing-value", 5, "tier", "")],
    "chain_segment_not_a_mapping.yaml": [("bad-structure", 5, "segments", "甲")],
    "chain_segment_own_parent.yaml": [("hierarchy-cycle", 5, "parent", "a")],
    "chain_segments_not_a_list.yaml": [("bad-structure", 5, "segments", "")],
    "chain_self_link.yaml": [("self-link", 7, "to", "a")],
    "chain_unknown_link_source.yaml": [("unknown-reference", 7, "from", "ghost")],
    "chain_unknown_link_target.yaml": [("unknown-reference", 7, "to", "ghost")],
    "chain_unknown_link_target_flow_header.yaml": [("unknown-reference", 5, "to", "ghost")],
    "chain_unknown_parent.yaml": [("unknown-reference", 6, "parent", "nowhere")],
    "chain_unknown_parent_block_segments.yaml": [("unknown-reference", 8, "parent", "nowhere")],
    "chain_unknown_segment_field.yaml": [("unknown-field", 5, "colour", "red")],
    "chain_utf8_bom_unknown_parent.yaml": [("unknown-reference", 6, "parent", "nowhere")],
    "chain_whitespace_only.yaml": [("empty-file", None, "", "")],
    "clusters_alias_bomb.yaml": [("bad-yaml", None, "", "")],
    "clusters_deep_nesting.yaml": [("bad-yaml", 5, "", "")],
    "clusters_duplicate_key.yaml": [("bad-yaml", 5, "clusters", "")],
    "clusters_impossible_date.yaml": [("invalid-value", 3, "as_of", "2013-02-30")],
    "clusters_merge_key.yaml": [("bad-yaml", 5, "<<", "")],
    "clusters_python_tag.yaml": [("bad-yaml", 4, "", "!!python/object/apply:os.system")],
    "enterprises_bad_date.csv": [("invalid-value", 2, "as_of", "2026-02-30")],
    "enterprises_bad_ownership.csv": [("invalid-value", 2, "ownership", "alien")],
    "enterprises_bad_plant_region.csv": [("invalid-value", 2, "plants", "41x7")],
    "enterprises_bad_uscc.xlsx": [("invalid-value", 3, "统一社会信用代码", "91350100M000100Y44")],
    "enterprises_binary_png.csv": [("bad-encoding", None, "", "")],
    "enterprises_broken.json": [("bad-json", 3, "", "")],
    "enterprises_broken_line.jsonl": [("bad-json", 2, "", "")],
    "enterprises_duplicate_column.csv": [("duplicate-column", 1, "名称", "")],
    "enterprises_duplicate_id.csv": [("duplicate-id", 3, "id", "x1")],
    "enterprises_duplicate_id_minimal_columns.csv": [("duplicate-id", 3, "id", "x1")],
    "enterprises_employees_not_a_number.csv": [("invalid-value", 2, "employees", "many")],
    "enterprises_empty.csv": [("empty-file", None, "", "")],
    "enterprises_empty_workbook.xlsx": [("empty-file", None, "", "")],
    "enterprises_extra_cells.csv": [("extra-cells", 2, "", "surplus")],
    "enterprises_gbk_unknown_segment.csv": [("unknown-reference", 2, "可配套环节", "反物质")],
    "enterprises_header_only.csv": [("no-rows", None, "", "")],
    "enterprises_items_not_objects.json": [
        ("bad-json", 1, "", "1"),
        ("bad-json", 2, "", "2"),
        ("bad-json", 3, "", "3"),
    ],
    "enterprises_list_rank_not_a_number.csv": [
        ("invalid-value", 2, "lists", "fortune_global500:2025:first")
    ],
    "enterprises_merged_header_cells.xlsx": [("missing-header", 2, "C", "甲")],
    "enterprises_merged_title_row_bad_uscc.xlsx": [
        ("title-row", 2, "", ""),
        ("invalid-value", 4, "统一社会信用代码", "91350100M000100Y44"),
    ],
    "enterprises_missing_name.jsonl": [("missing-value", 2, "name", "")],
    "enterprises_missing_name_column.csv": [("missing-column", 1, "name", "")],
    "enterprises_missing_name_value.csv": [("missing-value", 2, "name", "")],
    "enterprises_mixed_encoding.csv": [("mixed-encoding", 3, "", "")],
    "enterprises_negative_revenue.csv": [("invalid-value", 2, "revenue_100m_cny", "-5")],
    "enterprises_not_an_xlsx.xlsx": [("bad-xlsx", None, "", "")],
    "enterprises_pretty_printed_object.json": [("bad-json", 1, "", "")],
    "enterprises_region_code_wrong_length.csv": [("invalid-value", 2, "hq_region", "4107001")],
    "enterprises_region_code_wrong_length_minimal_columns.csv": [
        ("invalid-value", 2, "hq_region", "4107001")
    ],
    "enterprises_revenue_not_a_number.csv": [("invalid-value", 2, "revenue_100m_cny", "lots")],
    "enterprises_revenue_not_a_number_minimal_columns.csv": [
        ("invalid-value", 2, "revenue_100m_cny", "lots")
    ],
    "enterprises_revenue_text.xlsx": [("invalid-value", 2, "营业收入(亿元)", "约30亿")],
    "enterprises_rich_markup_in_uscc.csv": [("invalid-value", 2, "uscc", "[/red]")],
    "enterprises_several_sheets_same_header.xlsx": [("several-sheets", None, "", "'2024', '2025'")],
    "enterprises_strength_out_of_range.csv": [("invalid-value", 2, "segments", "cells:1.5")],
    "enterprises_unclosed_quote.csv": [("bad-csv", 2, "", "")],
    "enterprises_unknown_region_code.csv": [("unknown-region", 2, "hq_region", "990000")],
    "enterprises_unknown_segment.csv": [("unknown-reference", 2, "segments", "warp-drive")],
    "enterprises_unknown_segment_minimal_columns.csv": [
        ("unknown-reference", 2, "segments", "warp-drive")
    ],
    "enterprises_uscc_wrong_check_digit.csv": [
        ("invalid-value", 2, "统一社会信用代码", "91350100M000100Y44")
    ],
    "enterprises_uscc_wrong_check_digit_minimal_columns.csv": [
        ("invalid-value", 2, "uscc", "91350100M000100Y44")
    ],
    "enterprises_uscc_wrong_length.csv": [("invalid-value", 2, "uscc", "9135010")],
    "enterprises_utf8_bom_bad_uscc.csv": [("invalid-value", 2, "uscc", "91350100M000100Y44")],
    "enterprises_wrong_types.json": [("invalid-value", 1, "name", "['甲', '公司']")],
    "profiles_alias_bomb.yaml": [("bad-yaml", None, "", "")],
    "profiles_deep_nesting.yaml": [("bad-yaml", 2, "", "")],
    "profiles_duplicate_key.yaml": [("bad-yaml", 5, "status", "")],
    "profiles_impossible_date.yaml": [("invalid-value", 3, "as_of", "2013-02-30")],
    "profiles_merge_key.yaml": [("bad-yaml", 1, "<<", "")],
    "profiles_python_tag.yaml": [("bad-yaml", 4, "", "!!python/name:os.system")],
    "projects_alias_bomb.yaml": [("bad-yaml", None, "", "")],
    "projects_deep_nesting.yaml": [("bad-yaml", 5, "", "")],
    "projects_duplicate_key.yaml": [("bad-yaml", 7, "projects", "")],
    "projects_impossible_date.yaml": [("invalid-value", 3, "status_date", "2013-02-30")],
    "projects_merge_key.yaml": [("bad-yaml", 8, "<<", "")],
    "projects_python_tag.yaml": [
        ("bad-yaml", 3, "", "!!python/object:chainatlas.graph.model.Project")
    ],
    "regions_chinese_headers_bad_code.csv": [("invalid-value", 2, "代码", "4107x0")],
    "regions_code_wrong_length.csv": [("invalid-value", 2, "code", "41070")],
    "regions_duplicate_code.csv": [("duplicate-id", 3, "code", "410700")],
    "regions_lat_out_of_range.csv": [("invalid-value", 2, "lat", "135.30")],
    "regions_lat_text.xlsx": [("invalid-value", 2, "lat", "北纬35")],
    "regions_lon_not_a_number.csv": [("invalid-value", 2, "lon", "东经113")],
    "regions_missing_name.csv": [("missing-value", 2, "name_zh", "")],
    "regions_unknown_province.csv": [("unknown-region", 2, "code", "990700")],
    "weak_links_bad_date.csv": [("invalid-value", 2, "日期", "2013年13月1日")],
    "weak_links_bad_kind.csv": [("invalid-value", 2, "类型", "很弱")],
    "weak_links_duplicate_id.csv": [("duplicate-id", 3, "序号", "1")],
    "weak_links_gbk_bad_kind.csv": [("invalid-value", 2, "类型", "很弱")],
    "weak_links_merged_title_row_bad_kind.xlsx": [
        ("title-row", 2, "", ""),
        ("invalid-value", 3, "类型", "很弱"),
    ],
    "weak_links_missing_kind_column.csv": [("missing-column", 1, "kind", "")],
    "weak_links_missing_segment_value.csv": [("missing-value", 2, "环节", "")],
    "weak_links_notes_sheet_then_unknown_segment.xlsx": [
        ("several-sheets", None, "", ""),
        ("unknown-reference", 3, "环节", "反物质"),
    ],
    "weak_links_unknown_chain.csv": [("unknown-reference", 2, "产业链", "火星链")],
    "weak_links_unknown_segment.csv": [("unknown-reference", 2, "环节", "反物质")],
}


EXPECTED.update(REFUSED)  # issue 17's files: tests/corpus/expected.py
MADE = set(XLSX_FILES) | set(GENERATED)  # written by the fixture, not committed


def kind_of(name: str) -> str:
    return next(k for k in KIND_PREFIXES if name.startswith(k + "_"))


@pytest.fixture(scope="module")
def xlsx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xlsx")
    make_xlsx(folder)
    write_generated(folder)
    return folder


@pytest.fixture(scope="module")
def mini_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the mini atlas, so references can resolve."""
    folder = tmp_path_factory.mktemp("store")
    load_paths(NetworkXStore(folder), sorted(MINI.iterdir()))
    NetworkXStore(folder).update_settings({"lang": "en"})  # messages compared in English
    return folder


@pytest.fixture(scope="module")
def mini_context(mini_dir: Path) -> LoadContext:
    return context_from(NetworkXStore(mini_dir))


def corpus_path(name: str, xlsx_dir: Path) -> Path:
    return xlsx_dir / name if name in MADE else CORPUS / name


def test_corpus_is_covered_and_large_enough() -> None:
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".py"}
    assert sorted(on_disk | MADE) == sorted(set(EXPECTED) | set(LOADED))
    assert not set(EXPECTED) & set(LOADED)
    assert len(EXPECTED) + len(LOADED) >= 150
    for kind in KIND_PREFIXES:  # every kind in every format it can be written in
        formats = {Path(n).suffix for n in [*EXPECTED, *LOADED] if kind_of(n) == kind}
        need = {".yaml"} if kind == "chain" else {".csv", ".xlsx", ".json", ".jsonl"}
        if kind in {"clusters", "projects", "profiles"}:
            need = {".yaml", ".csv", ".xlsx", ".json"}
        if kind in {"regions", "weak_links"}:
            need = {".csv", ".xlsx", ".json"}
        assert need <= formats | ({".json"} if ".jsonl" in formats else set()), (kind, formats)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_problem_table(name: str, xlsx_dir: Path, mini_context: LoadContext) -> None:
    path = corpus_path(name, xlsx_dir)
    report = read_file(path, kind_of(name), mini_context)
    table = [
        (p.kind, p.line if p.line is not None else p.row, p.field, p.value) for p in report.problems
    ]
    assert table == EXPECTED[name]
    assert not report.ok and not report.valid
    for p in report.problems:
        assert p.file == str(path)
        assert p.message and "Input should" not in p.message  # pydantic's words are rewritten


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_load_refuses_with_one_line(name: str, xlsx_dir: Path, mini_dir: Path) -> None:
    from chainatlas.cli import app

    path = corpus_path(name, xlsx_dir)
    before = NetworkXStore(mini_dir).stats()
    result = CliRunner().invoke(app, ["--store", str(mini_dir), "load", str(path), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    try:
        kind = detect_kind(path)
    except LoadError as exc:  # the file is refused before a loader sees it
        assert first == f"error: {exc}"
    else:
        report = read_file(path, kind, context_from(NetworkXStore(mini_dir)))
        problem = report.errors[0]
        assert first.startswith(f"error: {problem}")
        where = f"line {problem.line}" if problem.line is not None else f"row {problem.row}"
        if problem.line is not None or problem.row is not None:
            assert where in first
        if problem.field:
            assert f"field {problem.field!r}" in first
        if problem.value:
            assert problem.value in first
    assert str(path) in first
    assert NetworkXStore(mini_dir).stats() == before


def _limit_memory() -> None:
    limit = 1536 * 2**20  # 1.5 GB of address space: reading 100 MB into rows would need more
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".yaml"])
def test_a_100_mb_file_is_refused_without_eating_memory(suffix: str, tmp_path: Path) -> None:
    big = tmp_path / f"enterprises_100mb{suffix}"
    if suffix == ".yaml":
        head, row = (
            "chain: {id: big, name_zh: 大}\nsegments:\n",
            "  - {id: s, name_zh: 甲, tier: upstream}\n",
        )
    elif suffix == ".jsonl":
        head, row = "", json.dumps({"id": "x", "name": "甲公司", "hq_region": "410700"}) + "\n"
    else:
        head, row = "id,name,hq_region\n", "x1,甲公司,410700\n"
    block = (row * ((1 << 20) // len(row.encode()) + 1)).encode()
    with big.open("wb") as fh:
        fh.write(head.encode())
        while fh.tell() < 100 * 2**20:
            fh.write(block)
    assert big.stat().st_size > MAX_BYTES
    proc = subprocess.run(
        [CHAINATLAS, "--store", str(tmp_path / "s"), "load", str(big)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    limit = "8 MB" if suffix == ".yaml" else "64 MB"
    first = re.sub(r"^(error: |错误：)", "", proc.stderr)  # a new store speaks Chinese
    assert first.startswith(f"{big}: the file is 100 MB; the limit is {limit}")
    assert "[file-too-large]" in proc.stderr
    assert not (tmp_path / "s" / "atlas.pickle").exists()


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("clusters:\n  - {name: 甲, park: !!binary aGVsbG8=}\n", "", "!!binary"),
        ("clusters:\n  - {name: 甲, park: !!set {a: null}}\n", "", "!!set"),
        ("clusters:\n  - {name: 甲, park: !custom x}\n", "", "!custom"),
        ("clusters:\n  - {name: 甲, name: 乙}\n", "name", ""),
    ],
)
def test_workflow_yaml_refuses_other_tags_and_same_line_keys(
    text: str, field: str, value: str, tmp_path: Path
) -> None:
    path = tmp_path / "clusters.yaml"
    path.write_text(text, encoding="utf-8")
    report = read_file(path, "clusters", LoadContext(check_references=False))
    assert [(p.kind, p.line, p.field, p.value) for p in report.problems] == [
        ("bad-yaml", 2, field, value)
    ]


def test_workflow_yaml_with_a_small_anchor_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "clusters.yaml"
    path.write_text(
        "park: &park 新乡经开区\nclusters:\n  - {name: 甲, park: *park}\n  - {name: 乙, park: *park}\n",
        encoding="utf-8",
    )
    report = read_file(path, "clusters", LoadContext(check_references=False))
    assert report.ok and [c.park for c in report.valid[0].clusters] == ["新乡经开区"] * 2


def _table(report: LoadReport[Atlas]) -> list[tuple[str, int | None, str, str]]:
    return [
        (p.kind, p.line if p.line is not None else p.row, p.field, p.value) for p in report.problems
    ]


@pytest.mark.parametrize("name", sorted(LOADED))
def test_loads_with_its_warnings(name: str, xlsx_dir: Path, mini_context: LoadContext) -> None:
    """Files Excel, WPS and Numbers write load; what a planner should look at is a warning."""
    path = corpus_path(name, xlsx_dir)
    report = read_file(path, kind_of(name), mini_context)
    assert _table(report) == LOADED[name]
    assert report.ok and report.valid and not report.valid[0].is_empty()
    assert all(p.severity == "warning" and p.file == str(path) for p in report.problems)


def records(store: Store) -> str:
    """Everything a store holds, as one text: equal texts, equal records."""
    firms = [e.id for e in store.enterprises()]
    parts: dict[str, Any] = {
        "stats": store.stats(),
        "chains": store.chains(),
        "links": [store.chain_links(c.id) for c in store.chains()],
        "segments": store.segments(),
        "enterprises": store.enterprises(),
        "capabilities": store.capabilities_of(firms),
        "presences": store.presences(firms),
        "regions": store.regions(),
        "weak_links": store.weak_links(),
        "clusters": store.clusters(),
        "projects": store.projects(),
        "profiles": store.profiles(),
    }

    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return sorted((plain(v) for v in value), key=lambda v: json.dumps(v, default=str))
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json")
        return value

    return json.dumps({k: plain(v) for k, v in parts.items()}, sort_keys=True, default=str)


def test_every_corpus_file_on_both_stores(store: Store, xlsx_dir: Path) -> None:
    """Each refused file leaves the store record-identical; each loaded one gives its warnings
    against the mini atlas alone (its load is undone before the next file)."""
    load_paths(store, sorted(MINI.iterdir()))
    wrong = []
    for name in sorted([*EXPECTED, *LOADED]):
        path = corpus_path(name, xlsx_dir)
        before = records(store)
        try:
            summary = load_paths(store, [path], kind=kind_of(name))
        except ChainAtlasError as exc:  # LoadError, or a refused identity (graph/identity.py)
            if name in LOADED:
                wrong.append(f"{name}: refused: {exc}")
            elif records(store) != before:
                wrong.append(f"{name}: refused, but the store changed")
            continue
        store.undo()  # each file meets the store as the mini atlas left it
        if name in EXPECTED:
            wrong.append(f"{name}: loaded, expected a refusal")
            continue
        got = [
            (p.kind, p.line if p.line is not None else p.row, p.field, p.value)
            for p in summary.warnings
        ]
        if got != LOADED[name]:
            wrong.append(f"{name}: warnings {got}")
    assert not wrong, "\n".join(wrong)
