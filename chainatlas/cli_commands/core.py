"""demo, load, gaps, candidates, targets, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer
from rich.markup import escape  # names are written by strangers: print them as text
from rich.table import Table

from chainatlas.cli_common import console, emit_json, err, get_store, handle_errors, progress, state
from chainatlas.graph.model import Ownership
from chainatlas.queries import (
    CandidateFilters,
    Thresholds,
    build_target_list,
    find_candidates,
    find_gaps,
    load_weights,
)
from chainatlas.queries.gaps import DEFAULT_REGION
from chainatlas.queries.targets import TargetList
from chainatlas.tables import CLASS_ZH, gap_table, target_table

REGION_HELP = "Region code of the city or county (GB/T 2260), e.g. 410700 for Xinxiang."
CLASS_STYLE = {"strong": "green", "weak": "yellow", "missing": "red"}


def _thresholds(strong_min_firms: int, strong_min_coverage: float) -> Thresholds:
    return Thresholds(strong_min_firms=strong_min_firms, strong_min_coverage=strong_min_coverage)


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("gaps")(gaps)
    app.command("candidates")(candidates)
    app.command("targets")(targets)
    app.command("stats")(stats)
    app.command("demo")(demo)


@handle_errors
def load(
    paths: list[Path] = typer.Argument(
        ..., help="Files to load (chain maps, registries, lists…).", exists=False
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        help="Override detection: chain, "
        "enterprises, weak_links, regions, clusters, projects, profiles.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print what was loaded as JSON."),
) -> None:
    """Load files into the store, all or nothing: any bad row and nothing is written.

    A first load of millions of rows into an empty local Neo4j: `chainatlas neo4j import`.
    """
    from chainatlas.api import load_paths

    store = get_store()
    with progress("loading") as step:
        summary = load_paths(store, paths, kind=kind, progress=step)
    if as_json:
        emit_json(summary)
        return
    for w in summary.warnings:
        err.print(f"warning: {w}", markup=False, soft_wrap=True)
    for f in summary.files:
        console.print(f"loaded {f['file']} ({f['kind']}): {f['records']} records", markup=False)


@handle_errors
def stats(as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON.")) -> None:
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
    chain: str = typer.Option(..., "--chain", "-c", help="Chain id, e.g. battery-ev."),
    region: str = typer.Option(DEFAULT_REGION, "--region", "-r", help=REGION_HELP),
    strong_min_firms: int = typer.Option(2, help="Local firms needed for 'strong'."),
    strong_min_coverage: float = typer.Option(1.5, help="Sum of strengths needed for 'strong'."),
    as_json: bool = typer.Option(False, "--json", help="Print the gap report as JSON."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Also write a CSV here."),
    lang: str = typer.Option("en", "--lang", help="Headers of the CSV: en or zh."),
) -> None:
    """Each segment's local coverage: strong / weak / missing, against the official list."""
    report = find_gaps(
        get_store(), chain, region, thresholds=_thresholds(strong_min_firms, strong_min_coverage)
    )
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
        title=escape(f"{report.chain_name} ({report.chain_id}) in {region}"),
    )
    for s in report.segments:
        off = s.official_kind.value if s.official_kind else ""
        table.add_row(
            s.segment_id,
            escape(s.name_zh),
            s.tier.value,
            f"[{CLASS_STYLE[s.coverage_class]}]{s.coverage_class}[/]",
            escape("、".join(f.name for f in s.local_firms[:4]) or "-"),
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
    query: str | None = typer.Option(None, "--query", "-q", help="Free text, e.g. 锂电池隔膜."),
    region: str = typer.Option(DEFAULT_REGION, "--region", "-r", help=REGION_HELP),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many to list."),
    weights: Path | None = typer.Option(None, "--weights", help="YAML file of factor weights."),
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
    as_json: bool = typer.Option(False, "--json", help="Print the ranked list as JSON."),
) -> None:
    """Firms that could fill a gap, best first, each score split into named factors."""
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
    result = find_candidates(
        get_store(),
        segment,
        query,
        region=region,
        top=top,
        weights=load_weights(weights),
        filters=filters,
    )
    if as_json:
        emit_json(result.candidates)
        return
    if not result.candidates:
        console.print(f"no candidate outside {region} for {', '.join(result.segment_ids)}")
    _candidate_table(result.candidates, f"candidates for {', '.join(result.segment_ids)}")
    if show_local or not result.candidates:
        if result.local:
            _candidate_table(result.local, f"already in {region} (strengthen)")


def _candidate_table(rows: list, title: str) -> None:  # type: ignore[type-arg]
    if not rows:
        return
    table = Table("#", "name", "score", "factors", title=escape(title))
    for i, c in enumerate(rows, start=1):
        factors = "; ".join(f"{f.name} {f.value:.2f}: {f.evidence}" for f in c.factors)
        table.add_row(str(i), escape(c.name), f"{c.score:.3f}", escape(factors))
    console.print(table)


