"""Central-SOE pairing: the shipped table, its loader, loose industry matching, segments, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from chainatlas.graph.errors import ChainAtlasError, LoadError
from chainatlas.graph.model import Enterprise, SoePairing, SoePairingTable
from chainatlas.graph.store import Store
from chainatlas.loaders.soe import read_soe_pairing
from chainatlas.queries.soe import paired_soe_name, paired_soes_for_segment, soe_pairing
from typer.testing import CliRunner

from chainatlas.cli import app
from chainatlas.reference import read_soe_table, shipped_soe_pairing

TABLE = shipped_soe_pairing()
HEADER = "industry_zh,industry_en,seed_name_zh,seed_name_en,current_name_zh,note,source,as_of\n"


def rows() -> list[SoePairing]:
    return TABLE.pairings


def test_every_current_name_is_on_the_sasac_list(shared_data: Path) -> None:
    path = shared_data / "reference" / "lists" / "central_soe_list.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sasac = {r["name_zh"].strip() for r in csv.DictReader(fh) if r["category"] == "sasac"}
    assert len(rows()) >= 30
    missing = sorted({r.current_name_zh for r in rows()} - sasac)
    assert missing == [], f"not on the SASAC list verbatim: {missing}"


def test_every_row_has_a_source_and_a_date() -> None:
    for row in rows():
        assert row.source and row.as_of is not None, row
        assert row.industry_zh and row.seed_name_zh and row.current_name_zh


def test_mergers_resolve_to_todays_groups() -> None:
    today = {r.seed_name_zh: r.current_name_zh for r in rows()}
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
    assert soe_pairing(TABLE, query).industries == [industry]


def test_answer_lists_current_names_once() -> None:
    answer = soe_pairing(TABLE, "汽车")
    assert answer.current_names.count("中国中车集团有限公司") == 1
    assert len(answer.pairings) == 6 and len(answer.current_names) == 5


def test_unknown_industry_names_the_known_ones() -> None:
    with pytest.raises(ChainAtlasError, match="known: .*生物与新医药"):
        soe_pairing(TABLE, "航海")
    with pytest.raises(ChainAtlasError):
        soe_pairing(TABLE, "  ")


def test_segment_pairing_follows_its_chain(sample_store: Store) -> None:
    battery = paired_soes_for_segment(sample_store, "separators", TABLE)
    assert "中国第一汽车集团有限公司" in battery and "中国中车集团有限公司" in battery
    assert "中国移动通信集团有限公司" not in battery  # its chain decides, not its GB/T code
    coal = paired_soes_for_segment(sample_store, "urea", TABLE)
    assert "国家能源投资集团有限责任公司" in coal
    fridge = paired_soes_for_segment(sample_store, "compressors", TABLE)
    assert "中国电子信息产业集团有限公司" in fridge
    assert paired_soes_for_segment(sample_store, "no-such-segment", TABLE) == []


def test_a_segment_of_the_citys_own_chain_maps_through_the_keys(sample_store: Store) -> None:
    from chainatlas.graph.model import Atlas, Chain, Segment, SoeIndustryKey

    sample_store.write(
        Atlas(
            chains=[Chain(id="pharma", name_zh="生物医药")],
            segments=[
                Segment(
                    id="apis",
                    name_zh="原料药",
                    tier="upstream",
                    chain_ids=["pharma"],
                    gbt_codes=["2710"],
                )
            ],
        )
    )
    # no key names the chain: its GB/T 4754 division (27) says biology & new medicine
    assert paired_soes_for_segment(sample_store, "apis", TABLE) == ["中国医药集团有限公司"]
    keyed = SoePairingTable(
        pairings=TABLE.pairings,
        keys=[SoeIndustryKey(scope="chain", key="pharma", industry="食品")],
    )
    assert paired_soes_for_segment(sample_store, "apis", keyed)[0] != "中国医药集团有限公司"
    assert (
        paired_soes_for_segment(sample_store, "apis", SoePairingTable(pairings=TABLE.pairings))
        == []
    )


def test_the_shipped_files_load_without_a_problem() -> None:
    from chainatlas.reference import shipped_path

    report = read_soe_pairing(
        shipped_path("soe_pairing.csv"), shipped_path("soe_industry_keys.csv")
    )
    assert report.ok and report.problems == []
    assert report.valid == [TABLE]
    assert TABLE.industry_of("chain", "battery-ev") == "汽车及零部件"
    assert TABLE.industry_of("gbt_division", "27") == "生物与新医药"


def test_loader_problems_name_the_file_line_and_column(tmp_path: Path) -> None:
    table = tmp_path / "pairing.csv"
    table.write_text(
        HEADER
        + "汽车及零部件,Automobiles,中国一汽,FAW,中国第一汽车集团有限公司,,seed,2025-07-29\n"
        + "食品,Food,,,中粮集团有限公司,,seed,2025-07-29\n"
        + "食品,Food,中粮,COFCO,中粮集团有限公司,,seed,2025-13-45\n",
        encoding="utf-8",
    )
    keys = tmp_path / "keys.csv"
    keys.write_text(
        "scope,key,industry\nchain,battery-ev,汽车及零部件\nchain,x,航海\nregion,41,食品\n"
        "chain,battery-ev,汽车及零部件\n",
        encoding="utf-8",
    )
    report = read_soe_pairing(table, keys)
    assert not report.ok and report.valid == []
    got = [(p.kind, Path(p.file).name, p.line, p.field) for p in report.problems]
    assert got == [
        ("missing-value", "pairing.csv", 3, "seed_name_zh"),
        ("invalid-value", "pairing.csv", 4, "as_of"),
        ("unknown-reference", "keys.csv", 3, "industry"),
        ("invalid-value", "keys.csv", 4, "scope"),
        ("duplicate-id", "keys.csv", 5, "key"),
    ]
    with pytest.raises(LoadError, match="seed_name_zh is required"):
        read_soe_table(table, keys)


def test_loader_needs_the_three_name_columns(tmp_path: Path) -> None:
    table = tmp_path / "pairing.csv"
    table.write_text("industry_zh,seed_name_zh\n食品,中粮\n", encoding="utf-8")
    report = read_soe_pairing(table)
    assert [(p.kind, p.field) for p in report.problems][:1] == [
        ("missing-column", "current_name_zh")
    ]
    assert "current_name_zh" in report.problems[0].message


def test_a_firm_is_recognised_by_its_group_name() -> None:
    names = soe_pairing(TABLE, "汽车").current_names
    faw = Enterprise(id="faw", name="中国一汽", full_name="中国第一汽车集团有限公司")
    crrc = Enterprise(id="crrc", name="中国中车", aliases=["中国中车集团"])
    other = Enterprise(id="x", name="某汽车公司")
    assert paired_soe_name(faw, names) == "中国第一汽车集团有限公司"
    assert paired_soe_name(crrc, names) == "中国中车集团有限公司"
    assert paired_soe_name(other, names) is None


def test_cli_soe_json_equals_the_api() -> None:
    result = CliRunner().invoke(app, ["soe", "--industry", "生物", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == soe_pairing(TABLE, "生物").model_dump(mode="json")


def test_cli_soe_unknown_industry_is_one_line() -> None:
    result = CliRunner().invoke(app, ["soe", "--industry", "航海", "--lang", "en"])
    assert result.exit_code == 1
    assert "no industry in the central-SOE pairing table matches '航海'" in result.output
