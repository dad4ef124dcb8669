"""Identity that cannot be hijacked (issue 17), on both stores: a file about one chain or one
source never rewrites a record of another that shares its id; the refusal names both sides
and leaves the store (and its history) exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.errors import IdentityConflict
from chainatlas.graph.model import (
    Atlas,
    Cluster,
    Enterprise,
    Project,
    Segment,
    uscc_check_digit,
)
from chainatlas.graph.revision import note_for_files
from chainatlas.graph.store import Store

from chainatlas.api import load_paths
from tests.conftest import FIXTURES
from tests.test_history import full_snapshot

MINI = FIXTURES / "mini"
BIO = """chain: {id: biopharma, name_zh: 生物医药, source: 泰州示例, as_of: 2026-01-01}
segments:
  - {id: bio-apis, name_zh: 原料药, tier: upstream}
  - {id: cathode, name_zh: 阴极制剂, tier: midstream}
"""


@pytest.fixture
def mini(store: Store) -> Store:
    load_paths(store, sorted(MINI.iterdir()))
    return store


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def uscc(body: str) -> str:
    return body + uscc_check_digit(body)


def test_another_chain_map_cannot_rewrite_a_segment(mini: Store, tmp_path: Path) -> None:
    before, entries = full_snapshot(mini), mini.history()
    with pytest.raises(IdentityConflict) as caught:
        load_paths(mini, [write(tmp_path, "bio.yaml", BIO)])
    message = str(caught.value)
    for part in (
        "'cathode'",
        "正极材料",
        "'mini-battery'",
        "chain.yaml",
        "'biopharma'",
        "bio.yaml",
    ):
        assert part in message
    assert "nothing was written" in message
    assert full_snapshot(mini) == before and mini.history() == entries
    # the city's own list still resolves its segments by name
    load_paths(mini, [MINI / "weak_links.csv"])
    assert [w.segment_id for w in mini.weak_links()] == ["separator", "cells"]


def test_a_segment_defined_the_same_way_is_shared(mini: Store, tmp_path: Path) -> None:
    shared = BIO.replace(
        "{id: cathode, name_zh: 阴极制剂, tier: midstream}",
        "{id: cathode, name_zh: 正极材料, name_en: Cathode, tier: upstream, parent: materials, "
        'aliases: [三元正极], keywords: [磷酸铁锂, 三元材料], gbt_codes: ["3985"], importance: 4}',
    ).replace("segments:", "segments:\n  - {id: materials, name_zh: 电池材料, tier: upstream}")
    load_paths(mini, [write(tmp_path, "bio.yaml", shared)])
    (seg,) = mini.segments(["cathode"])
    assert seg.chain_ids == ["biopharma", "mini-battery"] and seg.name_zh == "正极材料"


def test_two_maps_in_one_load_cannot_define_one_id_differently(
    store: Store, tmp_path: Path
) -> None:
    other = BIO.replace("biopharma", "medtech").replace("生物医药", "医疗器械")
    other = other.replace("阴极制剂", "阴极组件")
    files = [write(tmp_path, "bio.yaml", BIO), write(tmp_path, "med.yaml", other)]
    with pytest.raises(IdentityConflict, match="'cathode' is defined twice"):
        load_paths(store, files)
    assert store.history() == [] and store.segments() == []


def test_the_map_of_its_own_chain_may_redefine_it(mini: Store, tmp_path: Path) -> None:
    text = (MINI / "chain.yaml").read_text(encoding="utf-8").replace("正极材料", "正极")
    load_paths(mini, [write(tmp_path, "chain.yaml", text)])
    assert mini.segments(["cathode"])[0].name_zh == "正极"


def test_firms_projects_clusters_of_other_sources_are_not_taken_over(store: Store) -> None:
    a, b = uscc("91410700MA00000A0"), uscc("91320000MA00000B0")
    first = Atlas(
        enterprises=[
            Enterprise(id="e1", name="甲公司", uscc=a),
            Enterprise(id="e2", name="乙公司"),
        ],
        projects=[Project(id="p1", name="甲项目", enterprise_id="e1")],
        clusters=[Cluster(id="k1", name="锂电集群", chain_id="battery-ev")],
    )
    store.write(first, note_for_files([("city.csv", first)]))
    before, entries = full_snapshot(store), store.history()
    tries = [
        (Atlas(enterprises=[Enterprise(id="e1", name="甲公司", uscc=b)]), "another.csv"),
        (Atlas(enterprises=[Enterprise(id="e2", name="完全不同")]), "another.csv"),
        (Atlas(projects=[Project(id="p1", name="别的项目", enterprise_id="e2")]), "other.yaml"),
        (Atlas(clusters=[Cluster(id="k1", name="药业集群", chain_id="biopharma")]), "k.yaml"),
    ]
    for atlas, name in tries:
        with pytest.raises(IdentityConflict, match=f"city.csv.*{name}|{name}.*city.csv"):
            store.write(atlas, note_for_files([(name, atlas)]))
    assert full_snapshot(store) == before and store.history() == entries
    # the same file may correct its own records
    fixed = Atlas(enterprises=[Enterprise(id="e2", name="完全不同")])
    store.write(fixed, note_for_files([("city.csv", fixed)]))
    assert store.enterprises(["e2"])[0].name == "完全不同"


def test_a_segment_of_another_chain_refused_without_files(store: Store) -> None:
    store.write(Atlas(segments=[Segment(id="s", name_zh="甲", tier="upstream", chain_ids=["a"])]))
    with pytest.raises(IdentityConflict, match="from this write"):
        store.write(
            Atlas(segments=[Segment(id="s", name_zh="乙", tier="upstream", chain_ids=["b"])])
        )
    assert store.segments()[0].name_zh == "甲"


def test_the_bulk_import_checks_identities_and_keeps_origins(tmp_path: Path) -> None:
    """``neo4j import`` writes what sequential writes would: the same refusal, the same origins."""
    from chainatlas.graph.neo4j.bulk_merge import write_import_files

    first = Atlas(segments=[Segment(id="s", name_zh="甲", tier="upstream", chain_ids=["a"])])
    other = Atlas(segments=[Segment(id="s", name_zh="乙", tier="upstream", chain_ids=["b"])])
    with pytest.raises(IdentityConflict, match="'s'"):
        write_import_files([first, other], tmp_path / "refused")
    firms = Atlas(enterprises=[Enterprise(id="e1", name="甲公司")])
    files = write_import_files([firms], tmp_path / "csv", note=note_for_files([("reg.csv", firms)]))
    (path,) = [p for label, p in files.nodes if label.value == "Enterprise"]
    text = path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0].endswith("_origins:string[]") and text.endswith('"reg.csv"\n')


def test_a_region_code_cannot_be_named_as_another_place(mini: Store, tmp_path: Path) -> None:
    header = "code,name_zh,name_en,level,parent\n"
    same = write(tmp_path, "cities.csv", header + "410700,新乡,Xinxiang,city,410000\n")
    load_paths(mini, [same])  # the same place, written shorter
    wrong = write(tmp_path, "taizhou.csv", header + "410700,泰州市,Taizhou,city,320000\n")
    with pytest.raises(IdentityConflict, match="'410700' is '新乡'.*taizhou.csv names it '泰州市'"):
        load_paths(mini, [wrong])
    assert mini.regions(["410700"])[0].name_zh == "新乡"


def test_replace_lets_a_revision_rename_what_another_file_named(
    mini: Store, tmp_path: Path
) -> None:
    header = "id,name,hq_region,source,as_of\n"
    load_paths(mini, [write(tmp_path, "reg.csv", header + "e9,旧名公司,410702,名录,2025-01-01\n")])
    renamed = write(tmp_path, "reg_2026.csv", header + "e9,全新名称,410702,名录,2026-01-01\n")
    with pytest.raises(
        IdentityConflict, match="firm id .e9. is .旧名公司.*no name in common.*--replace"
    ):
        load_paths(mini, [renamed])
    load_paths(mini, [renamed], replace=True)
    assert mini.enterprises(["e9"])[0].name == "全新名称"
