"""The chainkg importer on the real files in ../shared/data (skips outside CI when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.model import RelType
from chainatlas.loaders.chainkg import clean_text, normalise_stock_code, read_chainkg


def test_stock_codes_get_their_exchange() -> None:
    assert normalise_stock_code("688722") == "688722.SH"
    assert normalise_stock_code("301079") == "301079.SZ"
    assert normalise_stock_code("430047") == "430047.BJ"
    assert normalise_stock_code("600000.sh") == "600000.SH"
    assert normalise_stock_code("12345") is None


def test_clean_text_removes_newlines_and_leading_junk() -> None:
    assert clean_text("光纤复合\n架空地线\n") == "光纤复合架空地线"
    assert clean_text("-隔膜液碱") == "隔膜液碱"


@pytest.fixture(scope="module")
def chainkg() -> tuple:  # type: ignore[type-arg]
    from tests.conftest import SHARED_DATA, require

    require((SHARED_DATA / "chainkg").is_dir(), "../shared/data/chainkg not found")
    return read_chainkg(SHARED_DATA / "chainkg")


def test_import_reports_noise_by_reason(chainkg: tuple) -> None:  # type: ignore[type-arg]
    report, summary = chainkg
    assert report.ok
    assert summary.repaired["missing-suffix"] == 752
    for reason in ("duplicate-code", "negative-weight", "accounting-line", "self-link"):
        assert summary.dropped[reason] > 0
    atlas = report.valid[0]
    assert 4600 < len(atlas.enterprises) < 4700
    # firms whose company.json row carries another code are rebuilt from their industry row
    assert summary.repaired["recovered-company"] > 50
    by_id = {e.id: e for e in atlas.enterprises}
    assert (by_id["601857.SH"].name, by_id["601857.SH"].full_name) == (
        "中国石油",
        "中国石油天然气股份有限公司",
    )
    assert by_id["600028.SH"].full_name == "中国石油化工股份有限公司"
    assert len(atlas.industries) == 510 or len(atlas.industries) == 511
    assert all(s.weight is None or 0 <= s.weight <= 1 for s in atlas.product_supplies)
    assert all("\n" not in p.name for p in atlas.products)


def test_import_semantics_in_store(chainkg: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    report, _ = chainkg
    store = NetworkXStore(tmp_path / "s")
    store.write(report.valid[0])
    store = NetworkXStore(tmp_path / "s")  # reopened from the file
    [sep] = store.enterprises(["300568.SZ"])
    assert sep.name == "星源材质"
    products = {p.product_name: p.weight for p in store.enterprise_products(["300568.SZ"])}
    assert products["锂离子电池隔膜新能源材料"] == pytest.approx(0.98, abs=0.01)
    links = store.product_links(["疫苗"])
    assert any(
        lk.rel == RelType.SUBTYPE_OF and lk.to_name == "疫苗" and lk.from_name == "核酸疫苗"
        for lk in links
    )
    # 上游材料: to is a raw material of from -> (from)-[:MADE_FROM]->(to)
    assert any(
        lk.rel == RelType.MADE_FROM and lk.from_name == "尿素" and lk.to_name == "液氨"
        for lk in store.product_links(["尿素"])
    )
    [ind] = [m for m in store.enterprise_industries(["300568.SZ"])]
    assert store.industries([ind.industry_code])[0].name == "电池化学品"
