"""The ranking-list importer (loaders/lists.py): entity resolution across lists and firms."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.model import Enterprise, Ownership
from chainatlas.loaders.lists import read_lists
from chainatlas.loaders.names import NameIndex

# Small lists of the test's own, in the shared files' formats (the real lists stay in
# ../shared/data and are read only by the shared-data test below). Names are what the entity
# resolution is about; seq, ranks and amounts are made up.
LIST_FILES = {
    "central_soe_list.csv": (
        "category,seq,name_zh,website_or_supervisor\n"
        "sasac,1,华润（集团）有限公司,test\n"
        "sasac,2,中国石油天然气集团有限公司,test\n"
        "mof_enterprise,1,中国铁路集团有限公司,test\n"
    ),
    "fortune_global500_2025.csv": (
        "rank,name_zh,name_en,revenue_musd,profit_musd,country\n"
        "1,沃尔玛,WALMART,500000,10000,美国\n"
        "5,中国石油天然气集团有限公司,CHINA NATIONAL PETROLEUM,400000,20000,中国\n"
        "70,中国华润有限公司,CHINA RESOURCES,120000,4000,中国\n"
    ),
    "acfic_private500_2025.csv": (
        "rank,name_zh,province,revenue_10k_cny\n"
        "7,德豪润达电气股份有限公司,安徽省,1000000\n"
        "8,,浙江省,5\n"
        "9,恩捷新材料股份有限公司,云南省,2000000\n"
    ),
}


@pytest.fixture
def lists_dir(tmp_path: Path) -> Path:
    for name, text in LIST_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _known() -> list[Enterprise]:
    return [
        Enterprise(
            id="601857.SH",
            name="中国石油",
            full_name="中国石油天然气股份有限公司",
            stock_code="601857.SH",
        ),
        Enterprise(
            id="002005.SZ",
            name="*ST德豪",
            full_name="安徽德豪润达电气股份有限公司",
            stock_code="002005.SZ",
        ),
        Enterprise(
            id="002812.SZ",
            name="恩捷股份",
            full_name="云南恩捷新材料股份有限公司",
            stock_code="002812.SZ",
        ),
    ]


def test_fixture_lists_attach_to_the_right_firms(lists_dir: Path) -> None:
    report, result = read_lists(lists_dir, _known())
    by_id = {e.id: e for e in report.valid}
    # a group and its listed flagship are one target (same identifying core 石油天然气)
    assert {m.list for m in by_id["601857.SH"].lists} == {"central_soe", "fortune_global500"}
    assert by_id["601857.SH"].ownership == Ownership.CENTRAL_SOE
    # the two spellings of the 华润 group become ONE new enterprise with both memberships
    crc = [e for e in report.valid if e.id.startswith("e-") and "华润" in e.name]
    assert len(crc) == 1
    assert {m.list for m in crc[0].lists} == {"central_soe", "fortune_global500"}
    assert "中国华润有限公司" in crc[0].names() and "华润（集团）有限公司" in crc[0].names()
    # revenue: 120,000 million USD × 7.2 = 8,640 亿元
    assert crc[0].revenue_100m_cny == 8640.0


def test_short_full_and_st_names(lists_dir: Path) -> None:
    report, result = read_lists(lists_dir, _known())
    by_id = {e.id: e for e in report.valid}
    # the ST firm matches by its full name without the province; private list → private, HQ
    dehao = by_id["002005.SZ"]
    assert [m.list for m in dehao.lists] == ["acfic_private500"]
    assert dehao.ownership == Ownership.PRIVATE
    assert dehao.hq_region == "340000"
    # 恩捷新材料股份有限公司 (no province) shares the core 恩捷新材料 with 云南恩捷新材料股份有限公司
    assert [m.rank for m in by_id["002812.SZ"].lists] == [9]
    # the foreign Walmart row is not imported; the other central-SOE category keeps its own id
    assert not any("沃尔玛" in e.name for e in report.valid)
    rail = [e for e in report.valid if "铁路" in e.name]
    assert [m.list for m in rail[0].lists] == ["central_soe_mof_enterprise"]
    # the row without a name is reported, not dropped silently
    assert [(p.kind, p.line, p.field) for p in report.problems] == [("missing-value", 3, "name_zh")]
    # 中国石油 twice, 德豪, 恩捷, and 中国华润有限公司 to the 华润 firm created one list earlier
    assert result.counts()["matched"] == 5


def test_index_keeps_ambiguous_names_for_a_person() -> None:
    index = NameIndex()
    index.add("a", ["华润三九医药股份有限公司"])
    index.add("b", ["华润双鹤药业股份有限公司"])
    assert index.resolve("*ST华润三九医药股份有限公司").enterprise_id == "a"
    m = index.resolve("华润医药有限公司")
    assert m.enterprise_id is None
    assert m.method in {"none", "possible", "ambiguous"}


def test_real_lists_resolve_group_spellings(shared_data: Path) -> None:
    report, result = read_lists(shared_data / "reference" / "lists", _known())
    by_name = {n: e for e in report.valid for n in e.names()}
    crc_global = by_name["中国华润有限公司"]
    assert by_name["华润（集团）有限公司"].id == crc_global.id
    assert {"central_soe", "fortune_global500", "fortune_china500"} <= {
        m.list for m in crc_global.lists
    }
    petro = {e.id: e for e in report.valid}["601857.SH"]
    assert {"central_soe", "fortune_global500"} <= {m.list for m in petro.lists}
    # every entry is accounted for: matched, created or left for review
    counts = result.counts()
    assert counts["matched"] + counts["created"] + counts["ambiguous"] > 1000
    # no list-only firm is created twice under two spellings of the same core
    created_ids = [new_id for _, _, new_id in result.created]
    assert len(created_ids) == len(set(created_ids))
