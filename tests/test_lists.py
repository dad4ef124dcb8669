"""The ranking-list importer (loaders/lists.py): entity resolution across lists and firms."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.model import Enterprise, Ownership
from chainatlas.graph.store import Store
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


# -- reviewed matches loaded back (issue 16): the --review file with its confirm column filled in

REGISTRY = (
    "id,name\n"
    "cce,中国化学工程股份有限公司\n"
    "cceg,中国化学工程集团有限公司\n"
    "catl,宁德时代新能源科技股份有限公司\n"
    "semcorp,恩捷新材料科技股份有限公司\n"
)
CHINA500 = (
    "rank,name_zh,revenue_musd,profit_musd\n"
    "1,中国化学工程有限公司,100,1\n"  # ambiguous: cce or cceg
    "2,宁德时代新能源有限公司,100,1\n"  # near miss of catl: made a firm, proposed
    "3,恩捷新材料股份有限公司,100,1\n"  # near miss of semcorp
)
GLOBAL500 = (
    "rank,name_zh,name_en,revenue_musd,profit_musd,country\n"
    "9,中国化学工程公司,CHINA CHEMICAL,100,1,中国\n"  # ambiguous again
)


def _cli(store: str, *args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from chainatlas.cli import app

    result = CliRunner().invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def _review_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_review(path: Path, rows: list[dict[str, str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _firms(where: str) -> dict[str, Enterprise]:
    from chainatlas import open_store

    s = open_store(where)
    try:
        return {e.id: e for e in s.enterprises()}
    finally:
        s.close()


def _stats(where: str) -> dict[str, int]:
    from chainatlas import open_store

    s = open_store(where)
    try:
        return s.stats()
    finally:
        s.close()


def test_reviewed_matches_load_back_through_the_cli(store: Store, tmp_path: Path) -> None:
    """On both stores: the CLI writes the review file, reads it back filled in, remembers it."""
    where, lists = store.location, tmp_path / "lists"
    lists.mkdir()
    (lists / "fortune_china500_2025.csv").write_text(CHINA500, encoding="utf-8")
    (lists / "fortune_global500_2025.csv").write_text(GLOBAL500, encoding="utf-8")
    (tmp_path / "reg.csv").write_text(REGISTRY, encoding="utf-8")
    assert _cli(where, "load", str(tmp_path / "reg.csv"))[0] == 0
    review = tmp_path / "review.csv"
    code, _, err = _cli(where, "import", "lists", str(lists), "--review", str(review))
    assert code == 0, err
    rows = _review_rows(review)
    proposed = {(r["entry"], r["candidate_id"]) for r in rows}
    assert proposed == {
        ("中国化学工程有限公司", "cce"),
        ("中国化学工程有限公司", "cceg"),
        ("宁德时代新能源有限公司", "catl"),
        ("恩捷新材料股份有限公司", "semcorp"),
        ("中国化学工程公司", "cce"),
        ("中国化学工程公司", "cceg"),
    }
    made = {e.name: e.id for e in _firms(where).values() if e.id.startswith("e-")}
    assert set(made) == {"宁德时代新能源有限公司", "恩捷新材料股份有限公司"}
    said = {
        ("中国化学工程有限公司", "cce"): "是",
        ("中国化学工程有限公司", "cceg"): "否",
        ("宁德时代新能源有限公司", "catl"): "✓",
        ("恩捷新材料股份有限公司", "semcorp"): "n",
        ("中国化学工程公司", "cce"): "no",  # and cceg left undecided
    }
    for r in rows:
        r["confirm"] = said.get((r["entry"], r["candidate_id"]), "")
    # a word that is neither yes nor no stops it, naming the row, and changes nothing
    bad = [dict(r) for r in rows]
    bad[0]["confirm"] = "也许"
    _write_review(tmp_path / "bad.csv", bad)
    before = _stats(where)
    code, _, err = _cli(
        where, "import", "lists", str(lists), "--reviewed", str(tmp_path / "bad.csv")
    )
    assert code == 1 and "'confirm'" in err and "'也许'" in err
    assert _stats(where) == before
    _write_review(review, rows)
    review2 = tmp_path / "review2.csv"
    code, out, err = _cli(
        where, "import", "lists", str(lists), "--reviewed", str(review), "--review", str(review2)
    )
    assert code == 0, err
    firms = _firms(where)
    # confirmed: the membership is the chosen firm's, with the list's rank
    assert [(m.list, m.rank) for m in firms["cce"].lists] == [("fortune_china500", 1)]
    assert firms["cceg"].lists == []
    assert [(m.list, m.rank) for m in firms["catl"].lists] == [("fortune_china500", 2)]
    assert "宁德时代新能源有限公司" in firms["catl"].aliases
    # the firm the first import made for the confirmed near miss is gone; the rejected one stays
    assert made["宁德时代新能源有限公司"] not in firms
    assert [m.rank for m in firms[made["恩捷新材料股份有限公司"]].lists] == [3]
    assert firms["semcorp"].lists == []
    # rejected firms are not proposed again; the undecided one still is
    assert {(r["entry"], r["candidate_id"]) for r in _review_rows(review2)} == {
        ("中国化学工程公司", "cceg")
    }
    # remembered by the store: a plain import later neither asks again nor undoes a decision
    code, _, err = _cli(where, "import", "lists", str(lists), "--review", str(review2))
    assert code == 0, err
    assert {(r["entry"], r["candidate_id"]) for r in _review_rows(review2)} == {
        ("中国化学工程公司", "cceg")
    }
    firms = _firms(where)
    assert [(m.list, m.rank) for m in firms["cce"].lists] == [("fortune_china500", 1)]
    assert made["宁德时代新能源有限公司"] not in firms


def test_a_list_file_with_a_column_it_does_not_know_is_refused(lists_dir: Path) -> None:
    path = lists_dir / "fortune_china500_2025.csv"
    path.write_text("排名,企业名称,营收增长\n1,某某集团有限公司,5%\n", encoding="utf-8")
    report, _ = read_lists(lists_dir, _known())
    [p] = [p for p in report.errors if p.file == path.name]
    assert (p.kind, p.line, p.field) == ("unknown-column", 1, "营收增长")
