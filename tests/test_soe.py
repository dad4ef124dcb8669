"""Central-SOE pairing: the shipped table, loose industry matching, segments, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Enterprise
from chainatlas.graph.store import Store
from chainatlas.queries.soe import (
    paired_soe_name,
    paired_soes_for_segment,
    read_soe_pairing,
    soe_pairing,
)
from typer.testing import CliRunner

from chainatlas.cli import app


def test_every_current_name_is_on_the_sasac_list(shared_data: Path) -> None:
    path = shared_data / "reference" / "lists" / "central_soe_list.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sasac = {r["name_zh"].strip() for r in csv.DictReader(fh) if r["category"] == "sasac"}
    rows = read_soe_pairing()
    assert len(rows) >= 30
    missing = sorted({r.current_name_zh for r in rows} - sasac)
    assert missing == [], f"not on the SASAC list verbatim: {missing}"


def test_every_row_has_a_source_and_a_date() -> None:
    for row in read_soe_pairing():
        assert row.source and row.as_of is not None, row
        assert row.industry_zh and row.seed_name_zh and row.current_name_zh


def test_mergers_resolve_to_todays_groups() -> None:
    today = {r.seed_name_zh: r.current_name_zh for r in read_soe_pairing()}
    assert today["南车集团"] == today["北车集团"] == "中国中车集团有限公司"
    assert today["国电集团"] == "国家能源投资集团有限责任公司"
    assert today["中电投"] == "国家电力投资集团有限公司"
    assert today["中化集团"] == "中国中化控股有限责任公司"


@pytest.mark.parametrize(
    ("query", "industry"),
    [
        ("生物", "生物与新医药"),
        ("医药", "生物与新医药"),
        ("建材", "建筑材料"),
        ("汽车", "汽车及零部件"),
        ("auto", "汽车及零部件"),
        ("Electronic Information", "电子信息"),
        ("coal", "现代煤化工及能源"),
        ("煤化工", "现代煤化工及能源"),
    ],
)
def test_industry_matches_loosely(query: str, industry: str) -> None:
    assert soe_pairing(query).industries == [industry]


def test_answer_lists_current_names_once() -> None:
    answer = soe_pairing("汽车")
    assert answer.current_names.count("中国中车集团有限公司") == 1
    assert len(answer.pairings) == 6 and len(answer.current_names) == 5


def test_unknown_industry_names_the_known_ones() -> None:
    with pytest.raises(ChainAtlasError, match="known: .*生物与新医药"):
        soe_pairing("航海")
    with pytest.raises(ChainAtlasError):
        soe_pairing("  ")


def test_segment_pairing_follows_its_chain(sample_store: Store) -> None:
    battery = paired_soes_for_segment(sample_store, "separators")
    assert "中国第一汽车集团有限公司" in battery and "中国中车集团有限公司" in battery
    assert "中国移动通信集团有限公司" not in battery  # its chain decides, not its GB/T code
    coal = paired_soes_for_segment(sample_store, "urea")
    assert "国家能源投资集团有限责任公司" in coal
    fridge = paired_soes_for_segment(sample_store, "compressors")
    assert "中国电子信息产业集团有限公司" in fridge
    assert paired_soes_for_segment(sample_store, "no-such-segment") == []


def test_a_firm_is_recognised_by_its_group_name() -> None:
    names = soe_pairing("汽车").current_names
    faw = Enterprise(id="faw", name="中国一汽", full_name="中国第一汽车集团有限公司")
    crrc = Enterprise(id="crrc", name="中国中车", aliases=["中国中车集团"])
    other = Enterprise(id="x", name="某汽车公司")
    assert paired_soe_name(faw, names) == "中国第一汽车集团有限公司"
    assert paired_soe_name(crrc, names) == "中国中车集团有限公司"
    assert paired_soe_name(other, names) is None


def test_cli_soe_json_equals_the_api() -> None:
    result = CliRunner().invoke(app, ["soe", "--industry", "生物", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == soe_pairing("生物").model_dump(mode="json")


def test_cli_soe_unknown_industry_is_one_line() -> None:
    result = CliRunner().invoke(app, ["soe", "--industry", "航海"])
    assert result.exit_code == 1
    assert "no industry in the central-SOE pairing table matches '航海'" in result.output
