"""Loading clusters, key projects and the target information base (loaders/workflow.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from chainatlas.graph.errors import LoadError
from chainatlas.graph.merge import merge_project
from chainatlas.graph.model import ContactChannel, Project, ProjectStatus, StatusChange
from chainatlas.graph.store import Store
from chainatlas.loaders import detect_kind, read_file
from chainatlas.loaders.workflow import parse_investment, parse_status, read_projects

from chainatlas.api import context_from, load_paths

WF = Path(__file__).resolve().parent / "fixtures" / "workflow"


def _stages(p: Project) -> list[tuple[str, str]]:
    return [(h.status.value, h.on.isoformat()) for h in p.history]


def test_detects_the_workflow_kinds() -> None:
    assert detect_kind(WF / "projects_q1.csv") == "projects"
    assert detect_kind(WF / "projects_q2.csv") == "projects"
    assert detect_kind(WF / "clusters.csv") == "clusters"
    assert detect_kind(WF / "contacts.csv") == "profiles"
    assert detect_kind(WF / "profiles.yaml") == "profiles"


def test_parse_cells_as_planners_write_them() -> None:
    assert parse_status("洽谈中") == ProjectStatus.NEGOTIATING
    assert parse_status("建成投产") == ProjectStatus.IN_PRODUCTION
    assert parse_status("under construction") == ProjectStatus.UNDER_CONSTRUCTION
    assert parse_investment("12亿") == 12.0
    assert parse_investment("5000万") == 0.5
    assert parse_investment("1,200 亿元") == 1200.0
    assert parse_investment("") is None
    with pytest.raises(ValueError, match="推介 → 在谈"):
        parse_status("签了")


def test_rows_of_one_project_make_its_history(mini_store: Store) -> None:
    rep = read_projects(WF / "projects_q1.csv", context_from(mini_store))
    assert rep.ok, rep.table()
    projects = {p.id: p for p in rep.valid[0].projects}
    sep = projects["p-sep"]
    assert sep.enterprise_id == "big-separator"  # written as its name, 大隔膜
    assert sep.status == ProjectStatus.NEGOTIATING
    assert _stages(sep) == [("推介", "2013-01-05"), ("在谈", "2013-02-05")]
    assert sep.history[1].note == "第二轮洽谈"
    assert sep.investment_100m_cny == 12.0
    assert projects["p-cells"].investment_100m_cny == 0.5


def test_project_problems_name_line_field_and_value(mini_store: Store) -> None:
    rep = read_projects(WF / "projects_bad.csv", context_from(mini_store))
    rows = [(p["kind"], p["line"], p["field"], p["value"]) for p in rep.table()]
    assert rows == [
        ("unknown-reference", 2, "enterprise", "nobody"),
        ("invalid-value", 3, "status", "签了"),
        ("unknown-reference", 4, "segments", "separater"),
        ("invalid-value", 5, "investment_100m_cny", "lots"),
        ("missing-value", 6, "status_date", ""),
        ("invalid-value", 7, "status_date", "2013-02-30"),
    ]
    assert not rep.ok and rep.valid == []
    assert "did you mean separator" in rep.problems[2].message


def test_one_id_one_name(mini_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "p.csv"
    bad.write_text(
        "project_id,name,status,status_date\np-1,项目一,推介,2013-01-05\np-1,项目壹,在谈,2013-02-05\n",
        encoding="utf-8",
    )
    rep = read_projects(bad, context_from(mini_store))
    assert [(p.kind, p.line, p.value) for p in rep.problems] == [("conflicting-value", 3, "项目壹")]


def test_newer_projects_file_grows_the_history(mini_store: Store) -> None:
    load_paths(mini_store, [WF / "projects_q1.csv"])
    load_paths(mini_store, [WF / "projects_q2.csv"])
    projects = {p.id: p for p in mini_store.projects()}
    assert _stages(projects["p-sep"]) == [
        ("推介", "2013-01-05"),
        ("在谈", "2013-02-05"),
        ("签约", "2013-04-19"),
    ]
    assert projects["p-sep"].status == ProjectStatus.SIGNED
    assert projects["p-sep"].history[1].note == "第二轮洽谈"  # kept from the first file
    assert projects["p-cells"].status == ProjectStatus.IN_PRODUCTION
    assert projects["p-cells"].investment_100m_cny == 0.5
    assert projects["p-far"].status == ProjectStatus.PROMOTED
    # loading the older file again changes nothing: the history is keyed by (date, stage)
    load_paths(mini_store, [WF / "projects_q1.csv"])
    again = {p.id: p for p in mini_store.projects()}
    assert _stages(again["p-sep"]) == _stages(projects["p-sep"])
    assert again["p-cells"].status == ProjectStatus.IN_PRODUCTION
    assert mini_store.stats()["Project"] == 3


def test_merge_keeps_the_first_date_of_a_stage_and_never_moves_back() -> None:
    old = Project(
        id="p",
        name="p",
        status=ProjectStatus.UNDER_CONSTRUCTION,
        history=[StatusChange(status=ProjectStatus.UNDER_CONSTRUCTION, on=date(2013, 5, 1))],
        as_of=date(2013, 6, 30),
    )
    report = Project(
        id="p",
        name="p renamed",
        history=[
            StatusChange(
                status=ProjectStatus.UNDER_CONSTRUCTION, on=date(2013, 9, 30), note="主体完工"
            )
        ],
        as_of=date(2013, 9, 30),
    )
    merged = merge_project(old, report)
    assert [(h.status, h.on, h.note) for h in merged.history] == [
        (ProjectStatus.UNDER_CONSTRUCTION, date(2013, 5, 1), "主体完工")
    ]
    assert merged.name == "p renamed"
    stale = Project(
        id="p",
        name="p old",
        history=[StatusChange(status=ProjectStatus.SIGNED, on=date(2013, 3, 1))],
        as_of=date(2013, 3, 31),
    )
    back = merge_project(merged, stale)
    assert back.status == ProjectStatus.UNDER_CONSTRUCTION
    assert back.name == "p renamed"  # the older file does not overwrite newer fields
    assert [h.status for h in back.history] == [
        ProjectStatus.SIGNED,
        ProjectStatus.UNDER_CONSTRUCTION,
    ]


def test_projects_yaml_with_history(mini_store: Store, tmp_path: Path) -> None:
    f = tmp_path / "projects.yaml"
    f.write_text(
        "source: test\nprojects:\n"
        "  - id: p-y\n    name: 正极项目\n    enterprise: near-cathode\n    segments: [cathode]\n"
        "    history:\n      - {status: 推介, on: 2013-01-01}\n      - {status: signed, on: 2013-02-01}\n"
        "  - id: p-z\n    name: 缺日期\n    history:\n      - {status: 推介}\n",
        encoding="utf-8",
    )
    rep = read_file(f, context=context_from(mini_store))
    assert [(p.kind, p.line, p.field) for p in rep.problems] == [
        ("missing-value", 10, "history[1].on")
    ]
    f.write_text(f.read_text(encoding="utf-8").split("  - id: p-z")[0], encoding="utf-8")
    rep = read_file(f, context=context_from(mini_store))
    (p,) = rep.valid[0].projects
    assert p.status == ProjectStatus.SIGNED and p.source == "test"
    assert p.history[0].source == "test"


def test_clusters_with_chinese_headers_and_names(mini_store: Store, tmp_path: Path) -> None:
    rep = read_file(WF / "clusters.csv", context=context_from(mini_store))
    assert [(p.kind, p.line, p.field, p.value) for p in rep.problems] == [
        ("unknown-reference", 3, "环节", "separater")
    ]
    good = WF / "clusters.csv"
    text = good.read_text(encoding="utf-8").replace("separater", "separator")
    fixed = tmp_path / "clusters.csv"
    fixed.write_text(text, encoding="utf-8")
    load_paths(mini_store, [fixed])
    clusters = {c.id: c for c in mini_store.clusters()}
    cells = clusters["mini-cells"]
    assert cells.chain_id == "mini-battery"  # written as the chain's Chinese name
    assert cells.segment_ids == ["cells", "packs"]  # 锂离子电池 resolved to its id
    assert cells.lead_id == "local-cells" and cells.member_ids == ["local-cells", "local-cells2"]
    assert mini_store.stats()["MEMBER_OF"] == 3


def test_profiles_accumulate_contacts_across_loads(mini_store: Store) -> None:
    summary = load_paths(mini_store, [WF / "profiles.yaml"])
    assert [(w.kind, w.value) for w in summary.warnings] == [("unresolved-segment", "储能电站")]
    (prof,) = mini_store.profiles(["big-cells"])
    assert prof.status == "动力电池龙头" and prof.as_of == date(2013, 3, 31)
    assert [(i.segment_id, i.investment_100m_cny, i.timing) for i in prof.intentions] == [
        ("packs", 20.0, "2014"),
        ("", None, ""),
    ]
    assert prof.intentions[1].segment_text == "储能电站"
    assert [(e.name, e.home_town, e.alma_mater) for e in prof.executives] == [
        ("张三", "河南新乡", "郑州大学")
    ]
    assert prof.contacts[0].channel == ContactChannel.VISIT

    summary = load_paths(mini_store, [WF / "contacts.csv"])
    assert [(w.kind, w.line, w.field, w.value) for w in summary.warnings] == [
        ("unknown-channel", 4, "方式", "飞鸽传书")
    ]
    cells, sep = mini_store.profiles(["big-cells", "big-separator"])
    assert [(c.on.isoformat(), c.channel.value) for c in cells.contacts] == [
        ("2013-03-12", "visit"),  # the same entry from both files, kept once
        ("2013-04-20", "reception"),
    ]
    assert cells.status == "动力电池龙头"  # a contact log does not wipe the profile text
    assert cells.executives[0].name == "张三"
    assert sep.enterprise_id == "big-separator"  # written as its alias "Big Sep"
    assert sep.contacts[0].channel == ContactChannel.OTHER
    assert mini_store.stats()["Profile"] == 2
    assert [p.enterprise_id for p in mini_store.profiles()] == ["big-cells", "big-separator"]


def test_profile_of_an_unknown_firm_stops_the_load(mini_store: Store, tmp_path: Path) -> None:
    f = tmp_path / "contacts.csv"
    f.write_text(
        "企业,联系日期,结果\n不存在的公司,2013-01-01,无\n本地电芯,,有结果没日期\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as info:
        load_paths(mini_store, [f])
    assert [(p.kind, p.line, p.field, p.value) for p in info.value.problems] == [
        ("unknown-reference", 2, "企业", "不存在的公司"),
        ("missing-value", 3, "联系日期", ""),
    ]
    assert mini_store.profiles() == []


def test_docstring_examples_run() -> None:
    import doctest

    from chainatlas.graph import merge
    from chainatlas.queries import pipeline

    for module in (merge, pipeline):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
