"""Query understanding: every way a planner types a gap reaches the same reading."""

from __future__ import annotations

import pytest
from chainatlas.graph.model import Atlas, Chain, Enterprise, ProductSupply, Segment
from chainatlas.graph.store import Store
from chainatlas.queries.candidates import find_candidates
from chainatlas.queries.understand import (
    homophones,
    latin_words,
    normalise,
    to_simplified,
    understand,
)


class _Dictionary:
    """A two-entry stand-in for CC-CEDICT (the real one is tested in test_reference)."""

    def lookup(self, phrase: str) -> tuple[str, ...]:
        return {"tire": ("疲倦", "轮胎"), "lithium": ("锂",)}.get(phrase, ())


def _atlas() -> Atlas:
    seg = Segment(
        id="cathode-materials",
        name_zh="正极材料",
        name_en="Cathode materials",
        tier="midstream",
        aliases=["cathode", "NCM"],
        chain_ids=["battery-ev"],
    )
    bms = Segment(
        id="bms",
        name_zh="电池管理系统",
        name_en="Battery management systems",
        tier="midstream",
        aliases=["BMS"],
        chain_ids=["battery-ev"],
    )
    firms = [
        Enterprise(id="rongbai", name="容百科技", hq_region="330200"),
        Enterprise(id="linglong", name="玲珑轮胎", hq_region="370600"),
        Enterprise(id="huayou", name="华友钴业", hq_region="330400"),
        Enterprise(id="zijiang", name="紫江企业", hq_region="310000"),
    ]
    supplies = [
        ProductSupply(enterprise_id="rongbai", product_name="正极材料", weight=0.9),
        ProductSupply(enterprise_id="linglong", product_name="轮胎", weight=0.95),
        ProductSupply(enterprise_id="huayou", product_name="锂电池隔膜", weight=0.3),
        ProductSupply(enterprise_id="zijiang", product_name="铝塑膜", weight=0.2),
    ]
    return Atlas(
        chains=[Chain(id="battery-ev", name_zh="电池与电动车")],
        segments=[seg, bms],
        enterprises=firms,
        product_supplies=supplies,
    )


@pytest.fixture
def atlas_store(store: Store) -> Store:
    store.write(_atlas())
    return store


def test_normalise_folds_width_space_and_traditional_characters() -> None:
    assert normalise("  ＩＧＢＴ　模块 ") == "IGBT模块"  # no space between Latin and Chinese
    assert (
        normalise("heat  pump") == "heat pump" and normalise("碳酸锂 氢氧化锂") == "碳酸锂 氢氧化锂"
    )
    assert normalise("鋰電池隔膜") == "锂电池隔膜"
    assert to_simplified("空調壓縮機") == "空调压缩机"
    assert to_simplified("refrigeration") == "refrigeration"


def test_latin_words_drop_plurals_and_use_american_spelling() -> None:
    assert latin_words("Refrigeration Compressors") == ["refrigeration", "compressor"]
    assert latin_words("tyres") == ["tire"]
    assert latin_words("glass") == ["glass"]


def test_homophones_share_a_reading() -> None:
    assert "极" in homophones("级")
    assert "膜" in homophones("摸")
    assert "级" not in homophones("级")
    assert homophones("a") == []


def test_english_reaches_the_segment_through_the_chain_map(atlas_store: Store) -> None:
    u = understand(atlas_store, "cathode material")
    assert u.text == "正极材料" and u.segment_ids == ["cathode-materials"]
    assert any(e.source == "chain map (English)" for e in u.expansions)
    assert understand(atlas_store, "bms").segment_ids == ["bms"]
    # a word inside another is not a whole word: "cat" is no cathode
    assert understand(atlas_store, "cat").segment_ids == []


def test_a_one_character_typo_is_corrected_to_what_the_store_holds(atlas_store: Store) -> None:
    u = understand(atlas_store, "正级材料")
    assert u.text == "正极材料"
    assert u.expansions[-1].source == "pinyin (one character)"
    # a text the store holds is left as it is
    assert understand(atlas_store, "正极材料").text == "正极材料"
    # no homophone names anything: nothing is invented
    assert understand(atlas_store, "冻干机").text == "冻干机"


