"""Matching benchmark: recall@10, recall@20, MRR and precision@10 of ``find_candidates`` on
labelled cases, next to two baselines measured in the same run on the same store.

    python benchmarks/matching.py [--rebuild] [--verbose] [--store DIR] [--bare]
                                  [--splits dev,test,heldout] [--save FILE] [--compare FILE]

Cases: benchmarks/cases/*.yaml (query -> stock codes of firms known to make it). Two sets are
reported apart: **fresh** (fresh.yaml: 110 queries over the three chains, written from domain
knowledge before the ranking was run on them, each with its chain) and **older** (the other
files). Splits: dev (looked at while building), test (reported apart, never tuned on) and
heldout (older set; evaluated only at the end of a change). Cases with a ``kind`` (traditional,
english, typo, abbreviation, fullwidth, descriptive) are reported by kind and as "variants".

Figures, per case then averaged over cases:

- recall@k: makers found in the top k / number of makers (k = 10, 20);
- MRR: 1 / rank of the first maker found in the top 20 (0 when none is);
- precision@10: makers found in the top 10 divided by 10 (so a query with 3 makers scores at
  most 0.3; the figure compares rankings, it is not a share of good answers).

Literal and non-literal pairs: a (query, maker) pair is literal when the query's normalised
text (NFKC, case folded, traditional -> simplified by OpenCC, white space folded) appears in
one of the maker's product names, industry names (its Shenwan industries and their parents) or
its full name in the store. Recall@10 and recall@20 are reported over the literal and the
non-literal pairs separately (per pair, not per case), with the share of non-literal pairs.

Variant and plain forms (``variant_pairs.yaml``: 氫氧化鋰 / 氢氧化锂, polysilicon / 多晶硅 …): how
much of the plain form's top 10 the variant's top 10 holds, their mean and the identical pairs.

``--save FILE`` writes the figures as JSON (with the commit and the uncommitted engine files);
``--compare FILE`` prints a saved run's figures in a column beside the current ones.

The store (default .bench/matching-chains) holds the sample's chain maps, the chainkg import
and the ranking lists, no hand-tagged firms (``--bare``: no chain maps); it is built on first
use from ../shared/data. Baselines:

- substring: main products containing the query text, firms by revenue share (what a planner
  does in Neo4j Browser today);
- fuzzy: rapidfuzz ``WRatio`` of the query against every main product name, firms by score
  then revenue share.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from statistics import mean
from typing import Any

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
VARIANT_PAIRS = Path(__file__).resolve().parent / "variant_pairs.yaml"
DEPTH = 20
FRESH = "fresh"
METRICS = ("r10", "r20", "mrr", "p10")
PAIR_METRICS = ("r10", "r20")
LABELS = {"r10": "R@10", "r20": "R@20", "mrr": "MRR", "p10": "P@10"}

Case = dict[str, Any]
Figures = dict[str, dict[str, dict[str, float]]]  # row label -> method -> metric -> value


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


def load_cases() -> list[Case]:
    """Every case file but names*.yaml; each case gets ``set``: fresh (fresh.yaml) or older."""
    cases = []
    for f in sorted(CASES.glob("*.yaml")):
        if f.name.startswith("names"):
            continue
        for case in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            case["set"] = FRESH if f.stem == FRESH else "older"
            cases.append(case)
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


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def plain_text(text: str) -> str:
    """The benchmark's own normalisation (independent of the engine's): NFKC, case folded,
    traditional -> simplified, white space folded.

    >>> plain_text("  ＩＧＢＴ 模塊 ")
    'igbt 模块'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return str(_t2s().convert(text))


def firm_texts(store: Store, ids: Iterable[str]) -> dict[str, list[str]]:
    """Each firm's product names, industry names (with their parents) and full name, normalised."""
    ids = sorted(set(ids))
    texts: dict[str, list[str]] = defaultdict(list)
    for e in store.enterprises(ids):
        texts[e.id].append(plain_text(e.full_name or e.name))
    for supply in store.enterprise_products(ids):
        texts[supply.enterprise_id].append(plain_text(supply.product_name))
    industries = {i.code: i for i in store.industries()}
    for m in store.enterprise_industries(ids):
        code, seen = m.industry_code, set()
        while code in industries and code not in seen:
            seen.add(code)
            texts[m.enterprise_id].append(plain_text(industries[code].name))
            code = industries[code].parent_code
    return texts


def is_literal(query: str, texts: list[str]) -> bool:
    q = plain_text(query)
    return bool(q) and any(q in t for t in texts)


