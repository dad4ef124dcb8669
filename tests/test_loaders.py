"""Loaders: good files load, a bad one writes nothing (the defect corpus is tests/test_corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.errors import LoadError
from chainatlas.graph.model import is_valid_uscc, uscc_check_digit
from chainatlas.loaders import LoadContext, detect_kind, parse_chain_map, read_chain_map, read_file

from chainatlas.api import context_from, load_paths
from tests.conftest import FIXTURES, MINI, ROOT

BAD_USCC = ROOT / "tests" / "corpus" / "enterprises_uscc_wrong_check_digit_minimal_columns.csv"


@pytest.fixture(scope="module")
def mini_context(tmp_path_factory: pytest.TempPathFactory) -> LoadContext:
    store = NetworkXStore(tmp_path_factory.mktemp("ctx"))
    load_paths(store, sorted(MINI.iterdir()))
    return context_from(store)


def test_load_refuses_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    store = NetworkXStore(tmp_path)
    load_paths(store, sorted(MINI.iterdir()))
    before = store.stats()
    with pytest.raises(LoadError) as info:
        load_paths(store, [MINI / "regions.csv", BAD_USCC])
    assert f"{BAD_USCC}, line 2, field 'uscc'" in str(info.value)
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


def test_a_chain_map_whose_anchors_expand_past_a_million_characters_is_refused(
    tmp_path: Path,
) -> None:
    # 10 KB on disk, 1024 keywords of 10,000 characters once the anchors are expanded
    lines = ["chain: {id: c, name_zh: 链}", f'w: &w0 "{"x" * 10000}"']
    for i in range(1, 6):
        lines.append(f"l{i}: &w{i} [{', '.join([f'*w{i - 1}'] * 4)}]")
    lines.append("segments: [{id: s, name_zh: 段, tier: upstream, keywords: *w5}]")
    path = tmp_path / "chain_alias_bomb_characters.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_chain_map(path)
    assert [p.kind for p in report.errors] == ["bad-yaml"]
    assert "anchors (*alias) expand it to" in report.errors[0].message
    assert not report.valid
