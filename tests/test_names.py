"""Entity resolution of firm names (loaders/names.py)."""

from __future__ import annotations

import pytest
from chainatlas.loaders.names import NameIndex, name_key, name_parts, strip_st


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("华润（集团）有限公司", "华润"),
        ("中国华润有限公司", "华润"),
        ("云南恩捷新材料股份有限公司", "恩捷新材料"),
        ("*ST德豪", "德豪"),
        ("中国石油天然气集团有限公司", "石油天然气"),
        ("ＴＣＬ科技集团股份有限公司", "tcl科技"),
    ],
)
def test_name_key_strips_legal_form_region_and_marks(raw: str, key: str) -> None:
    assert name_key(raw) == key


def test_strip_st_variants() -> None:
    assert [strip_st(n) for n in ("*ST德豪", "ST宏盛", "S*ST云大", "STAR")] == [
        "德豪",
        "宏盛",
        "云大",
        "STAR",
    ]


def test_region_prefixes_keep_different_provinces_apart() -> None:
    assert name_parts("湖南投资集团股份有限公司") == ("湖南", "投资")
    index = NameIndex()
    index.add("000548.SZ", ["湖南投资", "湖南投资集团股份有限公司"])
    assert index.resolve("中国投资有限责任公司").enterprise_id is None


def test_resolve_exact_core_and_group_to_flagship() -> None:
    index = NameIndex()
    index.add("601600.SH", ["中国铝业", "中国铝业股份有限公司"])
    index.add("000807.SZ", ["云铝股份", "云南铝业股份有限公司"])
    index.add("002812.SZ", ["恩捷股份", "云南恩捷新材料股份有限公司"])
    assert index.resolve("恩捷股份").method == "exact"
    group = index.resolve("中国铝业集团有限公司")
    assert (group.enterprise_id, group.method) == ("601600.SH", "core")


def test_ambiguous_core_is_not_attached() -> None:
    index = NameIndex()
    index.add("a", ["华润"])
    index.add("b", ["华润（集团）有限公司"])
    m = index.resolve("中国华润有限公司")
    assert m.ambiguous and m.enterprise_id is None
    assert {alt[0] for alt in m.alternatives} == {"a", "b"}


def test_unrelated_name_is_none() -> None:
    index = NameIndex()
    index.add("x", ["星源材质", "深圳市星源材质科技股份有限公司"])
    assert index.resolve("京东集团").enterprise_id is None
