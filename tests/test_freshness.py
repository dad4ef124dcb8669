"""Freshness: the store's facts by source, oldest first, on both stores and through the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.store import Store
from chainatlas.queries.freshness import Age, freshness_report, parse_age
from typer.testing import CliRunner

from chainatlas.api import load_paths
from chainatlas.cli import app
from tests.conftest import FIXTURES

MINI = FIXTURES / "mini"


def test_facts_by_source_oldest_first(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    report = freshness_report(store, today=date(2026, 12, 1))
    sources = [s.source for s in report.sources]
    # regions carry no source and no date: unknown age comes first
    assert sources[0] == "" and report.sources[0].oldest is None
    dated = [s for s in report.sources if s.oldest]
    assert [s.oldest for s in dated] == sorted(s.oldest for s in dated)
    by = {s.source: s for s in report.sources}
    assert by["测试清单"].kinds == {"weak link": 2} and by["测试清单"].oldest == "2013-04-19"
    fixture = by["test fixture"]
    assert fixture.kinds["firm"] == 7 and fixture.kinds["segment tag"] == 9
    assert fixture.newest == "2026-01-01"


def test_older_than_keeps_only_old_and_undated_facts(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    report = freshness_report(store, older_than=parse_age("18m"), today=date(2026, 12, 1))
    assert report.older_than == "2025-06-01"
    assert {s.source for s in report.sources} == {"", "测试清单"}  # firms of 2026 are fresh


def test_ages() -> None:
    assert parse_age("18m") == Age(18, 0) and parse_age("2 年") == Age(24, 0)
    with pytest.raises(ChainAtlasError, match="18m"):
        parse_age("eighteen months")


def test_cli_freshness(tmp_path: Path) -> None:
    st = str(tmp_path / "store")
    runner = CliRunner()
    assert (
        runner.invoke(app, ["--store", st, "load", *map(str, sorted(MINI.iterdir()))]).exit_code
        == 0
    )
    result = runner.invoke(app, ["--store", st, "freshness", "--older-than", "5y", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert "测试清单" in [s["source"] for s in data["sources"]]
    result = runner.invoke(
        app, ["--store", st, "freshness", "--older-than", "soon", "--lang", "en"]
    )
    assert result.exit_code == 1 and "age 'soon' is not a number with a unit" in result.output


def _public_atlas() -> object:
    from chainatlas.graph.model import (
        Atlas,
        Enterprise,
        IndustryMembership,
        Product,
        ProductLink,
        ProductSupply,
    )

    old, new = date(2019, 3, 1), date(2025, 7, 1)
    return Atlas(
        enterprises=[Enterprise(id="e1", name="甲", source="名录", as_of=new)],
        products=[
            Product(name="锂电池", source="kg", as_of=old),
            Product(name="正极材料", source="kg", as_of=old),
            Product(name="隔膜", source="kg"),
            Product(name="电解液", source="年报", as_of=new),
        ],
        product_links=[
            ProductLink(from_name="锂电池", to_name="正极材料", source="kg", as_of=old),
            ProductLink(from_name="锂电池", to_name="隔膜", source="kg", as_of=new),
        ],
        product_supplies=[
            ProductSupply(enterprise_id="e1", product_name="电解液", source="年报", as_of=new)
        ],
        industry_memberships=[
            IndustryMembership(enterprise_id="e1", industry_code="3841", source="工商", as_of=old)
        ],
    )


def test_public_fact_dates_contract(store: Store) -> None:
    """Both stores count products and product links by source and date, in one order."""
    from chainatlas.graph.store import FactDates

    assert store.public_fact_dates() == []
    store.write(_public_atlas())  # type: ignore[arg-type]
    assert store.public_fact_dates() == [
        FactDates("product", "kg", None, 1),
        FactDates("product", "kg", date(2019, 3, 1), 2),
        FactDates("product", "年报", date(2025, 7, 1), 1),
        FactDates("product link", "kg", date(2019, 3, 1), 1),
        FactDates("product link", "kg", date(2025, 7, 1), 1),
    ]


def test_freshness_covers_products_links_and_memberships(store: Store) -> None:
    store.write(_public_atlas())  # type: ignore[arg-type]
    by = {s.source: s for s in freshness_report(store, today=date(2026, 12, 1)).sources}
    assert by["kg"].kinds == {"product": 3, "product link": 2}
    assert (by["kg"].facts, by["kg"].undated, by["kg"].oldest) == (5, 1, "2019-03-01")
    assert by["kg"].newest == "2025-07-01"
    assert by["年报"].kinds == {"main product": 1, "product": 1}
    assert by["工商"].kinds == {"industry membership": 1}
    old = freshness_report(store, older_than=parse_age("5y"), today=date(2026, 12, 1))
    kept = {s.source: s.kinds for s in old.sources}
    assert kept["kg"] == {"product": 3, "product link": 1}  # 2019 facts and the undated one
    assert "年报" not in kept and kept["工商"] == {"industry membership": 1}
