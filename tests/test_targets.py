"""Target lists: de-duplicated across gaps, ranked, never local firms; exports planners forward."""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.store import Store
from chainatlas.queries import build_target_list, find_gaps
from chainatlas.queries.common import local_enterprise_ids
from chainatlas.queries.gaps import PRIORITY_FORMULA
from openpyxl import load_workbook
from typer.testing import CliRunner

from chainatlas.api import load_sample
from chainatlas.cli import app


def test_target_list_on_sample(sample_store: Store) -> None:
    tl = build_target_list(sample_store, "battery-ev", "410700")
    report = find_gaps(sample_store, "battery-ev", "410700")
    gap_ids = {g.segment_id for g in report.gaps}
    local = local_enterprise_ids(sample_store, "410700")
    assert tl.targets, "the sample battery chain has gaps with candidates"
    assert [t.rank for t in tl.targets] == list(range(1, len(tl.targets) + 1))
    assert [t.score for t in tl.targets] == sorted((t.score for t in tl.targets), reverse=True)
    assert len({t.enterprise_id for t in tl.targets}) == len(tl.targets)
    for t in tl.targets:
        assert set(t.gap_ids) <= gap_ids
        assert t.gap_count == len(t.gap_ids) == len(t.gap_names)
        assert t.enterprise_id not in local
        assert t.reasons
    assert tl.targets[0].hq_region_name


def test_targets_all_chains_xlsx(tmp_path: Path) -> None:
    load_sample(NetworkXStore(tmp_path / "s"))
    out = tmp_path / "all.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "--store",
            str(tmp_path / "s"),
            "targets",
            "--all",
            "--region",
            "410700",
            "-f",
            "xlsx",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "电池与电动车", "现代煤化工", "制冷及电子信息", "说明"]
    notes = " ".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    assert PRIORITY_FORMULA["zh"] in notes  # how priorities are computed travels with the file
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows()]
    assert summary[0] == ["产业链编号", "产业链", "缺口数", "目标企业数", "首选目标"]
    assert {r[0] for r in summary[1:]} == {
        "battery-ev",
        "coal-chemicals",
        "refrigeration-electronics",
    }
    sheet = wb["电池与电动车"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 8
    assert sheet.cell(2, 1).value == 1


def test_targets_without_chain_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--store", str(tmp_path), "targets", "--lang", "en"])
    assert result.exit_code == 2
    assert "give --chain ID (repeatable) or --all" in result.stderr
