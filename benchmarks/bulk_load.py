"""``python benchmarks/bulk_load.py [--firms N]``: the bulk first load against ``Neo4jStore.write``.

The same synthetic atlas (``synthetic.iter_synthetic``) goes once through
``chainatlas.graph.neo4j.bulk.bulk_load`` into an empty data dir (import files, Neo4j's importer, schema),
and once through ``Neo4jStore.write``, batch by batch, into an empty server. Both times include
generating the batches (the iterator is lazy), which is printed on its own too. Prints the
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import neo4j  # noqa: E402
from chainatlas.graph.neo4j import server as srv  # noqa: E402
from chainatlas.graph.neo4j.bulk import bulk_load  # noqa: E402
from chainatlas.graph.neo4j.store import QUIET_NOTIFICATIONS, Neo4jStore  # noqa: E402
from synthetic import Scale, iter_synthetic  # noqa: E402


def log(msg: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def generation_seconds(firms: int) -> float:
    t0 = time.perf_counter()
    for _ in iter_synthetic(Scale(firms)):
        pass
    return time.perf_counter() - t0


def written(firms: int, data_dir: Path) -> tuple[dict[str, int], float]:
    """Counts and seconds of ``Neo4jStore.write`` of every batch into an empty server."""
    handle = srv.start_server(data_dir, srv.free_port(), timeout=300)
    try:
        driver = neo4j.GraphDatabase.driver(
            handle.uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
        )
        try:
            store = Neo4jStore(driver, location=handle.uri)
            t0 = time.perf_counter()
            for i, batch in enumerate(iter_synthetic(Scale(firms)), start=1):
                store.write(batch)
                log(f"Neo4jStore.write: batch {i} done")
            return store.stats(), time.perf_counter() - t0
        finally:
            driver.close()
    finally:
        handle.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--firms", type=int, default=100_000, help="synthetic firms (default 100k)")
    ap.add_argument("--bulk-only", action="store_true", help="skip Neo4jStore.write")
    args = ap.parse_args(argv)
    os.environ.setdefault("CHAINATLAS_NEO4J_HEAP", "3g")  # as benchmarks/run.py
    tmp = Path(tempfile.mkdtemp(prefix="chainatlas-bulk-bench-"))
    try:
        print(f"# bulk first load vs Neo4jStore.write, synthetic atlas of {args.firms:,} firms")
        print(f"- load average at start: {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
        gen = generation_seconds(args.firms)
        print(f"- generating the batches alone: {gen:.1f} s (inside both times below)")
        log("bulk_load")
        res = bulk_load(iter_synthetic(Scale(args.firms)), tmp / "bulk", progress=None)
        rows = res.nodes + res.relationships
        print(
            f"- bulk_load: {rows:,} rows in {res.seconds:.1f} s = {res.rows_per_s:,.0f} rows/s "
            f"(import files {res.write_seconds:.1f} s, importer {res.import_seconds:.1f} s "
            f"= {rows / res.import_seconds:,.0f} rows/s, server start and stop "
            f"{res.server_seconds:.1f} s, indexes {res.schema_seconds:.1f} s)"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"- peak memory of this process so far: {peak:,.0f} MB")
        if args.bulk_only:
            return 0
        log("Neo4jStore.write")
        counts, seconds = written(args.firms, tmp / "write")
        wrows = sum(counts.values())
        print(
            f"- Neo4jStore.write: {wrows:,} rows in {seconds:.1f} s = {wrows / seconds:,.0f} rows/s"
        )
        print(f"- same counts: {'yes' if counts == res.counts else 'NO'}")
        print(f"- bulk_load vs Neo4jStore.write: {seconds / res.seconds:.1f}x faster end to end")
        print(f"- load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
