"""The glossary of industrial terms and abbreviations (data/glossary.csv) and how query
understanding reads a query through it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Atlas, Enterprise, ProductSupply
from chainatlas.graph.store import Store
from chainatlas.queries.candidates import find_candidates
from chainatlas.queries.understand import Glossary, understand

from chainatlas.reference import (
    GLOSSARY_KINDS,
    CedictDictionary,
    read_glossary,
    shipped_glossary,
    shipped_path,
)

CJK = re.compile(r"[\u3400-\u9fff]")


class _Glossed:
    """A dictionary that knows no word, with the shipped glossary (CC-CEDICT is not read)."""

    glossary: Glossary = shipped_glossary()

    def lookup(self, phrase: str) -> tuple[str, ...]:
        return ()


# firm id -> name, products
FIRMS = {
    "P1": ("硅业甲", ["多晶硅", "单晶硅片"]),
    "P2": ("硅业乙", ["光伏多晶硅料"]),
    "F1": ("氟化工甲", ["聚偏氟乙烯", "聚四氟乙烯"]),
    "F2": ("氟化工乙", ["聚偏氟乙烯粘结剂"]),
    "E1": ("溶剂甲", ["碳酸乙烯酯", "碳酸二甲酯"]),
    "T1": ("科技甲", ["Technology服务"]),
    "X1": ("杂项", ["粘结剂"]),
}


@pytest.fixture
def glossed_store(store: Store) -> Store:
    store.write(
        Atlas(
            enterprises=[Enterprise(id=k, name=v[0]) for k, v in FIRMS.items()],
            product_supplies=[
                ProductSupply(enterprise_id=k, product_name=p, weight=0.5)
                for k, v in FIRMS.items()
                for p in v[1]
            ],
        )
    )
    return store


def _rows() -> list[dict[str, str]]:
    with shipped_path("glossary.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_glossary_ships_and_loads() -> None:
    glossary = shipped_glossary()
    assert 200 <= len(glossary) <= 320
    assert shipped_glossary() is glossary  # read once
    assert glossary.get("polysilicon").zh == "多晶硅"  # type: ignore[union-attr]
    assert glossary.get("pvdf").zh == "聚偏氟乙烯"  # type: ignore[union-attr]
    assert glossary.get("Heat Pumps").zh == "热泵"  # type: ignore[union-attr]
    assert CedictDictionary(glossary).glossary is glossary
    assert CedictDictionary().glossary is None


def test_every_row_is_well_formed_and_unique() -> None:
    rows = _rows()
    assert rows and list(rows[0]) == ["term", "zh", "kind", "note"]
    keys: dict[tuple[str, ...], str] = {}
    for row in rows:
        term, zh, kind = row["term"], row["zh"], row["kind"]
        assert term == term.strip() and zh == zh.strip() and term, row
        assert CJK.search(zh), row
        assert kind in GLOSSARY_KINDS, row
        if kind == "abbreviation":
            assert " " not in term and re.search(r"[A-Z]", term), row
        else:
            assert term == term.lower() or re.search(r"[A-Z]", term), row
        key = tuple(re.findall(r"[a-z0-9]+", term.lower()))  # as typed, case folded
        assert key and key not in keys, (term, keys.get(key))
        keys[key] = term
    # the brief's examples, as the A-share product lists name them
    want = {
        "polysilicon": "多晶硅",
        "PVDF": "聚偏氟乙烯",
        "PTA": "精对苯二甲酸",
        "MEG": "乙二醇",
        "separator": "隔膜",
        "anode material": "负极材料",
        "heat pump": "热泵",
        "scroll compressor": "涡旋压缩机",
        "caustic soda": "烧碱",
        "urea": "尿素",
        "SiC": "碳化硅",
        "EC": "碳酸乙烯酯",
    }
    got = {r["term"]: r["zh"] for r in rows}
    assert {t: got.get(t) for t in want} == want


def test_a_bad_row_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.csv"
    bad.write_text("term,zh,kind,note\nPVDF,聚偏氟乙烯,abbreviation,\npvdf,聚偏,abbreviation,\n")
    with pytest.raises(ChainAtlasError, match="line 3"):
        read_glossary(bad)
    bad.write_text("term,zh,kind,note\nPVDF,PVDF,abbreviation,\n")
    with pytest.raises(ChainAtlasError, match="line 2: zh"):
        read_glossary(bad)
    bad.write_text("term,zh,kind,note\nPVDF,聚偏氟乙烯,acronym,\n")
    with pytest.raises(ChainAtlasError, match="kind"):
        read_glossary(bad)


def test_polysilicon_is_understood_as_duojinggui(glossed_store: Store) -> None:
    u = understand(glossed_store, "polysilicon", dictionary=_Glossed())
    assert u.text == "多晶硅"
    (exp,) = [e for e in u.expansions if e.source == "glossary"]
    assert exp.text == "多晶硅" and exp.weight == pytest.approx(0.9)
    assert understand(glossed_store, "Polysilicon", dictionary=_Glossed()).text == "多晶硅"
    found = find_candidates(glossed_store, query="polysilicon", region="", dictionary=_Glossed())
    assert {c.enterprise_id for c in found.candidates[:2]} == {"P1", "P2"}
    # no glossary given: as before (CC-CEDICT has only "polycrystalline silicon")
    assert understand(glossed_store, "polysilicon").text == "polysilicon"


def test_an_abbreviation_matches_whole_words_only(glossed_store: Store) -> None:
    glossary = shipped_glossary()
    assert [e.term for e, _, _ in glossary.spans("EC")] == ["EC"]
    assert glossary.spans("Technology") == [] and glossary.spans("electric") == []
    assert glossary.get("CMOS").zh != glossary.get("CMO").zh  # type: ignore[union-attr]
    assert glossary.get("MOSFETs").term == "MOSFET"  # type: ignore[union-attr]
    u = understand(glossed_store, "Technology", dictionary=_Glossed())
    assert all(e.source != "glossary" for e in u.expansions)
    u = understand(glossed_store, "Technology服务商", dictionary=_Glossed())
    assert all(e.source != "glossary" for e in u.expansions)
    assert understand(glossed_store, "ec", dictionary=_Glossed()).text == "碳酸乙烯酯"


def test_the_longest_phrase_first() -> None:
    glossary = shipped_glossary()
    spans = glossary.spans("wind turbine blade and heat pumps")
    assert [e.zh for e, _, _ in spans] == ["风电叶片", "热泵"]
    assert [e.zh for e, _, _ in glossary.spans("lithium ion battery")] == ["锂电池"]
    assert [e.zh for e, _, _ in glossary.spans("aluminium foil")] == ["铝箔"]


def test_an_abbreviation_within_a_chinese_query(glossed_store: Store) -> None:
    u = understand(glossed_store, "PVDF粘合材料", dictionary=_Glossed())
    assert u.text == "聚偏氟乙烯粘合材料"
    assert [e.source for e in u.expansions] == ["typed", "glossary"]
    # held by the store as typed: the glossary is not needed
    u = understand(glossed_store, "聚偏氟乙烯粘结剂", dictionary=_Glossed())
    assert u.text == "聚偏氟乙烯粘结剂"
    u = understand(glossed_store, "ＰＶＤＦ粘合材料", dictionary=_Glossed())  # full-width
    assert u.text == "聚偏氟乙烯粘合材料"


def test_an_unheld_reading_does_not_take_the_place_of_one_that_finds(
    glossed_store: Store,
) -> None:
    u = understand(glossed_store, "IGBT", dictionary=_Glossed())
    (exp,) = [e for e in u.expansions if e.source == "glossary"]
    assert exp.text == "绝缘栅双极型晶体管" and exp.weight < 0.9