def test_the_dictionary_translates_what_the_chain_maps_do_not_know(atlas_store: Store) -> None:
    assert understand(atlas_store, "tyres").text == "tyres"  # no dictionary given
    u = understand(atlas_store, "tyres", dictionary=_Dictionary())
    assert u.text == "轮胎"  # 疲倦 (to tire) names no product the store holds
    assert [e.text for e in u.expansions if e.source.startswith("dictionary")] == ["轮胎"]


@pytest.mark.parametrize("variant", ["正极材料", "正級材料", "正级材料", "cathode materials"])
def test_every_form_of_a_query_gets_the_same_candidates(atlas_store: Store, variant: str) -> None:
    plain = find_candidates(atlas_store, query="正极材料", region="410700")
    found = find_candidates(atlas_store, query=variant, region="410700")
    assert [c.enterprise_id for c in found.candidates] == ["rongbai"]
    assert [c.enterprise_id for c in found.candidates] == [
        c.enterprise_id for c in plain.candidates
    ]
    assert found.understood is not None and found.understood.query == variant


def test_a_segment_question_has_no_reading(atlas_store: Store) -> None:
    assert find_candidates(atlas_store, "cathode-materials", region="410700").understood is None


def test_a_latin_alias_names_a_firm_only_as_a_whole_word(store: Store) -> None:
    seg = Segment(
        id="carbonate-solvents",
        name_zh="碳酸酯溶剂",
        tier="upstream",
        aliases=["EC"],
        chain_ids=["battery-ev"],
    )
    firms = [
        Enterprise(id="telecom", name="中国电信", aliases=["China Telecom"]),
        Enterprise(id="ec-maker", name="示例溶剂", aliases=["EC Solvents Co"]),
    ]
    store.write(
        Atlas(chains=[Chain(id="battery-ev", name_zh="电池")], segments=[seg], enterprises=firms)
    )
    found = find_candidates(store, "carbonate-solvents", region="410700")
    ids = [c.enterprise_id for c in found.candidates]
    assert "telecom" not in ids  # "ec" inside "Telecom" is no EC
    assert ids == ["ec-maker"]


def test_a_descriptive_phrase_is_read_for_the_thing_it_names(atlas_store: Store) -> None:
    u = understand(atlas_store, "锂电池用铝塑膜")
    assert u.text == "铝塑膜" and u.expansions[-1].source == "phrase (what follows 用)"
    assert understand(atlas_store, "动力锂电池隔膜").text == "锂电池隔膜"
    # a general word alone is no reading of a phrase
    assert understand(atlas_store, "冷链物流设备").text == "冷链物流设备"
    found = find_candidates(atlas_store, query="锂电池用铝塑膜", region="410700")
    assert [c.enterprise_id for c in found.candidates][:1] == ["zijiang"]


def test_several_things_asked_at_once(sample_store: Store) -> None:
    """A list (、 , / or two whole names with a space between) asks for each of its things;
    a remark in brackets is set aside; a place before a thing is not a second thing."""
    both = understand(sample_store, "正极材料、负极材料")
    assert both.text == "正极材料"
    assert ("负极材料", "one of several asked") in [(e.text, e.source) for e in both.expansions]
    assert understand(sample_store, "锂电池隔膜（湿法）").text == "锂电池隔膜"
    place = understand(sample_store, "河南 隔膜")
    assert "one of several asked" not in {e.source for e in place.expansions}


def test_a_grade_is_read_as_its_family(sample_store: Store) -> None:
    """NCM811 (a grade no name knows) reads as NCM, the segment the chain map names so."""
    u = understand(sample_store, "NCM811")
    plain = understand(sample_store, "NCM")
    assert plain.segment_ids and u.segment_ids == plain.segment_ids
    assert ("without its grade", plain.text) in [(e.source, e.text) for e in u.expansions]
    assert understand(sample_store, "PA6").segment_ids == []  # nothing known: nothing made up
