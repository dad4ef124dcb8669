"""The demo: the sample atlas end to end, used by ``chainatlas demo`` and ``make demo``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chainatlas.api import load_sample
from chainatlas.exports import write_csv, write_xlsx
from chainatlas.graph.store import Store
from chainatlas.queries import build_target_list, find_gaps
from chainatlas.queries.gaps import DEFAULT_REGION
from chainatlas.tables import gap_table, target_table

__all__ = ["run_demo"]


def run_demo(
    store: Store,
    out: Path,
    *,
    region: str = DEFAULT_REGION,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Load the sample atlas and write the gap table and target lists; returns a summary."""
    step = progress or (lambda msg: None)
    if reset:
        step("emptying the store")
        store.reset()
    load_sample(store, progress=step)
    out.mkdir(parents=True, exist_ok=True)
    gap_rows: list[list[Any]] = []
    target_rows: list[list[Any]] = []
    sheets = []
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
        sheets.append((chain.name_zh, headers_t, trows))
        chains.append(
            {
                "id": chain.id,
                "name": chain.name_zh,
                "segments": len(report.segments),
                "classes": report.counts(),
                "disagreements": len(report.disagreements),
                "targets": len(tl.targets),
            }
        )
    files = [
        write_csv(out / "gaps.csv", headers_g, gap_rows),
        write_csv(out / "targets.csv", ["产业链", *headers_t], target_rows),
    ]
    from chainatlas.explorer import build_chain_view, write_html

    for c in chains:
        step(f"explorer of {c['id']}")
        files.append(
            write_html(build_chain_view(store, [c["id"]], region), out / f"explorer-{c['id']}.html")
        )
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
    files.append(
        write_xlsx(
            out / "targets.xlsx",
            [
                (
                    "汇总",
                    ["产业链编号", "产业链", "环节数", "强", "弱项", "缺项", "目标企业数"],
                    summary_rows,
                ),
                *sheets,
            ],
        )
    )
    return {
        "store": store.location,
        "region": region,
        "chains": chains,
        "files": [str(f) for f in files],
    }