def metrics(ranked: list[str], makers: list[str]) -> dict[str, float]:
    """recall@10, recall@20, reciprocal rank (top 20) and precision@10 (found in top 10 / 10)."""
    want = set(makers)
    top10 = len(want & set(ranked[:10]))
    return {
        "r10": top10 / len(want),
        "r20": len(want & set(ranked[:DEPTH])) / len(want),
        "mrr": next((1.0 / i for i, c in enumerate(ranked[:DEPTH], 1) if c in want), 0.0),
        "p10": top10 / 10,
    }


def case_rows(case: Case) -> list[str]:
    """The row labels a case counts in: its set, split, chain, plain/variant and kind."""
    s = case["set"]
    rows = [f"{s} / all", f"{s} / split {case['split']}"]
    if case.get("chain"):
        rows.append(f"{s} / chain {case['chain']}")
    if case.get("kind"):
        rows += [f"{s} / variants", f"{s} / kind {case['kind']}"]
    else:
        rows.append(f"{s} / plain")
    return rows


class Tally:
    """Per-case and per-pair results, gathered by row label and method."""

    def __init__(self) -> None:
        self.cases: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
        self.pairs: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
        self.literal_share: dict[str, list[bool]] = defaultdict(list)

    def add(
        self,
        case: Case,
        method: str,
        ranked: list[str],
        makers: list[str],
        literal: dict[str, bool],
    ) -> dict[str, float]:
        m = metrics(ranked, makers)
        for row in case_rows(case):
            self.cases[(row, method)].append(m)
        for maker in makers:
            kind = "literal" if literal[maker] else "non-literal"
            hit = {"r10": float(maker in ranked[:10]), "r20": float(maker in ranked[:DEPTH])}
            for row in (
                f"{case['set']} / {kind} pairs",
                f"{case['set']} / {kind} pairs, {case['split']}",
            ):
                self.pairs[(row, method)].append(hit)
        return m

    def figures(self) -> Figures:
        out: Figures = defaultdict(dict)
        for (row, method), rows in self.cases.items():
            out[row][method] = {"n": float(len(rows))}
            out[row][method].update({k: mean(r[k] for r in rows) for k in METRICS})
        for (row, method), rows in self.pairs.items():
            out[row][method] = {"n": float(len(rows))}
            out[row][method].update({k: mean(r[k] for r in rows) for k in PAIR_METRICS})
        return dict(out)


def _row_order(label: str) -> tuple[int, int, str]:
    s, _, group = label.partition(" / ")
    order = ["all", "split", "chain", "plain", "variants", "kind", "literal", "non-literal"]
    head = group.split(" ")[0]
    return (0 if s == FRESH else 1, order.index(head) if head in order else 99, group)


def _cells(values: dict[str, float] | None) -> str:
    if not values:
        return " " * 35
    n = f"{int(values['n']):5d}"
    return n + "".join(f"{values[k]:7.3f}" if k in values else " " * 7 for k in METRICS)


def print_table(figures: Figures, methods: list[str], saved: Figures | None) -> None:
    head = f"{'n':>5s}" + "".join(f"{LABELS[k]:>7s}" for k in METRICS)
    line = f"{'row':44s} {'method':11s}{head}"
    if saved is not None:
        line += "   | saved" + head
    print(line)
    for row in sorted(figures, key=_row_order):
        for method in methods:
            values = figures[row].get(method)
            if values is None:
                continue
            text = f"{row:44s} {method:11s}{_cells(values)}"
            if saved is not None:
                text += "   | " + _cells(saved.get(row, {}).get(method))
            print(text.rstrip())


