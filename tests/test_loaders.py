"""Loaders: good files load, bad files give problems naming file, line/row, field and value."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.errors import LoadError
from chainatlas.graph.model import is_valid_uscc, uscc_check_digit
from chainatlas.loaders import LoadContext, detect_kind, parse_chain_map, read_file

from chainatlas.api import context_from, load_paths
from tests.conftest import FIXTURES, MINI

BAD = FIXTURES / "bad"

# file, kind, line, field, value: the flattened problem table of each defect file
EXPECTED = {
    "chain_bad_gbt_code.yaml": [("invalid-value", 3, "gbt_codes", "38411")],
    "chain_bad_tier.yaml": [("invalid-value", 8, "tier", "sideways")],
    "chain_broken_yaml.yaml": [("bad-yaml", 7, "", "")],
    "chain_hierarchy_cycle.yaml": [("hierarchy-cycle", 3, "parent", "c")],
    "chain_unknown_link_target.yaml": [("unknown-reference", 5, "to", "ghost")],
    "chain_unknown_parent.yaml": [("unknown-reference", 8, "parent", "nowhere")],
    "enterprises_bad_uscc.csv": [("invalid-value", 2, "uscc", "91350100M000100Y44")],
    "enterprises_bad_region.csv": [("invalid-value", 2, "hq_region", "4107001")],
    "enterprises_duplicate_id.csv": [("duplicate-id", 3, "id", "x1")],
    "enterprises_missing_name_column.csv": [("missing-column", 1, "name", "")],
    "enterprises_revenue_not_number.csv": [("invalid-value", 2, "revenue_100m_cny", "lots")],
    "enterprises_unknown_segment.csv": [("unknown-reference", 2, "segments", "warp-drive")],
    "weak_links_bad_kind.csv": [("invalid-value", 2, "类型", "很弱")],
    "weak_links_unknown_segment.csv": [("unknown-reference", 2, "环节", "反物质")],
}


@pytest.fixture(scope="module")
def mini_context(tmp_path_factory: pytest.TempPathFactory) -> LoadContext:
    store = NetworkXStore(tmp_path_factory.mktemp("ctx"))
    load_paths(store, sorted(MINI.iterdir()))
    return context_from(store)


def test_every_defect_file_is_covered() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_defect_files_give_the_expected_problems(name: str, mini_context: LoadContext) -> None:
    report = read_file(BAD / name, None, mini_context)
    table = [(p.kind, p.line, p.field, p.value) for p in report.problems]
    assert table == EXPECTED[name]
    assert not report.ok and not report.valid
    assert all(p.file == str(BAD / name) and p.message for p in report.problems)


def test_load_refuses_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    store = NetworkXStore(tmp_path)
    load_paths(store, sorted(MINI.iterdir()))
    before = store.stats()
    with pytest.raises(LoadError) as info:
        load_paths(store, [MINI / "regions.csv", BAD / "enterprises_bad_uscc.csv"])
    assert "enterprises_bad_uscc.csv, line 2, field 'uscc'" in str(info.value)
    assert NetworkXStore(tmp_path).stats() == before


def test_gbk_and_bom_files_load(mini_context: LoadContext) -> None:
    gbk = read_file(FIXTURES / "enterprises_gbk.csv", None, mini_context)
    bom = read_file(FIXTURES / "enterprises_utf8_bom.csv", None, mini_context)
    assert gbk.ok and bom.ok
    assert gbk.valid[0].enterprises[0].full_name == "新乡市电芯有限公司"
    assert bom.valid[0].enterprises[0].id == "bom-1"
    assert [c.segment_id for c in bom.valid[0].capabilities] == ["cells"]


def test_parse_chain_map_from_text() -> None:
    report = parse_chain_map(
        "chain: {id: c1, name_zh: 链}\n"
        "segments:\n"
        "  - {id: s1, name_zh: 甲, tier: upstream, aliases: '乙;丙'}\n"
        "  - {id: s2, name_zh: 丁, tier: downstream}\n"
        "links:\n  - {from: s1, to: s2}\n"
    )
    assert report.ok
    atlas = report.valid[0]
    assert [s.aliases for s in atlas.segments] == [["乙", "丙"], []]
    assert atlas.segments[0].chain_ids == ["c1"]
    assert [(lk.from_id, lk.to_id, lk.kind.value) for lk in atlas.links] == [
        ("s1", "s2", "material")
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("chain.yaml", "chain"),
        ("enterprises.csv", "enterprises"),
        ("weak_links.csv", "weak_links"),
        ("regions.csv", "regions"),
    ],
)
def test_detect_kind_from_content(name: str, kind: str, tmp_path: Path) -> None:
    renamed = tmp_path / "upload.dat"
    renamed.write_bytes((MINI / name).read_bytes())
    if name.endswith(".yaml"):
        renamed = renamed.rename(tmp_path / "upload.yaml")
    assert detect_kind(renamed) == kind


def test_detect_kind_refuses_unknown_files(tmp_path: Path) -> None:
    odd = tmp_path / "notes.csv"
    odd.write_text("colour,flavour\nred,sweet\n", encoding="utf-8")
    with pytest.raises(LoadError, match="notes.csv: cannot tell what this file holds"):
        detect_kind(odd)


def test_uscc_check_digit() -> None:
    assert uscc_check_digit("91350100M000100Y4") == "3"
    assert is_valid_uscc("91350100M000100Y43")
    assert not is_valid_uscc("91350100M000100Y44")
    assert not is_valid_uscc("9135010")
