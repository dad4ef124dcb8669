"""init, demo, load, stats, gaps, candidates, targets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainatlas import questions
from chainatlas.cli_commands.history import facts_line
from chainatlas.cli_common import (
    ChainOption,
    ChainsOption,
    FormatOption,
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
    lang_of,
    progress,
    region_of,
    state,
    warning_line,
)
from chainatlas.graph.model import Ownership
from chainatlas.outputs import Document, Section, choose_format, deliver
from chainatlas.queries import CandidateFilters, Thresholds
from chainatlas.queries.gaps import PRIORITY_FORMULA
from chainatlas.queries.targets import TARGET_SCORE_FORMULA
from chainatlas.queries.understand import Understanding
from chainatlas.settings import set_home_region
from chainatlas.tables import (
    candidates_document,
    gap_document,
    provenance,
    region_label,
    targets_document,
    word,
)
from chainatlas.words import WORDS, Lang, kind_name, say

__all__ = ["candidates", "demo", "gaps", "init", "load", "stats", "targets"]

KIND_HELP = (
    "Override detection: chain, enterprises, weak_links, regions, clusters, projects, profiles."
)


@handle_errors
def init(
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="CODE|NAME",
            help="The city's or county's code or name (新乡市 or 410700; GB/T 2260).",
        ),
    ] = None,
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Set the store's home region (what every command answers for without --region) and its
    language (what every command speaks without --lang)."""
    from chainatlas.cli_common import LANG

    store = get_store()
    if region is None and lang is None:
        words = lang_of(None)
        err.print(say("error", words) + say("err.init", words), markup=False)
        raise typer.Exit(2)
    code = set_home_region(store, region) if region is not None else None
    if lang is not None:
        store.update_settings({LANG: lang})
    if as_json:
        emit_json(store.settings())
        return
    words = lang_of(lang)
    if code is not None:
        console.print(
            say("home_region", words, code=region_label(store, code), store=store.location),
            markup=False,
        )
    if lang is not None:
        console.print(say("lang_set", words, lang=lang), markup=False)


@handle_errors
def load(
    paths: list[Path] = typer.Argument(
        ..., help="Files to load (chain maps, registries, lists…).", exists=False
    ),
    kind: str | None = typer.Option(None, "--kind", help=KIND_HELP),
    ignore_column: list[str] = typer.Option(
        [], "--ignore-column", metavar="NAME", help="Drop this column on purpose (repeatable)."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Hold exactly what the files say: drop what they no longer list."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print what would change; write nothing."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Treat warnings as errors: any warning and nothing is written."
    ),
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Load files into the store, all or nothing: any bad row and nothing is written.

    A first load of millions of rows into an empty local Neo4j: `chainatlas neo4j import`.
    """
    from chainatlas.api import load_paths
    from chainatlas.loaders.headers import ignoring_columns

    store = get_store()
    words = lang_of(lang)
    with progress("loading") as step, ignoring_columns(ignore_column):
        summary = load_paths(
            store, paths, kind=kind, progress=step, replace=replace, dry_run=dry_run, strict=strict
        )
    if as_json:
        emit_json(summary)
        return
    if summary.changes is not None and (replace or dry_run):
        from chainatlas.cli_commands.history import print_changes

        heading = say("would_change" if dry_run else "changed", words)
        print_changes(summary.changes, heading=heading, lang=words)
        if dry_run:
            return
    for w in summary.warnings:
        err.print(warning_line(str(w), words), markup=False, soft_wrap=True)
    for f in summary.files:
        console.print(
            say(
                "loaded",
                words,
                file=f["file"],
                kind=kind_name(str(f["kind"]), words),
                n=f["records"],
            ),
            markup=False,
        )


@handle_errors
def stats(
    as_json: JsonFlag = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Counts of every node label and relationship type in the store."""
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else fmt, words)
    counts = get_store().stats()
    if fmt == "json" and output is None:
        emit_json(counts)
        return
    title = say("t.stats", words, store=get_store().location)
    section = Section(
        title,
        "",
        [say("h.label", words), say("h.count", words)],
        [[say(f"label.{k}", words) if f"label.{k}" in WORDS else k, v] for k, v in counts.items()],
    )
    doc = Document(title, [section], words, counts, "stats", provenance(get_store(), words, title))
    deliver(doc, output, fmt, console)


