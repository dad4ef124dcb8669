"""init, demo, load, stats, gaps, candidates, targets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from chainatlas import questions
from chainatlas.cli_common import (
    ChainOption,
    ChainsOption,
    JsonFlag,
    LangOption,
    OutputOption,
    RegionOption,
    TopOption,
    WeightsOption,
    console,
    emit_json,
    err,
    get_store,
    handle_errors,
    progress,
    region_of,
    state,
)
from chainatlas.graph.model import Ownership
from chainatlas.queries import CandidateFilters, Thresholds
from chainatlas.queries.candidates import Candidate
from chainatlas.queries.targets import TargetList
from chainatlas.queries.understand import Understanding
from chainatlas.settings import set_home_region
from chainatlas.tables import CLASS_ZH, gap_table

__all__ = ["candidates", "demo", "gaps", "init", "load", "stats", "targets"]

CLASS_STYLE = {"strong": "green", "weak": "yellow", "missing": "red"}
KIND_HELP = (
    "Override detection: chain, enterprises, weak_links, regions, clusters, projects, profiles."
)


@handle_errors
def init(
    region: Annotated[
        str,
        typer.Option(
            "--region", "-r", metavar="CODE", help="The city's or county's code (GB/T 2260)."
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Set the store's home region: what every command answers for without --region."""
    code = set_home_region(get_store(), region)
    if as_json:
        emit_json(get_store().settings())
        return
    console.print(f"home region: {code} (store {get_store().location})", markup=False)


@handle_errors
def load(
    paths: list[Path] = typer.Argument(
        ..., help="Files to load (chain maps, registries, lists…).", exists=False
    ),
    kind: str | None = typer.Option(None, "--kind", help=KIND_HELP),
    ignore_column: list[str] = typer.Option(
        [], "--ignore-column", metavar="NAME", help="Drop this column on purpose (repeatable)."
    ),
    as_json: JsonFlag = False,
) -> None:
    """Load files into the store, all or nothing: any bad row and nothing is written.

    A first load of millions of rows into an empty local Neo4j: `chainatlas neo4j import`.
    """
    from chainatlas.api import load_paths
    from chainatlas.loaders.headers import ignoring_columns

    store = get_store()
    with progress("loading") as step, ignoring_columns(ignore_column):
        summary = load_paths(store, paths, kind=kind, progress=step)
    if as_json:
        emit_json(summary)
        return
    for w in summary.warnings:
        err.print(f"warning: {w}", markup=False, soft_wrap=True)
    for f in summary.files:
        console.print(f"loaded {f['file']} ({f['kind']}): {f['records']} records", markup=False)


@handle_errors
def stats(as_json: JsonFlag = False) -> None:
    """Counts of every node label and relationship type in the store."""
    counts = get_store().stats()
    if as_json:
        emit_json(counts)
        return
    table = Table("label / type", "count", title=f"store {get_store().location}")
    for k, v in counts.items():
        table.add_row(k, f"{v:,}")
    console.print(table)


