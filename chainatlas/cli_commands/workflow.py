"""profile, clusters, report quarterly, soe: the city's workflow around the chain map.

Each prints or writes through ``chainatlas.outputs`` (``-o FILE`` writes the format its
extension names; ``--format`` without ``-o`` prints that format), in ``--lang``."""

from __future__ import annotations

import typer

from chainatlas import questions
from chainatlas.cli_commands.history import facts_line
from chainatlas.cli_common import (
    FormatOption,
    JsonFlag,
    LangOption,
    OutputOption,
    RegionOption,
    TopOption,
    console,
    emit_json,
    get_store,
    handle_errors,
    lang_of,
    region_of,
)
from chainatlas.outputs import Document, Section, choose_format, deliver
from chainatlas.queries.pipeline import DEFAULT_STALLED_DAYS
from chainatlas.tables import provenance, region_label
from chainatlas.words import row, say
from chainatlas.workflow_reports import (
    cluster_document,
    clusters_document,
    profile_document,
    quarterly_document,
)

__all__ = ["clusters", "profile", "quarterly", "soe"]

#: the names the formats had before one rule held for all: the terminal is a table
_OLD_NAMES = {"terminal": "table"}


@handle_errors
def profile(
    ref: str = typer.Argument(..., metavar="NAME_OR_ID", help="The firm's id, name or alias."),
    region: RegionOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """A target firm's profile: status, strategy, layout, intentions, executives, contacts, gaps.

    -o FILE writes the format its extension names (.md .xlsx .html .json)."""
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else _OLD_NAMES.get(fmt or "", fmt), words)
    prof = questions.enterprise_profile(get_store(), ref, region)
    if fmt == "json" and output is None:
        emit_json(prof)
        return
    where = region_label(get_store(), prof.region)
    doc = profile_document(prof, words, where, get_store())
    doc.lines.append(facts_line(prof.rests_on, words))
    deliver(doc, output, fmt, console)


@handle_errors
def clusters(
    cluster: str | None = typer.Argument(
        None, help="A cluster id or name: its detail and candidates."
    ),
    region: RegionOption = None,
    top: TopOption = 10,
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Industrial clusters: coverage by members and the gaps that weaken each; with a cluster,
    the firms that would strengthen several of its segments (--top of them), best first."""
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else fmt, words)
    store = get_store()
    if cluster is None:
        found = questions.list_clusters(store, region)
        if fmt == "json" and output is None:
            emit_json(found)
            return
        if not found:
            console.print(say("no_clusters", words), markup=False)
            return
        where = region_label(store, region_of(region))
        deliver(clusters_document(found, words, where, store), output, fmt, console)
        return
    answer = questions.cluster_report(store, cluster, region, top=top)
    if fmt == "json" and output is None:
        emit_json(answer)
        return
    where = region_label(store, region_of(region))
    deliver(cluster_document(answer, words, where, store), output, fmt, console)


@handle_errors
def quarterly(
    quarter: str = typer.Option(..., "--quarter", help="The quarter, e.g. 2013Q2."),
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
    stalled_days: int = typer.Option(
        DEFAULT_STALLED_DAYS,
        "--stalled-days",
        min=1,
        help="No stage change in this many days = stalled.",
    ),
    as_json: JsonFlag = False,
) -> None:
    """The quarterly project report (项目汇报会): stages, units, changes, stalled, gaps filled,
    on-site review list and each unit's scorecard.

    Prints Markdown by default; -o FILE writes the format its extension names
    (.md .xlsx .html .json); -f xlsx without -o writes quarterly-QUARTER.xlsx."""
    words = lang_of(lang)
    fmt = choose_format(
        output,
        "json" if as_json else _OLD_NAMES.get(fmt or "", fmt) or (None if output else "md"),
        words,
    )
    report = questions.quarterly_report(get_store(), quarter, stalled_days=stalled_days)
    if fmt == "json" and output is None:
        emit_json(report)
        return
    deliver(quarterly_document(report, words, get_store()), output, fmt, console)


@handle_errors
def soe(
    industry: str = typer.Option(
        ..., "--industry", "-i", help="Industry, loosely: 生物, 汽车, coal…"
    ),
    fmt: FormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Central SOEs paired with an industry (央企合作), by their current names."""
    words = lang_of(lang)
    fmt = choose_format(output, "json" if as_json else fmt, words)
    answer = questions.soe_pairing(industry)
    if fmt == "json" and output is None:
        emit_json(answer)
        return
    title = say("t.soe", words, industry=industry)
    rows: list[list[object]] = [
        [p.industry_zh, p.seed_name_zh, p.current_name_zh, p.note] for p in answer.pairings
    ]
    line = say(
        "t.soe_groups", words, n=len(answer.current_names), names="、".join(answer.current_names)
    )
    doc = Document(
        title,
        [Section(title, "", row("s.h", words), rows)],
        words,
        answer,
        "soe",
        provenance(get_store(), words, title),
        lines=[line],
    )
    deliver(doc, output, fmt, console)