def git_state() -> dict[str, Any]:
    """The commit measured and the engine files (graph/, queries/) that differ from it."""

    def run(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout

    dirty = run("status", "--porcelain", "--", "graph", "queries", "loaders", "chainatlas")
    return {"commit": run("rev-parse", "HEAD").strip(), "uncommitted": dirty.splitlines()}


def open_store(args: argparse.Namespace) -> Store:
    if args.rebuild or not (args.store / "atlas.pickle").exists():
        store, timings = build_store(args.store, chains=not args.bare)
        print("built the store: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        return store
    return NetworkXStore(args.store)


def run_cases(store: Store, cases: list[Case], verbose: bool) -> tuple[Tally, dict[str, Any]]:
    """Scores every case with the three methods; returns the tally and a note of what was left
    out (labelled firms not in the store) and the per-case figures of the dev split."""
    known = {e.id for e in store.enterprises()}
    base = Baselines()
    methods: dict[str, Callable[[str], list[str]]] = {
        "chainatlas": lambda q: ours(store, q),
        "substring": base.substring,
        "fuzzy": base.fuzzy,
    }
    tally = Tally()
    missing: set[str] = set()
    dev_cases: dict[str, dict[str, float]] = {}
    texts = firm_texts(store, {m for c in cases for m in c["makers"] if m in known})
    for case in cases:
        makers = [m for m in case["makers"] if m in known]
        missing.update(m for m in case["makers"] if m not in known)
        if not makers:
            continue
        literal = {m: is_literal(case["query"], texts.get(m, [])) for m in makers}
        for m in makers:
            tally.literal_share[case["set"]].append(literal[m])
        line = [f"{case['set']:5s} {case['id']:22s} {case['split']:7s}"]
        for name, method in methods.items():
            ranked = method(case["query"])
            m = tally.add(case, name, ranked, makers, literal)
            line.append(f"{name} R@10 {m['r10']:.2f} MRR {m['mrr']:.2f}")
            if name == "chainatlas" and case["split"] == "dev":
                dev_cases[f"{case['set']}/{case['id']}"] = m
        if verbose:
            print("  ".join(line))
    return tally, {"missing": sorted(missing), "dev_cases": dev_cases, "methods": list(methods)}


def literal_note(tally: Tally) -> dict[str, dict[str, float]]:
    out = {}
    for s, flags in sorted(tally.literal_share.items()):
        non = sum(1 for f in flags if not f)
        out[s] = {"pairs": float(len(flags)), "non_literal": float(non)}
        print(
            f"{s}: {len(flags)} query-maker pairs in the store, {non} non-literal "
            f"({non / len(flags):.0%}: the query's text is in none of the firm's products, "
            "industries or full name)"
        )
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
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
    ap.add_argument("--save", type=Path, default=None, help="write the figures to this JSON file")
    ap.add_argument(
        "--compare", type=Path, default=None, help="a JSON file from --save to print beside"
    )
    args = ap.parse_args(argv)
    if args.store is None:
        name = "matching-bare" if args.bare else "matching-chains"
        args.store = ROOT / ".bench" / name
    return args


def variant_overlap(store: Store) -> dict[str, Any]:
    """How much of each plain form's top 10 its variant's top 10 holds (VARIANT_PAIRS)."""
    pairs = yaml.safe_load(VARIANT_PAIRS.read_text(encoding="utf-8")) or []
    shares, identical, differing = [], 0, []
    for variant, plain in pairs:
        a, b = ours(store, variant)[:10], ours(store, plain)[:10]
        share = len(set(a) & set(b)) / len(b) if b else float(not a)
        shares.append(share)
        identical += a == b
        if share < 1:
            differing.append(f"{variant} / {plain}: {share:.1f} ({len(a)} vs {len(b)} firms)")
    return {
        "pairs": len(pairs),
        "mean_overlap": round(mean(shares), 3) if shares else 0.0,
        "identical": identical,
        "differing": differing,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not CHAINKG.is_dir():
        print(f"skip: {CHAINKG} not found (the benchmark needs ../shared/data)")
        return 0
    saved = None
    if args.compare is not None:
        saved = json.loads(args.compare.read_text(encoding="utf-8"))["figures"]
    store = open_store(args)
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    cases = [c for c in load_cases() if c["split"] in splits]
    t0 = time.perf_counter()
    tally, note = run_cases(store, cases, args.verbose)
    seconds = time.perf_counter() - t0
    if note["missing"]:
        print(
            f"note: {len(note['missing'])} labelled firms are not in the store: "
            + ", ".join(note["missing"])
        )
    pairs = literal_note(tally)
    figures = tally.figures()
    print()
    print_table(figures, note["methods"], saved)
    variants = variant_overlap(store)
    print(
        f"\nvariant and plain forms ({variants['pairs']} pairs, {VARIANT_PAIRS.name}): mean top-10 "
        f"overlap {variants['mean_overlap']:.3f}, {variants['identical']} identical"
    )
    for line in variants["differing"]:
        print(f"  {line}")
    if args.save is not None:
        doc = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python benchmarks/matching.py "
            + " ".join(sys.argv[1:] if argv is None else argv),
            "store": str(
                args.store.relative_to(ROOT) if args.store.is_relative_to(ROOT) else args.store
            ),
            "chain_maps": not args.bare,
            "splits": splits,
            "seconds": round(seconds, 1),
            **git_state(),
            "pairs": pairs,
            "missing_firms": note["missing"],
            "figures": figures,
            "dev_cases_chainatlas": note["dev_cases"],
            "variant_overlap": variants,
        }
        args.save.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nsaved the figures to {args.save}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
