"""``make bench [QUICK=1]``: load throughput, query latency and memory, printed and written to
``benchmarks/RESULTS.md`` (QUICK: ``RESULTS-quick.md``, not committed). It prints figures and
marks targets met or not; it never asserts.

Full: synthetic atlases of 10k, 100k and 1M firms (embedded store up to 100k; Neo4j loads 1M
through the importer, `chainatlas neo4j import`, and the smaller ones transactionally), the chainkg
import, and the three Neo4j loaders side by side on the 100k atlas. QUICK (< 5 min, for CI):
one server, the chainkg import and 5k firms, the project loader against row-at-a-time on the 5k
atlas (row-at-a-time for a 10 s budget), fewer calls, no target lists, no bulk importer.
The embedded store runs in a subprocess per scale so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import neo4j  # noqa: E402
from bulk_import import run_import, write_csvs  # noqa: E402
from chainatlas.graph.embedded.store import NetworkXStore  # noqa: E402
from chainatlas.graph.model import Atlas  # noqa: E402
from chainatlas.graph.neo4j import server as srv  # noqa: E402
from chainatlas.graph.neo4j.bulk import bulk_load  # noqa: E402
from chainatlas.graph.neo4j.store import QUIET_NOTIFICATIONS, Neo4jStore  # noqa: E402
from chainatlas.graph.store import Store  # noqa: E402
from rowwise import load_rowwise  # noqa: E402
from synthetic import HOME_REGION, Scale, iter_synthetic  # noqa: E402

CHAINKG = ROOT.parent / "shared" / "data" / "chainkg"
RESULTS = HERE / "RESULTS.md"
RESULTS_QUICK = HERE / "RESULTS-quick.md"  # git-ignored
IN_CI = os.environ.get("CI", "").lower() == "true"
MB = 1024 * 1024
#: The servers' heap: one ``Neo4jStore.write`` is one transaction, and the chainkg import as one
#: transaction exhausts the launcher's default 1 GB heap (OutOfMemoryError, seen in this benchmark).
HEAP = "3g"
#: Scales above this are first-loaded into Neo4j through the importer (``chainatlas neo4j
#: import``); the transactional loader is measured up to it.
BULK_FROM = 100_000


# -- measuring ----------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank: the smallest value with at least q of all
    values at or below it (of 20 values, p95 is the 19th)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s) - 1e-9) - 1))]


def timed_calls(
    fn: Callable[[Any], Any], args: Iterable[Any], *, warm: Iterable[Any] = (), rounds: int = 2
) -> dict[str, float]:
    """p50/p95 in ms over one call per argument, after ``rounds`` untimed rounds over ``warm``.

    The warm-up is what a server that has been up a while has done already (query plans
    compiled, the JVM's code compiled, pages cached). It runs other arguments than the timed
    calls where there are others (a planner asks about a gap once), and its first round's
    figures are kept as ``cold_*``.
    """
    args = list(args)
    warm = list(warm)
    if not args:
        return {}
    cold: list[float] = []
    for i in range(rounds if warm else 0):
        for a in warm:
            t0 = time.perf_counter()
            fn(a)
            if i == 0:
                cold.append((time.perf_counter() - t0) * 1000)
    ms = []
    for a in args:
        t0 = time.perf_counter()
        fn(a)
        ms.append((time.perf_counter() - t0) * 1000)
    out = {"p50": statistics.median(ms), "p95": pct(ms, 0.95), "n": len(ms), "max": max(ms)}
    if cold:
        out.update(cold_p50=statistics.median(cold), cold_p95=pct(cold, 0.95))
    return out


def query_latencies(store: Store, n: dict[str, int], seed: int = 1) -> dict[str, dict[str, float]]:
    """gaps and targets per chain, candidates per segment (a seeded sample of all segments,
    after a warm-up over another sample)."""
    from chainatlas.queries.candidates import find_candidates
    from chainatlas.queries.gaps import find_gaps
    from chainatlas.queries.targets import build_target_list

    from chainatlas.reference import shipped_soe_pairing

    pairing = shipped_soe_pairing()

    rng = random.Random(seed)
    chains = [c.id for c in store.chains() if store.chain_segments(c.id)]
    segs = [s.id for s in store.segments() if s.chain_ids]
    gap_args = [chains[i % len(chains)] for i in range(n["gaps"])]
    cand_args = rng.sample(segs, k=min(n["candidates"], len(segs)))
    others = [s for s in segs if s not in set(cand_args)]
    cand_warm = rng.sample(others, k=min(len(cand_args), len(others))) or cand_args
    tgt_args = [chains[i % len(chains)] for i in range(n["targets"])]
    return {
        "gaps": timed_calls(lambda c: find_gaps(store, c, HOME_REGION), gap_args, warm=gap_args),
        "candidates": timed_calls(
            lambda s: find_candidates(store, s, region=HOME_REGION, pairing=pairing),
            cand_args,
            warm=cand_warm,
        ),
        # the candidates calls before warmed the caches; a target list is dozens of them
        "targets": timed_calls(
            lambda c: build_target_list(store, c, HOME_REGION, pairing=pairing), tgt_args
        ),
    }


def progress(msg: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def entity_count(store: Store) -> int:
    return sum(store.stats().values())


def load_neo4j(store: Neo4jStore, batches: Iterable[Atlas]) -> dict[str, float]:
    before = entity_count(store)
    t0 = time.perf_counter()
    for atlas in batches:
        store.write(atlas)
    seconds = time.perf_counter() - t0
    rows = entity_count(store) - before
    return {"seconds": seconds, "rows": rows, "rows_per_s": rows / seconds if seconds else 0}


# -- the embedded store, in a subprocess -------------------------------------------------------
def embedded_worker(kind: str, size: int, n: dict[str, int]) -> dict[str, Any]:
    """Load into a fresh embedded store, time queries; runs in its own process (peak RSS)."""
    folder = Path(tempfile.mkdtemp(prefix="chainatlas-bench-nx-"))
    try:
        store = NetworkXStore(folder)
        t0 = time.perf_counter()
        if kind == "chainkg":
            load_chainkg(store)
        else:
            atlas = Atlas()
            for batch in iter_synthetic(Scale(size)):
                atlas.extend(batch)
            t0 = time.perf_counter()  # generating is not loading
            store.write(atlas)
            del atlas
        load_s = time.perf_counter() - t0
        rows = entity_count(store)
        del store  # one store in memory at a time: the peak is one store's, as in a user's process
        gc.collect()
        t1 = time.perf_counter()
        store = NetworkXStore(folder)
        open_s = time.perf_counter() - t1
        lat = query_latencies(store, n)
        return {
            "load_s": load_s,
            "rows": rows,
            "open_s": open_s,
            "file_mb": (folder / "atlas.pickle").stat().st_size / MB,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "latency": lat,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_embedded(kind: str, size: int, n: dict[str, int]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", kind, "--size", str(size), "--n", json.dumps(n)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"embedded benchmark {kind} {size} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_chainkg(store: Store) -> None:
    """The sample atlas (chains, segments, weak links) plus the chainkg import, as a user does."""
    from chainatlas.loaders.chainkg import read_chainkg

    from chainatlas.api import load_sample

    load_sample(store)
    report, _ = read_chainkg(CHAINKG)
    for atlas in report.valid:
        store.write(atlas)


# -- the run --------------------------------------------------------------------------------------
class Bench:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.lines: list[str] = []
        self.figures: dict[str, Any] = {"quick": quick}
        self.tmp = Path(tempfile.mkdtemp(prefix="chainatlas-bench-"))
        self.handles: list[srv.ServerHandle] = []
        self.schema_s = 0.0  # creating the schema when the last server() opened its store

    def say(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)
        self.write_results()  # a long run leaves its figures so far

    def server(self, data_dir: Path) -> tuple[srv.ServerHandle, Neo4jStore, float]:
        t0 = time.perf_counter()
        handle = srv.start_server(data_dir, srv.free_port(), timeout=300)
        self.handles.append(handle)
        driver = neo4j.GraphDatabase.driver(
            handle.uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
        )
        t1 = time.perf_counter()
        store = Neo4jStore(driver, location=handle.uri)  # creates the schema when missing
        self.schema_s = time.perf_counter() - t1
        return handle, store, time.perf_counter() - t0

    def stop(self, handle: srv.ServerHandle, store: Neo4jStore) -> None:
        store.driver.close()
        handle.stop()
        self.handles.remove(handle)

    def close(self) -> None:
        for h in list(self.handles):
            h.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def row(self, scale: str, store: str, res: dict[str, Any]) -> None:
        lat = res.get("latency", {})

        def fmt(name: str) -> str:
            q = lat.get(name)
            return f"{q['p50']:.0f} / {q['p95']:.0f} (n={q['n']})" if q else "—"

        peak = f"{res['peak_mb']:.0f}" if "peak_mb" in res else "—"
        rate = f"{res['rows'] / res['load_s']:,.0f}" if res.get("load_s") else "—"
        self.figures.setdefault("rows", []).append({"scale": scale, "store": store, **res})
        self.say(
            f"| {scale} | {store} | {res['rows']:,} | {res['load_s']:.1f} | {rate} | {peak} | "
            f"{fmt('gaps')} | {fmt('candidates')} | {fmt('targets')} |"
        )

    def run(self, max_firms: int = 1_000_000) -> None:
        q = self.quick
        # QUICK: one server for everything, 5k firms, few calls, no bulk importer (< 5 min)
        n_small = {"gaps": 5, "candidates": 15, "targets": 0} if q else {
            "gaps": 10, "candidates": 40, "targets": 2}  # fmt: skip
        n_big = {"gaps": 5, "candidates": 20, "targets": 1}
        # the chainkg import: the matching engine reads the product graph (slow per call)
        n_ckg = {"gaps": 5, "candidates": 15, "targets": 0} if q else {
            "gaps": 6, "candidates": 20, "targets": 1}  # fmt: skip
        compare = 5_000 if q else 100_000
        all_scales = [5_000] if q else [10_000, 100_000, 1_000_000]
        scales = [s for s in all_scales if s <= max_firms] or all_scales[:1]
        compare = min(compare, scales[-1])
        embedded_max = 100_000  # the design's laptop scale; 1M would need ~10 GB (see README)
        self.header()

        # 1. loaders side by side on the same data, each on an empty database
        self.say("## Neo4j load throughput (same data, empty database each)")
        data = Scale(compare)
        progress("starting Neo4j")
        handle, store, start_s = self.server(self.tmp / "neo4j")
        progress(f"row-at-a-time loader on {compare:,} firms")
        self.figures["neo4j_start_s"] = start_s
        rw = load_rowwise(
            store.driver, iter_synthetic(data), budget_s=10 if q else 60
        )  # one MERGE per row per transaction
        store.reset()
        progress("chainkg on neo4j")
        chainkg = self.chainkg_neo4j(store, n_ckg)

        imp = None
        ours = None
        csv_s = schema_s = 0.0
        bulk_rows = 0
        if not q:
            progress("bulk importer")
            self.stop(handle, store)
            csv_t0 = time.perf_counter()
            csvs = write_csvs(iter_synthetic(data), self.tmp / "csv")
            csv_s = time.perf_counter() - csv_t0
            bulk_dir = self.tmp / "bulk"
            imp = run_import(csvs, bulk_dir)
            handle, bstore, _ = self.server(bulk_dir)
            schema_s = self.schema_s  # the importer builds no index: opening the store does
            bulk_rows = entity_count(bstore)
            self.stop(handle, bstore)
            shutil.rmtree(self.tmp / "csv", ignore_errors=True)
            progress("project bulk first load (chainatlas neo4j import)")
            ours = bulk_load(iter_synthetic(data), self.tmp / "bulk-ours")
            shutil.rmtree(self.tmp / "bulk-ours", ignore_errors=True)
            handle, store, _ = self.server(self.tmp / "scales")

        # 2. the project's loader: scales one after the other into one database
        progress("project loader and queries, scale by scale")
        neo_rows: dict[int, dict[str, Any]] = {}
        done = {"loaded": 0, "total_s": 0.0}

        def neo_bulk_step(size: int) -> None:
            """Millions of rows: a first load through the importer (``chainatlas neo4j import``)
            into a database of its own, as a planner loading a national registry would."""
            nonlocal handle, store
            self.stop(handle, store)
            progress(f"neo4j {size:,}: bulk first load")
            res = bulk_load(iter_synthetic(Scale(size)), self.tmp / f"bulk-{size}")
            handle, store, _ = self.server(self.tmp / f"bulk-{size}")
            rows = entity_count(store)
            progress(f"neo4j {size:,}: {rows:,} rows in {res.seconds:.1f} s (bulk); queries")
            neo_rows[size] = {
                "rows": rows,
                "load_s": res.seconds,
                "bulk": True,
                "latency": query_latencies(store, n_big),
            }

        def neo_step(size: int) -> None:
            if size > BULK_FROM:
                neo_bulk_step(size)
                return
            res = load_neo4j(store, iter_synthetic(Scale(size), start=int(done["loaded"])))
            done["total_s"] += res["seconds"]
            done["loaded"] = size
            rows = entity_count(store)
            progress(f"neo4j {size:,}: {rows:,} rows in {done['total_s']:.1f} s; queries")
            neo_rows[size] = {
                "rows": rows,
                "load_s": done["total_s"],
                "step_rows_per_s": res["rows_per_s"],
                "latency": query_latencies(store, n_big if size >= 1_000_000 else n_small),
            }

        for size in scales:
            if size <= compare:
                neo_step(size)
        c = neo_rows[compare]
        project = {"rows": c["rows"], "seconds": c["load_s"], "rows_per_s": c["rows"] / c["load_s"]}

        rw_rate = rw.rows_per_s
        speedup = project["rows_per_s"] / rw_rate if rw_rate else float("inf")
        self.say(
            f"data: synthetic atlas of {compare:,} firms = {project['rows']:,} nodes+relationships"
        )
        self.say(
            f"project loader (Neo4jStore.write, batched UNWIND/MERGE): {project['rows_per_s']:,.0f} "
            f"rows/s ({project['rows']:,} rows in {project['seconds']:.1f} s)"
        )
        budget = "" if rw.complete else " (time budget reached; rate over the first rows)"
        self.say(
            f"row-at-a-time loader (one MERGE per transaction): {rw_rate:,.0f} rows/s "
            f"({rw.rows:,} rows in {rw.seconds:.1f} s{budget})"
        )
        vs_bulk: float | None = None
        vs_bulk_indexed: float | None = None
        if imp is not None:
            bulk_rate = bulk_rows / imp.seconds
            bulk_rate_schema = bulk_rows / (imp.seconds + schema_s)
            vs_bulk = bulk_rate / project["rows_per_s"]
            vs_bulk_indexed = bulk_rate_schema / project["rows_per_s"]
            self.say(
                f"bulk importer (neo4j-admin database import full): {bulk_rate:,.0f} rows/s "
                f"({bulk_rows:,} rows in {imp.seconds:.1f} s incl. JVM start; CSV writing "
                f"{csv_s:.1f} s not counted; +{schema_s:.1f} s index build = "
                f"{bulk_rate_schema:,.0f} rows/s)"
            )
        else:
            self.say("bulk importer: skipped in QUICK (the full run compares it)")
        self.say(f"load speedup vs row-at-a-time: {speedup:.1f}x")
        vs_ours: float | None = None
        if vs_bulk is not None and ours is not None:
            self.say(
                f"bulk importer vs project loader: {vs_bulk:.2f}x "
                f"({bulk_rate_schema / project['rows_per_s']:.2f}x counting the index build)"
            )
            ours_rows = ours.nodes + ours.relationships
            ours_rate = ours_rows / ours.seconds
            vs_ours = bulk_rate_schema / ours_rate
            self.say(
                f"project bulk first load (chainatlas neo4j import, end to end: records to CSV, "
                f"importer, server start, indexes): {ours_rate:,.0f} rows/s "
                f"({ours_rows:,} rows in {ours.seconds:.1f} s: CSV "
                f"{ours.write_seconds:.1f} s, importer {ours.import_seconds:.1f} s, server "
                f"{ours.server_seconds:.1f} s, indexes {ours.schema_seconds:.1f} s)"
            )
            self.say(
                f"bulk importer (with its index build) vs project bulk first load: {vs_ours:.2f}x"
            )
        self.figures["load"] = {
            "project": project,
            "rowwise": {"rows": rw.rows, "seconds": rw.seconds, "complete": rw.complete},
            "bulk": None
            if imp is None
            else {
                "rows": bulk_rows,
                "import_s": imp.seconds,
                "schema_s": schema_s,
                "csv_s": csv_s,
            },
            "speedup": speedup,
            "bulk_vs_project": vs_bulk,
            "bulk_with_indexes_vs_project": vs_bulk_indexed,
            "bulk_vs_project_bulk_load": vs_ours,
        }

        # 3. latency and memory table
        self.say()
        self.say("## Latency (ms, p50 / p95), load time and peak memory")
        self.say(
            "| data | store | nodes+rels | load s | rows/s | peak MB | gaps | candidates | targets |"
        )
        self.say("|---|---|---|---|---|---|---|---|---|")
        emb: dict[int, dict[str, Any]] = {}
        for size in scales:
            if size > compare:
                neo_step(size)
            if size <= embedded_max:
                progress(f"embedded store, {size:,} firms")
                emb[size] = run_embedded("synthetic", size, n_small)
                self.row(f"{size:,} firms", "embedded", emb[size])
            how = " (first load by import)" if neo_rows[size].get("bulk") else ""
            self.row(f"{size:,} firms", "neo4j" + how, neo_rows[size])
        self.stop(handle, store)
        ckg_emb = None
        if chainkg is not None:
            progress("embedded store, chainkg")
            ckg_emb = run_embedded("chainkg", 0, n_ckg)
            self.row("chainkg + sample", "embedded", ckg_emb)
            self.row("chainkg + sample", "neo4j", chainkg)
        for size, res in emb.items():
            self.say(
                f"embedded {size:,} firms: file {res['file_mb']:.0f} MB, opens in {res['open_s']:.1f} s"
            )
        self.say()
        self.say(
            "candidates in the first untimed warm-up round after each load (other segments; "
            "query plans compiling, JVM warming), p50 / p95 ms: "
            + "; ".join(
                f"{r['scale']} {r['store']} {c['cold_p50']:.0f} / {c['cold_p95']:.0f}"
                for r in self.figures.get("rows", [])
                if "cold_p50" in (c := r.get("latency", {}).get("candidates", {}))
            )
        )
        self.say()
        if chainkg is not None and ckg_emb is not None:
            self.say(
                f"candidates p95 on chainkg: {ckg_emb['latency']['candidates']['p95']:.0f} ms "
                f"(embedded), {chainkg['latency']['candidates']['p95']:.0f} ms (neo4j)"
            )
        else:
            self.say(f"candidates p95 on chainkg: skipped ({CHAINKG} not found)")
        self.targets(speedup, (vs_bulk, vs_bulk_indexed), vs_ours, emb, neo_rows, ckg_emb, chainkg)

    def chainkg_neo4j(self, store: Neo4jStore, n: dict[str, int]) -> dict[str, Any] | None:
        if not CHAINKG.is_dir():
            if IN_CI:
                raise SystemExit(f"{CHAINKG} is missing in CI")
            print(f"chainkg: skipped ({CHAINKG} not found)", flush=True)
            return None
        t0 = time.perf_counter()
        load_chainkg(store)
        load_s = time.perf_counter() - t0
        progress(f"chainkg loaded into neo4j in {load_s:.0f} s; queries")
        res = {"rows": entity_count(store), "load_s": load_s, "latency": query_latencies(store, n)}
        store.reset()
        return res

    def header(self) -> None:
        import networkx
        import pydantic

        java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
        cpu = next(
            (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
             if ln.startswith("model name")),
            platform.processor(),
        )  # fmt: skip
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
        self.say(f"# chainatlas benchmark ({'QUICK' if self.quick else 'full'})")
        self.say()
        self.say(f"- date: {datetime.now().astimezone().isoformat(timespec='seconds')}")
        self.say(
            f"- machine: {cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM, {platform.platform()}"
        )
        self.say(f"- load average at start: {os.getloadavg()[0]:.1f} (the machine is shared)")
        self.say(
            f"- Python {platform.python_version()}, neo4j driver {neo4j.__version__}, "
            f"networkx {networkx.__version__}, pydantic {pydantic.__version__}, "
            f"Neo4j {srv.default_version()} ({(java.stderr or '').splitlines()[0]}), "
            f"server heap {os.environ.get('CHAINATLAS_NEO4J_HEAP', '1g')}, page cache "
            f"{os.environ.get('CHAINATLAS_NEO4J_PAGECACHE_MB', '512')} MB"
        )
        self.say(f"- command: `{' '.join(['python', 'benchmarks/run.py', *sys.argv[1:]])}`")
        self.say()

    def targets(
        self,
        speedup: float,
        vs_bulks: tuple[float | None, float | None],
        vs_ours: float | None,
        emb: dict[int, dict[str, Any]],
        neo: dict[int, dict[str, Any]],
        ckg_emb: dict[str, Any] | None,
        ckg_neo: dict[str, Any] | None,
    ) -> None:
        def mark(ok: bool | None) -> str:
            return "not measured" if ok is None else ("met" if ok else "NOT met")

        self.say()
        self.say("## Targets")
        self.say(f"- loader >= 20x row-at-a-time: {mark(speedup >= 20)} ({speedup:.1f}x)")
        vs_bulk, vs_indexed = vs_bulks
        if vs_bulk is None or vs_indexed is None:
            self.say(
                "- loader within 3x of the bulk importer: not measured (QUICK skips the importer)"
            )
        else:
            # the importer's database answers queries only once its indexes are built; the
            # loader's database has them as it goes: the index build is part of the comparison
            self.say(
                f"- loader within 3x of the bulk importer: {mark(vs_indexed <= 3)} "
                f"({vs_indexed:.2f}x against the importer with its index build, "
                f"{vs_bulk:.2f}x against the importer alone; the transactional loader)"
            )
            if vs_ours is not None:
                self.say(
                    f"- first loads through `chainatlas neo4j import` within 3x of the bulk "
                    f"importer: {mark(vs_ours <= 3)} ({vs_ours:.2f}x, end to end)"
                )
        if ckg_emb and ckg_neo:
            e = ckg_emb["latency"]["candidates"]["p95"]
            n = ckg_neo["latency"]["candidates"]["p95"]
            self.say(
                f"- candidates p95 <= 100 ms on chainkg: embedded {mark(e <= 100)} ({e:.0f} ms), "
                f"neo4j {mark(n <= 100)} ({n:.0f} ms)"
            )
        else:
            self.say("- candidates p95 <= 100 ms on chainkg: not measured (chainkg absent)")
        big = neo.get(1_000_000)
        c1m = big["latency"]["candidates"]["p95"] if big else None
        self.say(
            f"- candidates p95 <= 300 ms at 1M firms on neo4j: "
            f"{mark(None if c1m is None else c1m <= 300)}"
            + (
                f" ({c1m:.0f} ms)"
                if c1m is not None
                else " (1M scale not run: QUICK or --max-firms)"
            )
        )
        gaps = [(f"{s:,} embedded", r) for s, r in emb.items()]
        gaps += [(f"{s:,} neo4j", r) for s, r in neo.items()]
        if ckg_emb and ckg_neo:
            gaps += [("chainkg embedded", ckg_emb), ("chainkg neo4j", ckg_neo)]
        parts = [f"{name} {r['latency']['gaps']['p95']:.0f} ms" for name, r in gaps]
        over = [name for name, r in gaps if r["latency"]["gaps"]["p95"] > 200]
        self.say(
            f"- gaps p95 <= 200 ms: {mark(not over)}"
            + (f" (over in: {', '.join(over)})" if over else "")
            + f" — {'; '.join(parts)}"
        )
        e100 = emb.get(100_000)
        self.say(
            "- embedded store with 100k firms under 2 GB peak: "
            + (
                f"{mark(e100['peak_mb'] < 2048)} ({e100['peak_mb']:.0f} MB)"
                if e100
                else "not measured (full run only)"
            )
        )

    def write_results(self) -> None:
        # QUICK never overwrites the committed full results
        (RESULTS_QUICK if self.quick else RESULTS).write_text(
            "\n".join(self.lines) + "\n", encoding="utf-8"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--quick",
        action="store_true",
        help="5k firms and chainkg, one server, no bulk importer; < 5 minutes",
    )
    ap.add_argument(
        "--max-firms", type=int, default=1_000_000, help="skip synthetic scales above this"
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--n", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(embedded_worker(args.worker, args.size, json.loads(args.n))))
        return 0
    os.environ.setdefault("CHAINATLAS_NEO4J_HEAP", HEAP)
    t0 = time.perf_counter()
    bench = Bench(args.quick)
    try:
        bench.run(args.max_firms)
        bench.say()
        bench.say(f"total benchmark time: {time.perf_counter() - t0:.0f} s")
        bench.write_results()
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
