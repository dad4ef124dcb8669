from __future__ import annotations

from pathlib import Path

from chainatlas.graph.store import Store
from chainatlas.queries import Thresholds, find_gaps


def test_gap_classes_on_mini_atlas(mini_store: Store) -> None:
    report = find_gaps(mini_store, "mini-battery", "410700")
    classes = {s.segment_id: s.coverage_class for s in report.segments}
    assert classes == {
        "materials": "weak",
        "cathode": "weak",
        "separator": "missing",
        "cells": "strong",
        "packs": "weak",
        "vehicles": "missing",
    }
    cells = next(s for s in report.segments if s.segment_id == "cells")
    assert [f.enterprise_id for f in cells.local_firms] == ["local-cells", "local-cells2"]
    assert report.counts() == {"strong": 1, "weak": 3, "missing": 2}


def test_gaps_merge_official_list_and_report_disagreements(mini_store: Store) -> None:
    report = find_gaps(mini_store, "mini-battery", "410700")
    sep = next(s for s in report.segments if s.segment_id == "separator")
    assert sep.official_kind is not None and sep.official_kind.value == "missing"
    assert sep.agrees_with_official
    kinds = {d.segment_id: d.kind for d in report.disagreements}
    assert kinds["cells"] == "listed-but-covered"
    assert kinds["vehicles"] == "not-listed"
    assert "separator" not in kinds


def test_thresholds_are_the_planners(mini_store: Store) -> None:
    strict = find_gaps(
        mini_store, "mini-battery", "410700", thresholds=Thresholds(strong_min_firms=3)
    )
    assert {s.segment_id: s.coverage_class for s in strict.segments}["cells"] == "weak"


def test_importance_counts_dependents(mini_store: Store) -> None:
    report = find_gaps(mini_store, "mini-battery", "410700")
    by_id = {s.segment_id: s for s in report.segments}
    assert by_id["cathode"].dependents == 3  # cells, packs, vehicles
    assert by_id["vehicles"].dependents == 0
    assert by_id["separator"].priority > by_id["vehicles"].priority


def test_region_outside_has_no_local_firms(mini_store: Store) -> None:
    report = find_gaps(mini_store, "mini-battery", "350900")
    assert report.counts()["missing"] == 4  # only big-cells is in Ningde: cells and packs weak


def test_a_project_in_production_fills_its_segments(mini_store: Store) -> None:
    from datetime import date

    from chainatlas.graph.model import Atlas, Project, ProjectStatus, StatusChange

    def project(pid: str, status: ProjectStatus) -> Project:
        return Project(
            id=pid,
            name=pid,
            enterprise_id="far-separator",
            segment_ids=["separator"],
            status=status,
            region_code="410702",
            history=[StatusChange(status=status, on=date(2013, 6, 30))],
        )

    mini_store.write(Atlas(projects=[project("p-building", ProjectStatus.UNDER_CONSTRUCTION)]))
    by_id = {s.segment_id: s for s in find_gaps(mini_store, "mini-battery", "410700").segments}
    assert by_id["separator"].coverage_class == "missing"
    mini_store.write(Atlas(projects=[project("p-running", ProjectStatus.IN_PRODUCTION)]))
    by_id = {s.segment_id: s for s in find_gaps(mini_store, "mini-battery", "410700").segments}
    sep = by_id["separator"]
    assert sep.coverage_class == "weak"
    assert [(f.enterprise_id, f.via_project) for f in sep.local_firms] == [
        ("far-separator", "p-running")
    ]


def test_firms_local_through_a_project_are_marked_in_table_and_csv(tmp_path: Path) -> None:
    import csv
    from datetime import date

    from chainatlas.graph.embedded.store import NetworkXStore
    from chainatlas.graph.model import Atlas, Project, ProjectStatus, StatusChange
    from typer.testing import CliRunner

    from chainatlas.api import load_paths
    from chainatlas.cli import app
    from tests.conftest import MINI

    store = NetworkXStore(tmp_path / "s")
    load_paths(store, sorted(MINI.iterdir()))
    running = ProjectStatus.IN_PRODUCTION
    store.write(
        Atlas(
            projects=[
                Project(
                    id="p-running",
                    name="隔膜项目",
                    enterprise_id="far-separator",
                    segment_ids=["separator"],
                    status=running,
                    region_code="410702",
                    history=[StatusChange(status=running, on=date(2013, 6, 30))],
                )
            ]
        )
    )
    store.close()
    base = ["--store", str(tmp_path / "s"), "gaps", "--chain", "mini-battery", "-r", "410700"]
    out = tmp_path / "g.csv"
    for lang, mark in (
        ("zh", "远隔膜 (经项目 p-running)"),
        ("en", "远隔膜 (via project p-running)"),
    ):
        result = CliRunner().invoke(app, [*base, "--lang", lang, "-o", str(out)])
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(out.open(encoding="utf-8-sig")))
        sep = next(r for r in rows if r[1] == "separator")
        assert mark in sep[-1]
        piped = CliRunner().invoke(app, [*base, "--lang", lang])
        line = next(ln for ln in piped.stdout.splitlines() if "\tseparator\t" in ln)
        assert mark in line
    cells = next(r for r in rows if r[1] == "cells")
    assert "(via project" not in cells[-1]  # firms there by HQ or plant carry no mark
