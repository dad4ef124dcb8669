"""Store contract, ``capabilities_in_region``: the region filter pushed into the store.

Expectations are written out by hand and checked on both stores (the ``store`` fixture); the
last test also holds the method to its definition (``capabilities_for_segments`` filtered by
``enterprises_in_region``) on the same data.
"""

from __future__ import annotations

import pytest
from chainatlas.graph.model import (
    Atlas,
    Capability,
    Chain,
    Enterprise,
    Presence,
    PresenceKind,
    Region,
    Segment,
)
from chainatlas.graph.store import Store

HQ, PLANT, PLANNED = PresenceKind.HQ, PresenceKind.PLANT, PresenceKind.PLANNED


def region_atlas() -> Atlas:
    """Five firms around 新乡 (410700) and 郑州 (410100) supplying three segments."""
    firms = {
        "hq-xx": [("410702", HQ)],  # HQ in a district of 新乡
        "plant-xx": [("110000", HQ), ("410700", PLANT)],  # HQ in 北京, a plant in 新乡
        "planned-xx": [("310000", HQ), ("410700", PLANNED)],  # only planning to come
        "zz": [("410100", HQ)],  # 郑州: same province, another city
        "both": [("410700", HQ), ("410711", PLANT)],  # two presences in 新乡: listed once
    }
    caps = [
        ("hq-xx", "anode", 0.9),
        ("hq-xx", "cells", 0.4),
        ("plant-xx", "cells", 1.0),
        ("planned-xx", "cells", 1.0),
        ("zz", "anode", 0.7),
        ("both", "packs", 0.6),
        ("both", "anode", 0.5),
    ]
    return Atlas(
        chains=[Chain(id="battery", name_zh="锂电池")],
        segments=[
            Segment(id=sid, name_zh=sid, tier="midstream", chain_ids=["battery"])
            for sid in ("anode", "cells", "packs")
        ],
        regions=[
            Region(code=code, name_zh=code)
            for code in ("410700", "410702", "410711", "410100", "110000", "310000")
        ],
        enterprises=[Enterprise(id=eid, name=f"{eid} 公司") for eid in firms],
        presences=[
            Presence(enterprise_id=eid, region_code=code, kind=kind)
            for eid, pres in firms.items()
            for code, kind in pres
        ],
        capabilities=[
            Capability(enterprise_id=e, segment_id=s, strength=st, evidence="registry")
            for e, s, st in caps
        ],
    )


def pairs(caps: list[Capability]) -> list[tuple[str, str]]:
    return [(c.segment_id, c.enterprise_id) for c in caps]


def test_hq_and_plant_count_by_default_planned_does_not(store: Store) -> None:
    store.write(region_atlas())
    found = store.capabilities_in_region(["anode", "cells", "packs"], "4107")
    assert pairs(found) == [
        ("anode", "both"),
        ("anode", "hq-xx"),
        ("cells", "hq-xx"),
        ("cells", "plant-xx"),
        ("packs", "both"),
    ]
    # the records themselves come back, strength and evidence included
    assert found[1] == Capability(
        enterprise_id="hq-xx", segment_id="anode", strength=0.9, evidence="registry"
    )


def test_only_the_segments_asked_for(store: Store) -> None:
    store.write(region_atlas())
    assert pairs(store.capabilities_in_region(["cells"], "4107")) == [
        ("cells", "hq-xx"),
        ("cells", "plant-xx"),
    ]
    assert store.capabilities_in_region(["nope"], "4107") == []
    assert store.capabilities_in_region([], "4107") == []


def test_prefix_widens_to_the_province_and_narrows_to_a_district(store: Store) -> None:
    store.write(region_atlas())
    province = store.capabilities_in_region(["anode"], "41")
    assert pairs(province) == [("anode", "both"), ("anode", "hq-xx"), ("anode", "zz")]
    assert pairs(store.capabilities_in_region(["anode", "cells"], "410702")) == [
        ("anode", "hq-xx"),
        ("cells", "hq-xx"),
    ]
    assert store.capabilities_in_region(["anode"], "4108") == []


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([PLANNED], [("cells", "planned-xx")]),
        ([PLANT], [("cells", "plant-xx"), ("packs", "both")]),
        (
            [HQ, PLANT, PLANNED],
            [("cells", "hq-xx"), ("cells", "planned-xx"), ("cells", "plant-xx"), ("packs", "both")],
        ),
        ([], []),
    ],
)
def test_kinds_choose_the_presences(
    store: Store, kinds: list[PresenceKind], expected: list[tuple[str, str]]
) -> None:
    store.write(region_atlas())
    assert pairs(store.capabilities_in_region(["cells", "packs"], "4107", kinds)) == expected


def test_equals_capabilities_for_segments_filtered_by_region(store: Store) -> None:
    store.write(region_atlas())
    segs = ["anode", "cells", "packs"]
    for prefix in ("", "41", "4107", "410711", "11", "31"):
        for kinds in ([HQ, PLANT], [PLANNED], list(PresenceKind)):
            local = store.enterprises_in_region(prefix, kinds)
            want = [c for c in store.capabilities_for_segments(segs) if c.enterprise_id in local]
            assert store.capabilities_in_region(segs, prefix, kinds) == want, (prefix, kinds)


# -- find_enterprises_many: several name searches in one retrieval ---------------------------------
def test_find_enterprises_many_equals_one_search_per_text(store: Store) -> None:
    atlas = region_atlas()
    atlas.enterprises.extend(
        [
            Enterprise(id="e1", name="新乡电池", full_name="新乡市电池有限公司", aliases=["新电"]),
            Enterprise(id="e2", name="电池", full_name="郑州电池股份有限公司"),
            Enterprise(id="e3", name="隔膜科技"),
        ]
    )
    store.write(atlas)
    texts = ["电池", " 隔膜 ", "新电", "公司", "无此名", "", "电池"]
    many = store.find_enterprises_many(texts, limit=3)
    assert list(many) == ["电池", " 隔膜 ", "新电", "公司", "无此名", ""]
    for text in texts:
        assert many[text] == store.find_enterprises(text, limit=3), text
    assert [e.id for e in many["电池"]] == ["e2", "e1"]  # exact name first, then by length
    assert [e.id for e in many[" 隔膜 "]] == ["e3"]
    assert [e.id for e in many["新电"]] == ["e1"]
    assert len(many["公司"]) == 3 and many["无此名"] == [] and many[""] == []
    assert store.find_enterprises_many([]) == {}