@handle_errors
def gaps(
    chain: ChainOption,
    region: RegionOption = None,
    strong_min_firms: int = typer.Option(2, help="Local firms needed for 'strong'."),
    strong_min_coverage: float = typer.Option(1.5, help="Sum of strengths needed for 'strong'."),
    as_json: JsonFlag = False,
    output: OutputOption = None,
    lang: LangOption = "en",
) -> None:
    """Each segment's local coverage: strong / weak / missing, against the official list.

    With -o, also writes the table as CSV (headers in --lang)."""
    thresholds = Thresholds(
        strong_min_firms=strong_min_firms, strong_min_coverage=strong_min_coverage
    )
    report = questions.find_gaps(get_store(), chain, region, thresholds=thresholds)
    if output:
        from chainatlas.exports import write_csv

        write_csv(output, *gap_table(report, "zh" if lang == "zh" else "en"))
    if as_json:
        emit_json(report)
        return
    table = Table(
        "segment",
        "name",
        "tier",
        "class",
        "local firms",
        "priority",
        "official",
        title=f"{report.chain_name} ({report.chain_id}) in {report.region}",
    )
    for s in report.segments:
        off = s.official_kind.value if s.official_kind else ""
        table.add_row(
            s.segment_id,
            s.name_zh,
            s.tier.value,
            f"[{CLASS_STYLE[s.coverage_class]}]{s.coverage_class}[/]",
            "、".join(f.name for f in s.local_firms[:4]) or "-",
            f"{s.priority:.2f}",
            off + ("" if s.agrees_with_official else " ≠"),
        )
    console.print(table)
    c = report.counts()
    console.print(
        f"{c['strong']} strong, {c['weak']} weak, {c['missing']} missing; "
        f"{len(report.disagreements)} disagreements with the official list"
    )
    for d in report.disagreements[:15]:
        console.print(f"  ≠ {d.segment_id} {d.name_zh}: {d.message}", markup=False)


@handle_errors
def candidates(
    segment: str | None = typer.Option(None, "--segment", "-s", help="Segment id or name."),
    query: str | None = typer.Option(None, "--query", help="Free text, e.g. 锂电池隔膜."),
    region: RegionOption = None,
    top: TopOption = 20,
    weights: WeightsOption = None,
    province: list[str] = typer.Option([], "--province", help="Keep HQs in this province (code)."),
    ownership: list[Ownership] = typer.Option([], "--ownership", help="Keep this ownership."),
    in_list: list[str] = typer.Option([], "--list", help="Keep members of this list."),
    listed: bool | None = typer.Option(
        None, "--listed/--unlisted", help="Listed firms only, or unlisted only."
    ),
    min_revenue: float | None = typer.Option(None, "--min-revenue", help="Minimum revenue, 亿元."),
    show_local: bool = typer.Option(
        False, "--local", help="Also show firms already in the region."
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Show how the query was read (normalised, corrected, translated)."
    ),
    as_json: JsonFlag = False,
) -> None:
    """Firms that could fill a gap, best first, each score split into named factors.

    --json prints the ranked list of candidates (firms outside the region); with --explain,
    an object {"understood": how the query was read, "candidates": the list}."""
    if not segment and not query:
        err.print("error: give --segment ID or --query TEXT")
        raise typer.Exit(2)
    filters = CandidateFilters(
        provinces=province,
        ownership=ownership,
        lists=in_list,
        listed=listed,
        min_revenue_100m_cny=min_revenue,
    )
    where = region_of(region)
    result = questions.find_candidates(
        get_store(),
        segment,
        query,
        region=where,
        top=top,
        weights=questions.read_weights(weights) if weights else None,
        filters=filters,
    )
    if as_json:
        emit_json(
            {"understood": result.understood, "candidates": result.candidates}
            if explain
            else result.candidates
        )
        return
    if explain and result.understood is not None:
        print_understanding(result.understood)
    gap = ", ".join(result.segment_ids) or (query or segment or "")
    if not result.candidates:
        console.print(
            f"no candidate outside {where} for {gap!r}: no product, segment or industry the "
            "store holds matches it; try a shorter or broader term, or --explain",
            markup=False,
            soft_wrap=True,  # one line, never cut
        )
    _candidate_table(result.candidates, f"candidates for {gap}")
    if show_local or not result.candidates:
        if result.local:
            _candidate_table(result.local, f"already in {where} (strengthen)")


def print_understanding(understood: Understanding) -> None:
    """How the query was read: each reading with its weight and where it came from."""
    table = Table("reading", "weight", "from", title=f"searched: {understood.text}")
    for exp in understood.expansions:
        table.add_row(exp.text, f"{exp.weight:.2f}", exp.source)
    console.print(table)


