"""Speed of the matching engine: import, one candidates query (p50 in-process), a CLI call.

    python benchmarks/speed.py [--store DIR] [--neo4j]

Prints wall and CPU seconds (the machine may be shared), and the precision of entity
resolution on benchmarks/cases/names.yaml. ``--neo4j`` also loads the same data into the
project's own Neo4j server (started on a free port, data in a temporary folder, stopped at the
end) and times typical free-text candidates queries on both stores side by side, one store
after the other for each query, so both see the same load of a shared machine.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from chainatlas.graph.embedded.store import NetworkXStore  # noqa: E402
from chainatlas.graph.model import Atlas  # noqa: E402
from chainatlas.loaders.chainkg import read_chainkg  # noqa: E402
from chainatlas.loaders.lists import read_lists  # noqa: E402
from chainatlas.loaders.names import NameIndex  # noqa: E402
from chainatlas.queries.candidates import find_candidates  # noqa: E402

from chainatlas.reference import shipped_soe_pairing  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CASES = Path(__file__).resolve().parent / "cases"
#: Typical gaps a planner types (region '' and the shipped pairing and dictionary, as
#: benchmarks/matching.py asks them)
TYPICAL = [
    "锂电池隔膜", "正极材料", "IGBT", "空调压缩机", "甲醇", "印制电路板", "电解液", "隔膜",
    "聚氯乙烯", "充电桩", "光伏组件", "碳酸锂", "动力电池", "工业机器人", "光刻胶", "硅片",
    "减速器", "轮胎", "钛白粉", "PVDF",
]  # fmt: skip
#: Other gaps, asked before the timed ones in ``--fresh`` runs (plans compiled, text index read)
WARM_UP = [
    "石墨负极", "光伏玻璃", "风力发电机组", "芯片封装", "锂矿", "铜箔", "氢燃料电池", "变压器",
    "液晶面板", "工程机械", "汽车座椅", "乙烯", "化肥", "电机", "传感器", "铝型材", "服务器",
    "光纤", "医疗器械", "显示驱动芯片",
]  # fmt: skip


def pct(values: list[float], q: float) -> float:
    """The q-quantile by nearest rank (of 20 values, p95 is the 19th)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s) - 1e-9) - 1))]


def side_by_side(stores: dict[str, Any], rounds: int = 2) -> dict[str, dict[str, float]]:
    """ms per ``TYPICAL`` query on each store, one store after the other per query: "new" is
    each asked once after an untimed round of other queries (``WARM_UP``: the server's plans
    compiled, the text index read), "repeated" the same queries ``rounds`` times more, as a
    planner comes back to them. ``identical`` says whether every store gave the same top 20."""
    from matching import english_dictionary

    pairing = shipped_soe_pairing()
    dictionary = english_dictionary()
    answers: dict[str, dict[str, Any]] = {name: {} for name in stores}

    def ask(store: Any, q: str) -> float:
        t = time.perf_counter()
        found = find_candidates(
            store, query=q, top=20, region="", pairing=pairing, dictionary=dictionary
        )
        ms = (time.perf_counter() - t) * 1000
        for name, s in stores.items():
            if s is store:
                answers[name][q] = [(c.enterprise_id, round(c.score, 6)) for c in found.candidates]
        return ms

    out: dict[str, dict[str, float]] = {}
    for label, warm, timed in (
        ("new", WARM_UP, [TYPICAL]),  # plans and text index warm, these questions never asked
        ("repeated", [], [TYPICAL] * rounds),  # the same questions again
    ):
        for q in warm:
            for store in stores.values():
                ask(store, q)
        ms: dict[str, list[float]] = {name: [] for name in stores}
        for qs in timed:
            for q in qs:
                for name, store in stores.items():
                    ms[name].append(ask(store, q))
        for name, v in ms.items():
            out[f"{name} {label}"] = {
                "n": len(v),
                "p50": statistics.median(v),
                "p95": pct(v, 0.95),
                "mean": statistics.mean(v),
                "max": max(v),
            }
    first, *others = answers.values()
    out["identical"] = {"all": float(all(first == other for other in others))}
    return out


def neo4j_side_by_side(embedded: NetworkXStore, atlases: list[Atlas]) -> None:
    """Load ``atlases`` into a fresh server of the project's own and time both stores."""
    import neo4j
    from chainatlas.graph.neo4j import server as srv
    from chainatlas.graph.neo4j.store import QUIET_NOTIFICATIONS, Neo4jStore

    data_dir = Path(tempfile.mkdtemp(prefix="chainatlas-speed-neo4j-"))
    handle = srv.start_server(data_dir, srv.free_port(), timeout=300)
    try:
        driver = neo4j.GraphDatabase.driver(
            handle.uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
        )
        store = Neo4jStore(driver, location=handle.uri)
        t = time.perf_counter()
        for atlas in atlases:
            store.write(atlas)
        print(f"neo4j load (same data): {time.perf_counter() - t:.0f} s")
        res = side_by_side({"embedded": embedded, "neo4j": store})
        for key, fig in res.items():
            if key != "identical":
                print(
                    f"candidates, {len(TYPICAL)} typical queries, {key}: p50 {fig['p50']:.0f} ms, "
                    f"p95 {fig['p95']:.0f} ms, mean {fig['mean']:.0f} ms, max {fig['max']:.0f} ms "
                    f"(n={fig['n']:.0f}; target p95 <= 100 ms)"
                )
        print(f"same answers on both stores: {bool(res['identical']['all'])}")
        driver.close()
    finally:
        handle.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def timed(fn):  # type: ignore[no-untyped-def]
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=ROOT / ".bench" / "speed")
    ap.add_argument(
        "--neo4j", action="store_true", help="time typical queries on Neo4j too, side by side"
    )
    args = ap.parse_args()
    if not (SHARED / "chainkg").is_dir():
        print("skip: ../shared/data not found")
        return 0
    shutil.rmtree(args.store, ignore_errors=True)

    loaded: list[Atlas] = []

    def do_import() -> NetworkXStore:
        store = NetworkXStore(args.store)
        report, _ = read_chainkg(SHARED / "chainkg")
        store.write(report.valid[0])
        loaded.append(report.valid[0])
        return store

    store, w, c = timed(do_import)
    print(f"import chainkg: {w:.1f} s wall, {c:.1f} s CPU (target < 30 s)")
    (lists, res), w, c = timed(
        lambda: read_lists(SHARED / "reference" / "lists", store.enterprises())
    )
    store.write(Atlas(enterprises=lists.valid))
    loaded.append(Atlas(enterprises=lists.valid))
    print(f"import lists: {w:.1f} s wall, {c:.1f} s CPU; {res.counts()}")
    if args.neo4j:
        neo4j_side_by_side(NetworkXStore(args.store), loaded)

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
    # the store has no home region (``chainatlas init``): the call names one
    cmd = [
        *cli,
        "candidates",
        "--query",
        "锂电池隔膜",
        "--region",
        "410700",
        "--top",
        "10",
        "--json",
    ]
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
