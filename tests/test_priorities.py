"""Priorities a planner can follow (issue 18): stated importance leads, parents stay in target
lists, the formula is printed and ``targets --explain`` shows each term."""

from __future__ import annotations

import csv
import io
from itertools import combinations
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.store import Store
from chainatlas.queries import build_target_list, find_gaps
from chainatlas.queries.candidates import find_candidates
from chainatlas.queries.gaps import PRIORITY_FORMULA, priority_terms
from typer.testing import CliRunner

from chainatlas.api import load_paths, load_sample
from chainatlas.cli import app
from tests.conftest import FIXTURES

PHARMA = FIXTURES / "pharma"


@pytest.fixture
def pharma_store(store: Store) -> Store:
    """A small pharma chain: 生物药 (importance 5, officially 缺项) has the child 疫苗."""
    load_paths(store, sorted(PHARMA.iterdir()))
    return store


def test_stated_importance_dominates_the_order(pharma_store: Store) -> None:
    report = find_gaps(pharma_store, "mini-pharma", "410700")
    by_id = {s.segment_id: s for s in report.segments}
    bio, excip = by_id["biologics"], by_id["excipients"]
    assert (bio.importance, excip.importance) == (5, 2)
    # 药用辅料 feeds more of the chain (structure 1.0) yet ranks below 生物药
    assert excip.structure == 1.0 and bio.structure < excip.structure
    assert bio.priority > excip.priority
    assert [g.segment_id for g in report.gaps] == [
        "biologics",
        "vaccines",
        "apis",
        "chem-drugs",
        "excipients",
    ]
    assert by_id["distribution"].coverage_class == "strong"
    assert by_id["distribution"].priority == 0


def test_priority_is_the_sum_of_its_printed_terms(pharma_store: Store) -> None:
    report = find_gaps(pharma_store, "mini-pharma", "410700")
    for s in report.segments:
        terms = priority_terms(s)
        assert [t.name for t in terms] == ["importance", "severity", "structure"]
        assert sum(t.adds for t in terms) == pytest.approx(s.priority, abs=1e-3)
    bio = next(s for s in report.segments if s.segment_id == "biologics")
    assert bio.priority == pytest.approx(5 + 0.6 * 1.0 + 0.25 * bio.structure, abs=1e-4)
    assert "0.6 × severity" in PRIORITY_FORMULA["en"] and "0.6 × 缺口程度" in PRIORITY_FORMULA["zh"]


def test_a_parent_gap_stays_in_the_target_list(pharma_store: Store) -> None:
    tl = build_target_list(pharma_store, "mini-pharma", "410700")
    segs = {s.segment_id: s for s in tl.segments}
    assert set(segs) == {s.id for s in pharma_store.chain_segments("mini-pharma")}
    assert tl.segments[0].segment_id == "biologics"  # highest priority first
    assert segs["biologics"].targets >= 1 and segs["biologics"].official_kind == "missing"
    filled = {g for t in tl.targets for g in t.gap_ids}
    assert filled == {"biologics", "vaccines", "apis", "chem-drugs", "excipients"}
    assert tl.gap_count == 5


def test_a_firm_filling_a_parent_and_its_child_is_counted_once(pharma_store: Store) -> None:
    tl = build_target_list(pharma_store, "mini-pharma", "410700")
    vax = next(t for t in tl.targets if t.enterprise_id == "far-vax")
    assert set(vax.gap_ids) == {"biologics", "vaccines"}
    report = find_gaps(pharma_store, "mini-pharma", "410700")
    prio = {s.segment_id: s.priority for s in report.segments}
    cand = next(
        c
        for c in find_candidates(pharma_store, "vaccines", region="410700").candidates
        if c.enterprise_id == "far-vax"
    )
    assert vax.score == pytest.approx(cand.score * prio["vaccines"], abs=1e-3)
    # the single-gap 生物药 firm outranks the single-gap 药用辅料 firm of similar fit
    rank = {t.enterprise_id: t.rank for t in tl.targets}
    assert rank["far-bio"] < rank["far-excip"]


def test_sample_chains_every_gap_in_the_target_list(tmp_path: Path) -> None:
    store = NetworkXStore(tmp_path / "s")
    load_sample(store)
    for chain in store.chains():
        tl = build_target_list(store, chain.id, "410700")
        report = find_gaps(store, chain.id, "410700")
        assert {s.segment_id for s in tl.segments} == {s.segment_id for s in report.segments}
        with_candidates = {s.segment_id for s in tl.segments if s.candidates}
        filled = {g for t in tl.targets for g in t.gap_ids}
        assert with_candidates <= filled, chain.id
        assert any(s.parent is None and s.segment_id in filled for s in report.gaps)
        # importance dominates: a gap of higher importance never ranks below a lower one
        for a, b in combinations(report.gaps, 2):
            if a.importance > b.importance:
                assert a.priority > b.priority, (a.segment_id, b.segment_id)


def _invoke(store_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["--store", str(store_dir), "targets", "--chain", "mini-pharma", "-r", "410700", *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_targets_explain_prints_each_term(tmp_path: Path) -> None:
    load_paths(NetworkXStore(tmp_path / "s"), sorted(PHARMA.iterdir()))
    text = _invoke(tmp_path / "s", "--explain", "--lang", "en")
    lines = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    head, rows = lines[0], {r[0]: dict(zip(lines[0], r, strict=True)) for r in lines[1:]}
    assert head[:9] == [
        "segment_id",
        "segment",
        "parent",
        "class",
        "official",
        "importance",
        "0.6 × severity",
        "0.25 × structure",
        "priority",
    ]
    assert set(rows) == {
        "biologics",
        "vaccines",
        "apis",
        "chem-drugs",
        "excipients",
        "distribution",
    }
    bio = rows["biologics"]
    assert (bio["importance"], bio["0.6 × severity"], bio["priority"]) == ("5", "0.6", "5.6625")
    assert rows["vaccines"]["parent"] == "Biologics"
    assert text.splitlines()[2].startswith("segment_id")  # highest priority first
    assert text.splitlines()[3].startswith("biologics")
    assert PRIORITY_FORMULA["en"] in text
    zh = _invoke(tmp_path / "s", "--explain", "--lang", "zh")
    assert "重要性" in zh and PRIORITY_FORMULA["zh"] in zh and "importance" not in zh


def test_targets_print_the_formula_and_explain_writes_csv(tmp_path: Path) -> None:
    load_paths(NetworkXStore(tmp_path / "s"), sorted(PHARMA.iterdir()))
    assert PRIORITY_FORMULA["zh"] in _invoke(tmp_path / "s", "--lang", "zh")
    out = tmp_path / "p.csv"
    _invoke(tmp_path / "s", "--explain", "--lang", "en", "-o", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "segment_id" and len(rows) == 7
