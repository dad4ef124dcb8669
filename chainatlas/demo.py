"""The demo: the sample atlas end to end, used by ``chainatlas demo`` and ``make demo``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chainatlas.api import load_sample
from chainatlas.exports import write_csv, write_xlsx
from chainatlas.graph.store import Store
from chainatlas.questions import build_target_list, find_gaps
from chainatlas.settings import check_region, home_region, set_home_region
from chainatlas.tables import gap_table, method_notes, provenance, region_label, target_table
from chainatlas.words import Lang, say

__all__ = ["SAMPLE_REGION", "run_demo"]


def _sample_region() -> str:
    """The city the sample atlas describes, as its data says (``data/sample.yaml``)."""
    from importlib import resources

    import yaml

    text = resources.files("chainatlas.data").joinpath("sample.yaml").read_text(encoding="utf-8")
    return str(yaml.safe_load(text)["home_region"])


#: the city the sample atlas describes (read from the sample data, not written here)
SAMPLE_REGION = _sample_region()


def run_demo(
    store: Store,
    out: Path,
    *,
    region: str | None = None,
    reset: bool = False,
    lang: Lang = "zh",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Load the sample atlas and write the gap table, target lists and explorers; returns a
    summary.

    The answers are for ``region``, else the store's home region, else the sample's city
    (:data:`SAMPLE_REGION`), which becomes the home region of a store that has none.
    """
    step = progress or (lambda msg: None)
    region = check_region(region) if region else None  # a code or a name, checked first
    if reset:
        step("emptying the store")
        store.reset()
    load_sample(store, progress=step)
    if home_region(store) is None:
        set_home_region(store, SAMPLE_REGION)
    where = region or home_region(store) or SAMPLE_REGION
    out.mkdir(parents=True, exist_ok=True)
    chains, files = _tables(store, out, where, lang, step)
    files += _explorers(store, out, where, [c["id"] for c in chains], step, lang)
    files.append(_workbook(store, out, where, chains, lang))
    return {
        "store": store.location,
        "region": where,
        "chains": [{k: v for k, v in c.items() if k != "sheet"} for c in chains],
        "files": [str(f) for f in files],
    }


def _tables(
    store: Store, out: Path, region: str, lang: Lang, step: Callable[[str], None]
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
        headers_g, rows = gap_table(report, lang)
        gap_rows += rows
        tl = build_target_list(store, chain.id, region)
        headers_t, trows = target_table(tl, lang)
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
        write_csv(out / "targets.csv", [say("h.chain", lang), *headers_t], target_rows),
    ]
    return chains, files


def _explorers(
    store: Store,
    out: Path,
    region: str,
    chain_ids: list[str],
    step: Callable[[str], None],
    lang: Lang = "zh",
) -> list[Path]:
    from chainatlas.explorer import build_chain_view, write_html

    files = []
    for cid in chain_ids:
        step(f"explorer of {cid}")
        files.append(
            write_html(
                build_chain_view(store, [cid], region, lang=lang), out / f"explorer-{cid}.html"
            )
        )
    return files


def _workbook(
    store: Store, out: Path, region: str, chains: list[dict[str, Any]], lang: Lang
) -> Path:
    """out/targets.xlsx: a summary sheet, one sheet of targets per chain, then the notes."""
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
    head = [
        say("h.chain_id", lang),
        say("h.chain", lang),
        say("h.segments", lang),
        *(say(f"class.{k}", lang) for k in ("strong", "weak", "missing")),
        say("h.targets", lang),
    ]
    sheets = [(say("t.summary", lang), head, summary_rows), *(c["sheet"] for c in chains)]
    what = say("t.targets", lang, chain="、".join(c["name"] for c in chains))
    notes = provenance(
        store, lang, what, region_label(store, region), [f"{c['name']} ({c['id']})" for c in chains]
    ) + method_notes(lang, targets=True)
    return write_xlsx(out / "targets.xlsx", sheets, notes=notes, notes_title=say("notes", lang))