@handle_errors
def gaps(
    chain: ChainOption,
    region: RegionOption = None,
    strong_min_firms: int = typer.Option(2, help="Local firms needed for 'strong'."),
    strong_min_coverage: float = typer.Option(1.5, help="Sum of strengths needed for 'strong'."),
    as_json: JsonFlag = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Each segment's local coverage: strong / weak / missing, against the official list.

    -o FILE writes the table in the format its extension names (.csv .xlsx .md .json .html)."""
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else fmt, words)
    thresholds = Thresholds(
        strong_min_firms=strong_min_firms, strong_min_coverage=strong_min_coverage
    )
    report = questions.find_gaps(get_store(), chain, region, thresholds=thresholds)
    if fmt == "json" and output is None:
        emit_json(report)
        return
    where = region_label(get_store(), report.region)
    deliver(gap_document(report, words, where, get_store()), output, fmt, console)


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
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """Firms that could fill a gap, best first, each score split into named factors.

    --json prints the ranked list of candidates (firms outside the region); with --explain,
    an object {"understood": how the query was read, "candidates": the list}.
    -o FILE writes the table in the format its extension names."""
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else fmt, words)
    if not segment and not query:
        err.print(say("error", words) + say("err.segment_or_query", words), markup=False)
        raise typer.Exit(2)
    filters = CandidateFilters(
        provinces=province,
        ownership=ownership,
        lists=in_list,
        listed=listed,
        min_revenue_100m_cny=min_revenue,
    )
    where = region_of(region)
    # the first search after the data changed also builds the search index (seconds on a big store)
    with progress("finding candidates"):
        result = questions.find_candidates(
            get_store(),
            segment,
            query,
            region=where,
            top=top,
            weights=questions.read_weights(weights) if weights else None,
            filters=filters,
        )
    answer = (
        {"understood": result.understood, "candidates": result.candidates}
        if explain
        else result.candidates
    )
    if fmt == "json" and output is None:
        emit_json(answer)
        return
    doc = candidates_document(
        result, words, region_label(get_store(), where), get_store(), show_local=show_local
    )
    doc.data = answer
    if top and len(result.candidates) >= top:
        doc.lines.append(say("listed_top", words, n=top))
    if explain and result.understood is not None:
        doc.sections.insert(0, understanding_section(result.understood, words))
        if doc.brief is not None:
            doc.brief.insert(0, doc.sections[0])
    deliver(doc, output, fmt, console)


def understanding_section(understood: Understanding, lang: Lang) -> Section:
    """How the query was read: each reading with its weight and where it came from."""
    head = [say("h.reading", lang), say("h.weight", lang), say("h.source", lang)]
    rows: list[list[object]] = [
        [e.text, e.weight, word("reading", e.source, lang)] for e in understood.expansions
    ]
    return Section(say("t.searched", lang, text=understood.text), "", head, rows)


@handle_errors
def targets(
    chain: ChainsOption = [],  # noqa: B006 - typer reads the default; never mutated
    all_chains: bool = typer.Option(False, "--all", help="Every chain in the store."),
    region: RegionOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
    top: TopOption = 100,
    weights: WeightsOption = None,
    explain: bool = typer.Option(
        False, "--explain", help="Every segment's priority, term by term, instead of the firms."
    ),
    as_json: JsonFlag = False,
) -> None:
    """Firms ranked by the gaps of a chain they would fill, with reasons; exportable.

    -o FILE writes the format its extension names: XLSX gets one sheet per chain (a summary
    sheet first with --all or several) and a notes sheet; CSV one table with a chain column.
    -f xlsx without -o writes targets-CHAIN.xlsx. --json prints a list of target lists.
    """
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else fmt, words)
    if not chain and not all_chains:
        err.print(say("error", words) + say("err.chain_or_all", words), markup=False)
        raise typer.Exit(2)
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
    if fmt == "json" and output is None:
        emit_json(lists)
        return
    if not lists:
        console.print(say("no_chains", words), markup=False)
        return
    doc = targets_document(
        lists, words, region_label(get_store(), where), get_store(), summary=all_chains
    )
    doc.lines += [say("no_targets", words, chain=tl.chain_name) for tl in lists if not tl.targets]
    if top and any(len(tl.targets) >= top for tl in lists):
        doc.lines.append(say("listed_top", words, n=top))
    doc.lines += [f"{tl.chain_name}: {facts_line(tl.rests_on, words)}" for tl in lists]
    if explain:  # every segment with the terms of its priority (chainatlas.priorities)
        from chainatlas.priorities import priority_document

        doc = priority_document(lists, words, region_label(get_store(), where))
    else:
        doc.lines += [PRIORITY_FORMULA[words], TARGET_SCORE_FORMULA[words]]
    deliver(doc, output, fmt, console)


@handle_errors
def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the outputs."),
    region: RegionOption = None,
    reset: bool = typer.Option(False, "--reset", help="Empty the store first."),
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Load the sample atlas, then write out/gaps.csv, out/targets.csv and out/targets.xlsx.

    Answers for --region, else the store's home region, else the sample atlas's city (410700),
    which becomes the home region of a store that has none."""
    from chainatlas.demo import run_demo

    words = lang_of(lang)
    with progress("running the demo") as step:
        summary = run_demo(get_store(), out, region=region, reset=reset, lang=words, progress=step)
    if as_json:
        emit_json(summary)
        return
    console.print(say("demo.store", words, store=get_store().location), markup=False)
    for ch in summary["chains"]:
        console.print(say("demo.chain", words, **ch, **ch["classes"]), markup=False)
    for f in summary["files"]:
        console.print(say("wrote", words, path=f), markup=False)
    if not state.quiet:
        console.print(say("demo.next", words), markup=False)