@handle_errors
def targets(
    chain: list[str] = typer.Option([], "--chain", "-c", help="Chain id (repeat for several)."),
    all_chains: bool = typer.Option(False, "--all", help="Every chain in the store."),
    region: str = typer.Option(DEFAULT_REGION, "--region", "-r", help=REGION_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, xlsx or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
    lang: str = typer.Option("zh", "--lang", help="Headers: zh or en."),
    top: int = typer.Option(100, "--top", "-n", min=1, help="Targets per chain."),
    weights: Path | None = typer.Option(None, "--weights", help="YAML file of factor weights."),
    as_json: bool = typer.Option(False, "--json", help="Print the target list(s) as JSON."),
) -> None:
    """Firms ranked by the gaps of a chain they would fill, with reasons; exportable.

    XLSX gets a summary sheet plus one sheet per chain; CSV one table with a chain column.
    """
    from chainatlas.exports import write_csv, write_markdown, write_xlsx

    if fmt not in {"table", "csv", "xlsx", "md"}:
        err.print(f"error: --format {fmt!r} is not one of table, csv, xlsx, md")
        raise typer.Exit(2)
    if lang not in {"zh", "en"}:
        err.print(f"error: --lang {lang!r} is not zh or en")
        raise typer.Exit(2)
    store = get_store()
    chain_ids = [c.id for c in store.chains()] if all_chains else chain
    if not chain_ids:
        err.print("error: give --chain ID (repeatable) or --all")
        raise typer.Exit(2)
    language: Literal["zh", "en"] = "zh" if lang == "zh" else "en"
    w = load_weights(weights)
    with progress("ranking targets") as step:
        lists = []
        for cid in chain_ids:
            step(f"ranking targets for {cid}")
            lists.append(build_target_list(store, cid, region, weights=w, top=top))
    if as_json:
        emit_json(lists[0] if len(lists) == 1 and not all_chains else lists)
        return
    tables = [(tl, *target_table(tl, language)) for tl in lists]
    if fmt == "table":
        for tl, _, _ in tables:
            _print_targets(tl, top)
        return
    stem = lists[0].chain_id if len(lists) == 1 else "all"
    out = output or Path(f"targets-{stem}.{fmt}")
    headers = tables[0][1]
    if fmt == "csv":
        chain_col = "产业链" if language == "zh" else "chain"
        if len(tables) == 1:
            write_csv(out, headers, tables[0][2])
        else:
            write_csv(
                out,
                [chain_col, *headers],
                [[tl.chain_id, *r] for tl, _, rows in tables for r in rows],
            )
    elif fmt == "xlsx":
        sheets = [(tl.chain_name, h, rows) for tl, h, rows in tables]
        if len(tables) > 1 or all_chains:
            summary_headers = (
                ["产业链编号", "产业链", "缺口数", "目标企业数", "首选目标"]
                if language == "zh"
                else ["chain_id", "chain", "gaps", "targets", "top_target"]
            )
            summary = [
                [
                    tl.chain_id,
                    tl.chain_name,
                    tl.gap_count,
                    len(tl.targets),
                    tl.targets[0].name if tl.targets else "",
                ]
                for tl in lists
            ]
            sheets.insert(0, ("汇总" if language == "zh" else "Summary", summary_headers, summary))
        write_xlsx(out, sheets)
    else:
        parts = []
        for tl, h, rows in tables:
            title = (
                f"{tl.chain_name} 招商目标企业名单"
                if language == "zh"
                else f"Target list: {tl.chain_name}"
            )
            parts.append(
                write_markdown(None, title, h, rows, intro=f"region {region}; {tl.gap_count} gaps")
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(parts), encoding="utf-8")
    total = sum(len(tl.targets) for tl in lists)
    console.print(f"wrote {total} targets for {len(lists)} chain(s) to {out}", markup=False)


def _print_targets(tl: TargetList, top: int) -> None:
    if not tl.targets:
        console.print(
            f"no targets for {tl.chain_name}: no gap has a candidate outside the region",
            markup=False,
        )
        return
    table = Table(
        "#", "name", "gaps", "score", "reason", title=escape(f"targets for {tl.chain_name}")
    )
    for t in tl.targets[:top]:
        table.add_row(
            str(t.rank),
            escape(t.name),
            escape("、".join(t.gap_names)),
            f"{t.score:.3f}",
            escape(t.reasons[0] if t.reasons else ""),
        )
    console.print(table)


@handle_errors
def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the outputs."),
    region: str = typer.Option(DEFAULT_REGION, "--region", "-r", help=REGION_HELP),
    reset: bool = typer.Option(False, "--reset", help="Empty the store first."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Load the sample atlas, then write out/gaps.csv, out/targets.csv and out/targets.xlsx."""
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
