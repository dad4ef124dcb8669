"""The matching benchmark's own arithmetic (benchmarks/matching.py): the figures, literal pairs,
the fresh case file, --save and --compare; the ranking itself is not run here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.model import (
    Atlas,
    Enterprise,
    Industry,
    IndustryMembership,
    Product,
    ProductSupply,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import matching  # noqa: E402


def test_metrics_precision_is_makers_in_the_top_ten_over_ten() -> None:
    ranked = ["x1", "a", "x2", "b"] + [f"y{i}" for i in range(8)] + ["c"]
    m = matching.metrics(ranked, ["a", "b", "c", "d"])
    assert m == {"r10": 0.5, "r20": 0.75, "mrr": 0.5, "p10": 0.2}
    assert matching.metrics(["z"] * 25, ["a"]) == {"r10": 0.0, "r20": 0.0, "mrr": 0.0, "p10": 0.0}
    # a maker past rank 20 is not counted by MRR either
    assert matching.metrics([f"n{i}" for i in range(20)] + ["a"], ["a"])["mrr"] == 0.0


def test_plain_text_folds_width_case_and_traditional_characters() -> None:
    assert matching.plain_text("  ＩＧＢＴ 模塊 ") == "igbt 模块"
    assert matching.plain_text("鈷酸鋰") == "钴酸锂"


@pytest.fixture
def firm_store(tmp_path: Path) -> NetworkXStore:
    store = NetworkXStore(tmp_path / "store")
    store.write(
        Atlas(
            enterprises=[
                Enterprise(id="600001.SH", name="甲", full_name="甲钴业股份有限公司"),
                Enterprise(id="600002.SH", name="乙", full_name="乙科技股份有限公司"),
            ],
            products=[Product(name="四氧化三钴"), Product(name="电池材料")],
            product_supplies=[
                ProductSupply(enterprise_id="600001.SH", product_name="四氧化三钴", weight=0.6),
                ProductSupply(enterprise_id="600002.SH", product_name="电池材料", weight=0.9),
            ],
            industries=[
                Industry(code="240000", name="有色金属", scheme="sw2021", level=1),
                Industry(
                    code="240300", name="稀有金属", scheme="sw2021", level=2, parent_code="240000"
                ),
            ],
            industry_memberships=[
                IndustryMembership(enterprise_id="600002.SH", industry_code="240300")
            ],
        )
    )
    return store


def test_literal_pairs_look_at_products_industries_with_parents_and_full_name(
    firm_store: NetworkXStore,
) -> None:
    texts = matching.firm_texts(firm_store, ["600001.SH", "600002.SH"])
    assert matching.is_literal("四氧化三鈷", texts["600001.SH"])  # traditional query, product
    assert matching.is_literal("钴业", texts["600001.SH"])  # full name
    assert matching.is_literal("有色金属", texts["600002.SH"])  # parent industry
    assert not matching.is_literal("四氧化三钴", texts["600002.SH"])
    assert not matching.is_literal("cobalt oxide", texts["600001.SH"])


def _case(**kw: str) -> dict[str, object]:
    return {"id": "x", "query": "q", "split": "dev", "set": "fresh", "makers": ["a"], **kw}


def test_rows_by_set_split_chain_and_kind_and_pairs_by_literal() -> None:
    tally = matching.Tally()
    plain = _case(chain="battery-ev")
    variant = _case(chain="battery-ev", kind="typo", split="test")
    tally.add(plain, "m", ["a", "b"], ["a", "b"], {"a": True, "b": False})
    tally.add(variant, "m", ["z"], ["a"], {"a": False})
    fig = tally.figures()
    assert fig["fresh / all"]["m"]["n"] == 2
    assert fig["fresh / all"]["m"]["r10"] == pytest.approx(0.5)
    assert fig["fresh / chain battery-ev"]["m"]["p10"] == pytest.approx(0.1)
    assert fig["fresh / kind typo"]["m"]["r10"] == 0.0
    assert fig["fresh / plain"]["m"]["r10"] == 1.0
    assert fig["fresh / literal pairs"]["m"] == {"n": 1.0, "r10": 1.0, "r20": 1.0}
    assert fig["fresh / non-literal pairs"]["m"]["r10"] == pytest.approx(0.5)
    assert "older / all" not in fig


def test_table_prints_saved_figures_beside(capsys: pytest.CaptureFixture[str]) -> None:
    now = {"fresh / all": {"m": {"n": 3.0, "r10": 0.5, "r20": 0.6, "mrr": 0.4, "p10": 0.2}}}
    was = {"fresh / all": {"m": {"n": 3.0, "r10": 0.25, "r20": 0.3, "mrr": 0.1, "p10": 0.1}}}
    matching.print_table(now, ["m"], was)
    out = capsys.readouterr().out.splitlines()
    assert "saved" in out[0]
    assert out[1].split()[-11:] == "3 0.500 0.600 0.400 0.200 | 3 0.250 0.300 0.100 0.100".split()


def test_fresh_cases_meet_the_issue_bar() -> None:
    cases = [c for c in matching.load_cases() if c["set"] == "fresh"]
    assert len(cases) >= 60
    assert sum(1 for c in cases if c.get("kind")) >= 15
    assert {c["chain"] for c in cases} == {
        "battery-ev",
        "coal-chemicals",
        "refrigeration-electronics",
    }
    assert all(2 <= len(c["makers"]) <= 6 for c in cases)
    assert len({c["id"] for c in cases}) == len(cases)
    older = {c["query"] for c in matching.load_cases() if c["set"] == "older"}
    assert not older & {c["query"] for c in cases}, "a fresh query repeats an older case"
    dev = sum(1 for c in cases if c["split"] == "dev") / len(cases)
    assert 0.3 <= dev <= 0.5


def test_saved_json_is_what_compare_reads() -> None:
    saved = Path(__file__).resolve().parents[1] / "benchmarks" / "baseline-session6.json"
    if not saved.exists():
        pytest.fail("benchmarks/baseline-session6.json is missing (run matching.py --save)")
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["chain_maps"] is True
    fresh = doc["figures"]["fresh / all"]["chainatlas"]
    assert set(fresh) == {"n", "r10", "r20", "mrr", "p10"}
    assert doc["pairs"]["fresh"]["non_literal"] >= doc["pairs"]["fresh"]["pairs"] / 2


class _NoBaselines:
    def substring(self, query: str) -> list[str]:
        return []

    def fuzzy(self, query: str) -> list[str]:
        return ["600002.SH"]


def test_main_saves_and_compares(
    firm_store: NetworkXStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--save then --compare end to end, the ranking replaced by a fixed answer."""
    cases = [
        {
            "id": "co",
            "query": "四氧化三钴",
            "split": "dev",
            "set": "fresh",
            "chain": "battery-ev",
            "makers": ["600001.SH", "600002.SH"],
        },
    ]
    monkeypatch.setattr(matching, "load_cases", lambda: [dict(c) for c in cases])
    monkeypatch.setattr(matching, "Baselines", _NoBaselines)
    monkeypatch.setattr(matching, "CHAINKG", tmp_path)
    monkeypatch.setattr(matching, "ours", lambda store, q: ["600001.SH", "x"])
    store_dir = firm_store.file.parent
    saved = tmp_path / "before.json"
    assert matching.main(["--store", str(store_dir), "--save", str(saved)]) == 0
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["figures"]["fresh / all"]["chainatlas"]["r10"] == 0.5
    assert doc["figures"]["fresh / literal pairs"]["chainatlas"] == {
        "n": 1.0,
        "r10": 1.0,
        "r20": 1.0,
    }
    assert doc["pairs"]["fresh"] == {"pairs": 2.0, "non_literal": 1.0}
    assert doc["dev_cases_chainatlas"]["fresh/co"]["mrr"] == 1.0
    capsys.readouterr()
    monkeypatch.setattr(matching, "ours", lambda store, q: ["600002.SH", "600001.SH"])
    assert matching.main(["--store", str(store_dir), "--compare", str(saved)]) == 0
    row = next(
        line for line in capsys.readouterr().out.splitlines()
        if line.startswith("fresh / all") and "chainatlas" in line
    )  # fmt: skip
    assert row.split()[-11:] == "1 1.000 1.000 1.000 0.200 | 1 0.500 0.500 1.000 0.100".split()


def test_variant_pairs_are_counted_by_their_top_ten(
    firm_store: NetworkXStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pairs = yaml.safe_load(matching.VARIANT_PAIRS.read_text(encoding="utf-8"))
    assert len(pairs) >= 40 and all(len(p) == 2 and p[0] != p[1] for p in pairs)
    small = tmp_path / "pairs.yaml"
    small.write_text("- [四氧化三鈷, 四氧化三钴]\n- [电池材料, 四氧化三钴]\n", encoding="utf-8")
    monkeypatch.setattr(matching, "VARIANT_PAIRS", small)
    got = matching.variant_overlap(firm_store)
    assert got["pairs"] == 2 and got["identical"] == 1  # the traditional form finds the same firm
    assert got["mean_overlap"] == 0.5 and len(got["differing"]) == 1
