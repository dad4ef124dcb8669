"""The CLI as a user runs it: exit codes, exact error text, then the state through the API."""

from __future__ import annotations

import json
from pathlib import Path

from chainatlas.graph.embedded.store import NetworkXStore
from openpyxl import load_workbook
from typer.testing import CliRunner

from chainatlas.cli import app
from tests.conftest import FIXTURES, MINI

runner = CliRunner()


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def load_mini(store: Path) -> None:
    code, _, err = run(store, "load", *map(str, sorted(MINI.iterdir())))
    assert code == 0, err


def test_load_then_gaps_json(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, out, _ = run(tmp_path, "gaps", "--chain", "mini-battery", "--json")
    assert code == 0
    data = json.loads(out)
    assert {s["segment_id"]: s["coverage_class"] for s in data["segments"]}[
        "separator"
    ] == "missing"


def test_load_bad_file_one_line_error_and_store_unchanged(tmp_path: Path) -> None:
    load_mini(tmp_path)
    before = NetworkXStore(tmp_path).stats()
    bad = FIXTURES.parent / "corpus" / "chain_unknown_parent_block_segments.yaml"
    code, out, err = run(tmp_path, "load", str(bad))
    assert code == 1
    assert err.startswith(f"error: {bad}, line 8, field 'parent' (value 'nowhere'):")
    assert "Traceback" not in err + out
    assert NetworkXStore(tmp_path).stats() == before


def test_load_unrecognised_file_is_refused_by_name(tmp_path: Path) -> None:
    odd = tmp_path / "colours.csv"
    odd.write_text("colour,flavour\nred,sweet\n", encoding="utf-8")
    code, _, err = run(tmp_path / "s", "load", str(odd))
    assert code == 1
    assert f"{odd}: cannot tell what this file holds" in err


def test_load_missing_file(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "load", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv: no such file" in err


def test_unknown_chain_names_the_known_ones(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, _, err = run(tmp_path, "gaps", "--chain", "battery")
    assert code == 1
    assert "chain 'battery' is not in the atlas; known: mini-battery" in err


def test_candidates_json_contract(tmp_path: Path) -> None:
    load_mini(tmp_path)
    for args in (["--query", "隔膜"], ["--segment", "separator"]):
        code, out, _ = run(tmp_path, "candidates", *args, "--top", "5", "--json")
        assert code == 0
        rows = json.loads(out)
        assert [r["enterprise_id"] for r in rows] == ["big-separator", "far-separator"]
        assert rows[0]["name"] == "大隔膜"
        assert rows[0]["score"] >= rows[1]["score"]
        assert {"name", "value", "evidence"} <= set(rows[0]["factors"][0])


def test_targets_exports(tmp_path: Path) -> None:
    load_mini(tmp_path)
    xlsx = tmp_path / "t.xlsx"
    code, _, err = run(
        tmp_path, "targets", "--chain", "mini-battery", "--format", "xlsx", "-o", str(xlsx)
    )
    assert code == 0, err
    ws = load_workbook(xlsx).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:3] == ["排名", "企业编号", "企业简称"]
    assert ws.cell(2, 3).value == "大隔膜"
    md = tmp_path / "t.md"
    code, _, _ = run(
        tmp_path, "targets", "--chain", "mini-battery", "-f", "md", "--lang", "en", "-o", str(md)
    )
    assert code == 0
    assert "| rank | enterprise\\_id |" in md.read_text(encoding="utf-8")


def test_stats_json_counts(tmp_path: Path) -> None:
    load_mini(tmp_path)
    code, out, _ = run(tmp_path, "stats", "--json")
    counts = json.loads(out)
    assert code == 0
    assert (counts["Chain"], counts["Segment"], counts["Enterprise"], counts["WeakLink"]) == (
        1,
        6,
        7,
        2,
    )
    assert counts == NetworkXStore(tmp_path).stats()