def _candidate_table(rows: list[Candidate], title: str) -> None:
    if not rows:
        return
    table = Table("#", "name", "score", "factors", title=title)
    for i, c in enumerate(rows, start=1):
        factors = "; ".join(f"{f.name} {f.value:.2f}: {f.evidence}" for f in c.factors)
        table.add_row(str(i), c.name, f"{c.score:.3f}", factors)
    console.print(table)


@handle_errors
def targets(
    chain: ChainsOption = [],  # noqa: B006 - typer reads the default; never mutated
    all_chains: bool = typer.Option(False, "--all", help="Every chain in the store."),
    region: RegionOption = None,
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, xlsx or md."),
    output: OutputOption = None,
    lang: LangOption = "zh",
    top: TopOption = 100,
    weights: WeightsOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Firms ranked by the gaps of a chain they would fill, with reasons; exportable.

    XLSX gets a summary sheet plus one sheet per chain; CSV one table with a chain column.
    --json prints a list of target lists, one per chain.
    """
    from chainatlas.exports import write_target_lists

    if fmt not in {"table", "csv", "xlsx", "md"}:
        err.print(f"error: --format {fmt!r} is not one of table, csv, xlsx, md")
        raise typer.Exit(2)
    if not chain and not all_chains:
        err.print("error: give --chain ID (repeatable) or --all")
        raise typer.Exit(2)
    language: Literal["zh", "en"] = "zh" if lang == "zh" else "en"
    where = region_of(region)
    with progress("ranking targets") as step:
        lists = questions.build_target_lists(
            get_store(),
            None if all_chains else chain,
            where,
            weights=questions.read_weights(weights) if weights else None,
            top=top,
            progress=step,
        )
    if as_json:
        emit_json(lists)
        return
    if not lists:
        console.print("no chains in the store; load a chain map (chainatlas load)", markup=False)
        return
    if fmt == "table":
        for tl in lists:
            _print_targets(tl, top)
        return
    out = write_target_lists(output, lists, fmt, language, where, summary=all_chains)
    total = sum(len(tl.targets) for tl in lists)
    console.print(f"wrote {total} targets for {len(lists)} chain(s) to {out}", markup=False)


def _print_targets(tl: TargetList, top: int) -> None:
    if not tl.targets:
        console.print(
            f"no targets for {tl.chain_name}: no gap has a candidate outside the region",
            markup=False,
        )
        return
    table = Table("#", "name", "gaps", "score", "reason", title=f"targets for {tl.chain_name}")
    for t in tl.targets[:top]:
        table.add_row(
            str(t.rank),
            t.name,
            "、".join(t.gap_names),
            f"{t.score:.3f}",
            t.reasons[0] if t.reasons else "",
        )
    console.print(table)


@handle_errors
def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the outputs."),
    region: RegionOption = None,
    reset: bool = typer.Option(False, "--reset", help="Empty the store first."),
    as_json: JsonFlag = False,
) -> None:
    """Load the sample atlas, then write out/gaps.csv, out/targets.csv and out/targets.xlsx.

    Answers for --region, else the store's home region, else the sample atlas's city (410700),
    which becomes the home region of a store that has none."""
    from chainatlas.demo import run_demo

    with progress("running the demo") as step:
        summary = run_demo(get_store(), out, region=region, reset=reset, progress=step)
    if as_json:
        emit_json(summary)
        return
    console.print(f"store: {get_store().location}", markup=False)
    for ch in summary["chains"]:
        c = ch["classes"]
        console.print(
            f"{ch['name']} ({ch['id']}): {ch['segments']} segments — "
            f"{c['strong']} strong, {c['weak']} {CLASS_ZH['weak']}/weak, "
            f"{c['missing']} {CLASS_ZH['missing']}/missing; {ch['targets']} targets",
            markup=False,
        )
    for f in summary["files"]:
        console.print(f"wrote {f}", markup=False)
    if not state.quiet:
        console.print(
            "next: chainatlas gaps --chain battery-ev | chainatlas candidates "
            "--query 隔膜 | chainatlas targets --chain battery-ev",
            markup=False,
        )
