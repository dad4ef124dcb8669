"""The demo: the sample atlas end to end, used by ``chainatlas demo`` and ``make demo``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chainatlas.api import load_sample
from chainatlas.exports import write_csv, write_xlsx
from chainatlas.graph.store import Store
from chainatlas.questions import build_target_list, find_gaps
from chainatlas.settings import home_region, set_home_region
from chainatlas.tables import gap_table, target_table

__all__ = ["SAMPLE_REGION", "run_demo"]

#: the city the sample atlas describes: Xinxiang, Henan (新乡, GB/T 2260 code 410700)
SAMPLE_REGION = "410700"
SUMMARY_HEADERS = ["产业链编号", "产业链", "环节数", "强", "弱项", "缺项", "目标企业数"]


def run_demo(
    store: Store,
    out: Path,
    *,
    region: str | None = None,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Load the sample atlas and write the gap table, target lists and explorers; returns a
    summary.

    The answers are for ``region``, else the store's home region, else the sample's city
    (:data:`SAMPLE_REGION`), which becomes the home region of a store that has none.
    """
    step = progress or (lambda msg: None)
    if reset:
        step("emptying the store")
        store.reset()
    load_sample(store, progress=step)
    if home_region(store) is None:
        set_home_region(store, SAMPLE_REGION)
    where = region or home_region(store) or SAMPLE_REGION
    out.mkdir(parents=True, exist_ok=True)
    chains, files = _tables(store, out, where, step)
    files += _explorers(store, out, where, [c["id"] for c in chains], step)
    files.append(_workbook(out, chains))
    return {
        "store": store.location,
        "region": where,
        "chains": [{k: v for k, v in c.items() if k != "sheet"} for c in chains],
        "files": [str(f) for f in files],
    }


def _tables(
    store: Store, out: Path, region: str, step: Callable[[str], None]
) -> tuple[list[dict[str, Any]], list[Path]]:
    """Each chain's gaps and targets, written as out/gaps.csv and out/targets.csv."""
    gap_rows: list[list[Any]] = []
    target_rows: list[list[Any]] = []
    chains: list[dict[str, Any]] = []
    headers_g: list[str] = []
    headers_t: list[str] = []
    for chain in store.chains():
        step(f"gaps and targets of {chain.id}")
        report = find_gaps(store, chain.id, region)
        headers_g, rows = gap_table(report, "en")
        gap_rows += rows
        tl = build_target_list(store, chain.id, region)
        headers_t, trows = target_table(tl, "zh")
        target_rows += [[chain.id, *r] for r in trows]
        chains.append(
            {
                "id": chain.id,
                "name": chain.name_zh,
                "segments": len(report.segments),
                "classes": report.counts(),
                "disagreements": len(report.disagreements),
                "targets": len(tl.targets),
                "sheet": (chain.name_zh, headers_t, trows),
            }
        )
    files = [
        write_csv(out / "gaps.csv", headers_g, gap_rows),
        write_csv(out / "targets.csv", ["产业链", *headers_t], target_rows),
    ]
    return chains, files


def _explorers(
    store: Store, out: Path, region: str, chain_ids: list[str], step: Callable[[str], None]
) -> list[Path]:
    from chainatlas.explorer import build_chain_view, write_html

    files = []
    for cid in chain_ids:
        step(f"explorer of {cid}")
        files.append(
            write_html(build_chain_view(store, [cid], region), out / f"explorer-{cid}.html")
        )
    return files


def _workbook(out: Path, chains: list[dict[str, Any]]) -> Path:
    """out/targets.xlsx: a summary sheet, then one sheet of targets per chain."""
    summary_rows = [
        [
            c["id"],
            c["name"],
            c["segments"],
            c["classes"]["strong"],
            c["classes"]["weak"],
            c["classes"]["missing"],
            c["targets"],
        ]
        for c in chains
    ]
    sheets = [("汇总", SUMMARY_HEADERS, summary_rows), *(c["sheet"] for c in chains)]
    return write_xlsx(out / "targets.xlsx", sheets)
