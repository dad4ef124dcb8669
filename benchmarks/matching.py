"""Matching benchmark: recall@10, recall@20 and MRR of ``find_candidates`` on labelled cases,
next to two baselines measured in the same run on the same store.

    python benchmarks/matching.py [--rebuild] [--verbose] [--store DIR] [--bare]

Cases: benchmarks/cases/*.yaml (query -> stock codes of firms known to make it), in three splits:
dev (looked at while building), test (reported apart) and heldout (written before the ranking
was run on them; evaluated only at the end of a change). Cases with a ``kind`` (variants.yaml:
traditional, english, typo, abbreviation, fullwidth, descriptive) are reported by kind and
apart from the plain queries ("variants").
The store (default .bench/matching-chains) holds the sample's chain maps, the chainkg import
and the ranking lists (``--bare``: no chain maps); it is built on first use from ../shared/data. Baselines:

- substring: main products containing the query text, firms by revenue share (what a planner
  does in Neo4j Browser today);
- fuzzy: rapidfuzz ``WRatio`` of the query against every main product name, firms by score
  then revenue share.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from statistics import mean

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chainatlas.graph.embedded.store import NetworkXStore  # noqa: E402
from chainatlas.graph.store import Store  # noqa: E402
from chainatlas.loaders.chainkg import clean_text, normalise_stock_code, read_chainkg  # noqa: E402
from chainatlas.loaders.lists import read_lists  # noqa: E402
from chainatlas.queries.candidates import find_candidates  # noqa: E402

from chainatlas.reference import english_dictionary, shipped_soe_pairing  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CHAINKG = SHARED / "chainkg"
LISTS = SHARED / "reference" / "lists"
CASES = Path(__file__).resolve().parent / "cases"
DEPTH = 20


def build_store(path: Path, chains: bool = False) -> tuple[Store, dict[str, float]]:
    """A fresh store with the chainkg import and the lists (and the sample's chain maps when
    ``chains``); returns timings in seconds."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)
    store = NetworkXStore(path)
    if chains:
        from chainatlas.api import load_paths

        load_paths(store, sorted((ROOT / "data" / "chains").glob("*.yaml")))
    t0 = time.perf_counter()
    report, _ = read_chainkg(CHAINKG)
    store.write(report.valid[0])
    t1 = time.perf_counter()
    lists_report, _ = read_lists(LISTS, store.enterprises())
    from chainatlas.graph.model import Atlas

    store.write(Atlas(enterprises=lists_report.valid))
    t2 = time.perf_counter()
    return store, {"import_chainkg_s": t1 - t0, "import_lists_s": t2 - t1}


def load_cases() -> list[dict]:  # type: ignore[type-arg]
    cases = []
    for f in sorted(CASES.glob("*.yaml")):
        if f.name.startswith("names"):
            continue
        cases.extend(yaml.safe_load(f.read_text(encoding="utf-8")) or [])
    return cases


class Baselines:
    """The two baselines over the main products (company_product.jsonl)."""

    def __init__(self) -> None:
        self.by_product: dict[str, list[tuple[str, float]]] = defaultdict(list)
        with (CHAINKG / "company_product.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                code = normalise_stock_code(str(row.get("company_code", "")))
                name = clean_text(row.get("product_name"))
                if code and name:
                    self.by_product[name].append((code, float(row.get("rel_weight") or 0)))
        self.names = list(self.by_product)

    def substring(self, query: str) -> list[str]:
        best: dict[str, float] = {}
        for name in self.names:
            if query in name:
                for code, w in self.by_product[name]:
                    best[code] = max(best.get(code, -1.0), w)
        return [c for c, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))]

    def fuzzy(self, query: str) -> list[str]:
        found = process.extract(query, self.names, scorer=fuzz.WRatio, limit=300)
        best: dict[str, tuple[float, float]] = {}
        for name, score, _ in found:
            for code, w in self.by_product[name]:
                key = (score, w)
                if key > best.get(code, (-1.0, -1.0)):
                    best[code] = key
        return [c for c, _ in sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))]


def ours(store: Store, query: str) -> list[str]:
    found = find_candidates(
        store,
        query=query,
        top=DEPTH,
        region="",
        pairing=shipped_soe_pairing(),
        dictionary=english_dictionary(),
    )
    return [c.enterprise_id for c in found.candidates]


def group_of(case: dict) -> str:  # type: ignore[type-arg]
    """Variant cases (a ``kind``: traditional, english, typo …) are reported by kind, apart
    from the plain queries of their split."""
    return f"{case['split']}/{case['kind']}" if "kind" in case else case["split"]


def metrics(ranked: list[str], makers: list[str]) -> tuple[float, float, float]:
    want = set(makers)
    r10 = len(want & set(ranked[:10])) / len(want)
    r20 = len(want & set(ranked[:20])) / len(want)
    rr = next((1.0 / i for i, c in enumerate(ranked, start=1) if c in want), 0.0)
    return r10, r20, rr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--store", type=Path, default=None, help="default .bench/matching-chains")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the store from ../shared/data")
    ap.add_argument(
        "--bare",
        action="store_true",
        help="a store without the sample's chain maps (default .bench/matching-bare)",
    )
    ap.add_argument("--verbose", "-v", action="store_true", help="per-case results")
    ap.add_argument(
        "--splits", default="dev,test,heldout", help="comma-separated splits to run (default: all)"
    )
    args = ap.parse_args()
    if args.store is None:
        name = "matching-bare" if args.bare else "matching-chains"
        args.store = ROOT / ".bench" / name
    if not CHAINKG.is_dir():
        print(f"skip: {CHAINKG} not found (the benchmark needs ../shared/data)")
        return 0
    if args.rebuild or not (args.store / "atlas.pickle").exists():
        store, timings = build_store(args.store, chains=not args.bare)
        print("built the store: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    else:
        store = NetworkXStore(args.store)
    known = {e.id for e in store.enterprises()}
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    cases = [c for c in load_cases() if c["split"] in splits]
    base = Baselines()
    methods = {
        "chainatlas": lambda q: ours(store, q),
        "substring": base.substring,
        "fuzzy": base.fuzzy,
    }
    scores: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    missing: set[str] = set()
    for case in cases:
        makers = [m for m in case["makers"] if m in known]
        missing.update(m for m in case["makers"] if m not in known)
        if not makers:
            continue
        line = [f"{case['id']:20s} {case['split']:4s}"]
        for name, run in methods.items():
            m = metrics(run(case["query"]), makers)
            scores[(name, group_of(case))].append(m)
            if "kind" in case:
                scores[(name, "variants")].append(m)
            else:
                scores[(name, "all")].append(m)
            line.append(f"{name} R@10 {m[0]:.2f}")
        if args.verbose:
            print("  ".join(line))
    if missing:
        print(
            f"note: {len(missing)} labelled firms are not in the store: {', '.join(sorted(missing))}"
        )
    groups = sorted({g for _, g in scores} - {"all", "variants"}, key=lambda g: ("/" in g, g))
    print(f"\n{'split':20s} {'method':11s} {'cases':>5s} {'R@10':>6s} {'R@20':>6s} {'MRR':>6s}")
    for split in (*groups, "all", "variants"):
        for name in methods:
            rows = scores.get((name, split), [])
            if rows:
                r10, r20, mrr = (mean(x[i] for x in rows) for i in range(3))
                print(f"{split:20s} {name:11s} {len(rows):5d} {r10:6.3f} {r20:6.3f} {mrr:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
