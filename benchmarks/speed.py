"""Speed of the matching engine: import, one candidates query (p50 in-process), a CLI call.

    python benchmarks/speed.py [--store DIR]

Prints wall and CPU seconds (the machine may be shared), and the precision of entity
resolution on benchmarks/cases/names.yaml.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chainatlas.graph.embedded.store import NetworkXStore  # noqa: E402
from chainatlas.graph.model import Atlas  # noqa: E402
from chainatlas.loaders.chainkg import read_chainkg  # noqa: E402
from chainatlas.loaders.lists import read_lists  # noqa: E402
from chainatlas.loaders.names import NameIndex  # noqa: E402
from chainatlas.queries.candidates import find_candidates  # noqa: E402

from chainatlas.reference import shipped_soe_pairing  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CASES = Path(__file__).resolve().parent / "cases"


def timed(fn):  # type: ignore[no-untyped-def]
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=ROOT / ".bench" / "speed")
    args = ap.parse_args()
    if not (SHARED / "chainkg").is_dir():
        print("skip: ../shared/data not found")
        return 0
    shutil.rmtree(args.store, ignore_errors=True)

    def do_import() -> NetworkXStore:
        store = NetworkXStore(args.store)
        report, _ = read_chainkg(SHARED / "chainkg")
        store.write(report.valid[0])
        return store

    store, w, c = timed(do_import)
    print(f"import chainkg: {w:.1f} s wall, {c:.1f} s CPU (target < 30 s)")
    (lists, res), w, c = timed(
        lambda: read_lists(SHARED / "reference" / "lists", store.enterprises())
    )
    store.write(Atlas(enterprises=lists.valid))
    print(f"import lists: {w:.1f} s wall, {c:.1f} s CPU; {res.counts()}")

    _, w, c = timed(lambda: NetworkXStore(args.store))
    print(f"open the store: {w:.2f} s wall, {c:.2f} s CPU")
    store = NetworkXStore(args.store)
    queries = []
    for f in sorted(CASES.glob("*.yaml")):
        if not f.name.startswith("names"):
            queries += [case["query"] for case in yaml.safe_load(f.read_text(encoding="utf-8"))]
    pairing = shipped_soe_pairing()
    find_candidates(store, query=queries[0], region="", pairing=pairing)  # warm the caches once
    walls, cpus = [], []
    for q in queries:
        _, w, c = timed(lambda q=q: find_candidates(store, query=q, region="", pairing=pairing))
        walls.append(w)
        cpus.append(c)
    print(
        f"candidates query over {len(queries)} queries: p50 {statistics.median(walls) * 1000:.0f} ms "
        f"wall ({statistics.median(cpus) * 1000:.0f} ms CPU), max {max(walls) * 1000:.0f} ms "
        "(target p50 < 200 ms)"
    )
    cli = [str(Path(sys.executable).parent / "chainatlas"), "--store", str(args.store)]
    cmd = [*cli, "candidates", "--query", "锂电池隔膜", "--top", "10", "--json"]
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env={**os.environ})
        runs.append(time.perf_counter() - t)
    print(f"CLI call (process start to JSON): best {min(runs):.2f} s of 3 (target < 2 s)")

    index = NameIndex()
    for e in NetworkXStore(args.store).enterprises():
        if e.stock_code:
            index.add(e.id, e.names())
    cases = yaml.safe_load((CASES / "names.yaml").read_text(encoding="utf-8"))
    attached = correct = right_new = 0
    for name, want in cases:
        m = index.resolve(name)
        got = m.enterprise_id or "new"
        if got != "new":
            attached += 1
            correct += got == want
        elif want == "new":
            right_new += 1
    wrong = [(n, w) for n, w in cases if (index.resolve(n).enterprise_id or "new") != w]
    print(
        f"entity resolution on {len(cases)} labelled names: precision {correct / max(1, attached):.3f} "
        f"({correct}/{attached} attached right), recall {correct / sum(w != 'new' for _, w in cases):.3f}; "
        f"{right_new} correctly left unmatched"
    )
    for n, w in wrong:
        print(f"  miss: {n} -> expected {w}, got {index.resolve(n).enterprise_id or 'new'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
