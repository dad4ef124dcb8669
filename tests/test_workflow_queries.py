"""The workflow questions on the sample atlas: quarterly report, clusters, a firm's profile."""

from __future__ import annotations

from datetime import date

import pytest
from chainatlas.graph.errors import ChainAtlasError, UnknownEnterprise
from chainatlas.graph.model import ProjectStatus
from chainatlas.graph.store import Store
from chainatlas.queries.clusters import cluster_candidates, cluster_coverage, list_clusters
from chainatlas.queries.pipeline import parse_quarter, quarterly_report
from chainatlas.queries.profiles import enterprise_profile


def test_parse_quarter() -> None:
    q = parse_quarter("2013Q2")
    assert (q.start, q.end, q.previous().label, q.half_label) == (
        date(2013, 4, 1),
        date(2013, 6, 30),
        "2013Q1",
        "2013H1",
    )
    assert parse_quarter("2013-q4").end == date(2013, 12, 31)
    assert parse_quarter("2013年第一季度").previous().label == "2012Q4"
    with pytest.raises(ChainAtlasError, match="2013Q5"):
        parse_quarter("2013Q5")


def test_quarterly_report_2013q2(sample_store: Store) -> None:
    r = quarterly_report(sample_store, "2013Q2")
    assert r.by_stage == {
        "推介": 1,
        "在谈": 8,
        "签约": 6,
        "拟开工": 1,
        "在建": 5,
        "投产": 2,
        "终止": 1,
    }
    assert r.by_stage_previous["在谈"] == 11 and r.by_stage_previous["投产"] == 0
    assert len(r.projects) == 24 and len(r.changes) == 23
    first = r.changes[0]
    assert (first.on, first.name, first.from_status, first.to_status) == (
        date(2013, 4, 8),
        "新能源客车生产基地",
        ProjectStatus.TO_START,
        ProjectStatus.UNDER_CONSTRUCTION,
    )
    assert [(p.name, p.days_in_stage) for p in r.stalled] == [
        ("六氟磷酸锂项目", 173),
        ("聚氨酯保温材料项目", 117),
        ("分子筛催化剂项目", 117),
        ("换热器项目", 110),
    ]
    assert [(g.segment_id, g.official_kind, g.responsible_unit) for g in r.gaps_filled] == [
        ("refrigeration-valves", "missing", "牧野区"),
        ("charging-piles", "missing", "红旗区"),
    ]
    assert r.review_period == "2013H1"
    assert {p.status for p in r.review_list} == {
        ProjectStatus.UNDER_CONSTRUCTION,
        ProjectStatus.IN_PRODUCTION,
    }
    assert len(r.review_list) == 7
    cards = {c.responsible_unit: c for c in r.scorecard}
    jk = cards["新乡经济技术开发区"]
    assert (jk.projects, jk.advanced, jk.signed, jk.signed_investment_100m_cny, jk.started) == (
        5,
        4,
        1,
        50.0,
        2,
    )
    assert (cards["红旗区"].in_production, cards["红旗区"].gaps_filled) == (1, 1)
    assert cards["获嘉县"].stalled == 2 and cards["获嘉县"].advanced == 0
    assert r.scorecard[0].responsible_unit == "新乡经济技术开发区"  # most advanced first


def test_report_reads_history_as_of_the_quarter(sample_store: Store) -> None:
    early = quarterly_report(sample_store, "2012Q4")
    assert sum(early.by_stage.values()) == len(early.projects) == 17
    assert early.changes and all(c.on <= date(2012, 12, 31) for c in early.changes)
    late = quarterly_report(sample_store, "2013Q4", stalled_days=60)
    assert late.review_period == "2013H2"
    assert {g.segment_id for g in late.gaps_filled} == {
        "electrolyte",
        "electric-buses",
        "industrial-gases",
        "air-separation-units",
    }
    # projects terminated in an earlier quarter drop out; the one ended in Q3 still shows
    assert late.by_stage["终止"] == 0
    assert quarterly_report(sample_store, "2013Q3").by_stage["终止"] == 1


def test_report_on_an_empty_store_says_what_to_do(store: Store) -> None:
    with pytest.raises(ChainAtlasError, match="load a projects file"):
        quarterly_report(store, "2013Q2")


def test_cluster_coverage_and_what_weakens_it(sample_store: Store) -> None:
    cov = cluster_coverage(sample_store, "新乡制冷家电产业集群", "410700")
    assert cov.cluster_id == "xx-refrigeration" and cov.lead == "新飞"
    covered = {s.segment_id for s in cov.segments if s.members}
    assert covered == {
        "refrigerators-freezers",
        "household-air-conditioners",
        "copper-tube",
        "heat-exchangers",
    }
    assert cov.covered == 4 and cov.coverage == round(4 / 7, 4)
    gaps = {g.segment_id: g for g in cov.gaps}
    assert gaps["fridge-compressors"].relation == "own"
    assert gaps["refrigerants"].relation.startswith("feeds ")
    assert [g.priority for g in cov.gaps] == sorted((g.priority for g in cov.gaps), reverse=True)
    assert [c.cluster_id for c in list_clusters(sample_store, "410700")] == sorted(
        c.id for c in sample_store.clusters()
    )
    with pytest.raises(ChainAtlasError, match="xx-refrigeration"):
        cluster_coverage(sample_store, "no such cluster", "410700")


def test_cluster_candidates_strengthen_several_segments(sample_store: Store) -> None:
    cands = cluster_candidates(sample_store, "xx-refrigeration", "410700", top=5)
    assert cands[0].gap_count >= 3
    # ranked by score (as target lists are): a firm filling fewer, more urgent gaps may lead
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert [c.rank for c in cands] == [1, 2, 3, 4, 5]
    top = {c.name for c in cands[:2]}
    assert top == {"美的集团", "格力电器"}
    assert "fridge-compressors" in cands[0].segment_ids


def test_profile_of_catl(sample_store: Store) -> None:
    p = enterprise_profile(sample_store, "宁德时代", "410700")
    assert p.enterprise.id == "catl" and not p.local
    assert p.status.startswith("动力电池龙头")
    assert [e.name for e in p.executives] == ["曾毓群"]
    assert [c.on.isoformat() for c in p.contacts] == [
        "2012-11-08",
        "2013-01-20",
        "2013-03-05",
        "2013-05-18",
    ]
    assert p.last_contact == date(2013, 5, 18) and p.next_step == "办理土地和环评手续"
    assert {x.kind for x in p.places} >= {"hq", "plant"}
    assert [x.name for x in p.projects] == ["动力电池系统及储能项目"]
    gaps = {g.segment_id: g for g in p.gaps}
    assert gaps["battery-packs"].intended and not gaps["battery-recycling"].intended
    assert all(g.coverage_class in {"weak", "missing"} for g in p.gaps)
    assert p.segment_names["battery-packs"] == "电池包与电池系统"


def test_profile_of_a_local_firm_without_an_information_base(sample_store: Store) -> None:
    p = enterprise_profile(sample_store, "xx-kelong", "410700")
    assert p.local and p.contacts == [] and p.last_contact is None
    assert p.clusters == ["新乡电池及电池材料产业集群"]


def test_unknown_firm_suggests_names(sample_store: Store) -> None:
    with pytest.raises(UnknownEnterprise, match="not found"):
        enterprise_profile(sample_store, "不存在的公司", "410700")
