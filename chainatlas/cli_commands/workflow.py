"""profile, clusters, report quarterly, soe: the city's workflow around the chain map."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from chainatlas import questions
from chainatlas.cli_common import (
    JsonFlag,
    OutputOption,
    RegionOption,
    TopOption,
    console,
    emit_json,
    err,
    get_store,
    handle_errors,
)
from chainatlas.queries.clusters import ClusterCoverage
from chainatlas.queries.pipeline import DEFAULT_STALLED_DAYS
from chainatlas.questions import ClusterReport
from chainatlas.workflow_reports import (
    Section,
    profile_sections,
    report_sections,
    sections_markdown,
    write_sections_xlsx,
)

__all__ = ["clusters", "profile", "quarterly", "soe"]


def _print_sections(title: str, sections: list[Section]) -> None:
    console.print(f"[bold]{escape(title)}[/bold]", markup=True)
    for s in sections:
        if s.intro:
            console.print(s.intro, markup=False)
        if not s.rows:
            console.print(f"{s.title}: （无）", markup=False)
            continue
        table = Table(*s.headers, title=s.title, title_justify="left")
        for row in s.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


@handle_errors
def profile(
    ref: str = typer.Argument(..., metavar="NAME_OR_ID", help="The firm's id, name or alias."),
    region: RegionOption = None,
    fmt: str = typer.Option("terminal", "--format", "-f", help="terminal or md."),
    output: OutputOption = None,
    as_json: JsonFlag = False,
) -> None:
    """A target firm's profile: status, strategy, layout, intentions, executives, contacts, gaps.

    With -o, writes the profile as Markdown."""
    if fmt not in {"terminal", "md"}:
        err.print(f"error: --format {fmt!r} is not one of terminal, md")
        raise typer.Exit(2)
    prof = questions.enterprise_profile(get_store(), ref, region)
    if as_json:
        emit_json(prof)
        return
    title = f"{prof.enterprise.name} 目标企业信息"
    sections = profile_sections(prof)
    if fmt == "md" or output:
        text = sections_markdown(title, sections, output)
        if output:
            console.print(f"wrote {output}", markup=False, soft_wrap=True)
        else:
            console.print(text, markup=False, highlight=False, soft_wrap=True)
        return
    _print_sections(title, sections)


@handle_errors
def clusters(
    cluster: str | None = typer.Argument(
        None, help="A cluster id or name: its detail and candidates."
    ),
    region: RegionOption = None,
    top: TopOption = 10,
    as_json: JsonFlag = False,
) -> None:
    """Industrial clusters: coverage by members and the gaps that weaken each; with a cluster,
    the firms that would strengthen several of its segments (--top of them)."""
    store = get_store()
    if cluster is None:
        found = questions.list_clusters(store, region)
        if as_json:
            emit_json(found)
            return
        _print_clusters(found)
        return
    answer = questions.cluster_report(store, cluster, region, top=top)
    if as_json:
        emit_json(answer)
        return
    _print_cluster(answer)


def _print_clusters(found: list[ClusterCoverage]) -> None:
    if not found:
        console.print("no clusters in the store; load a clusters file (chainatlas load)")
        return
    table = Table("cluster", "covered", "lead", "weakened by (most urgent)", title="clusters")
    for c in found:
        more = f" …+{len(c.gaps) - 3}" if len(c.gaps) > 3 else ""
        table.add_row(
            f"{c.name}\n{c.cluster_id} · {c.park}",
            f"{c.covered}/{len(c.segments)}",
            c.lead,
            "、".join(g.name for g in c.gaps[:3]) + more,
        )
    console.print(table)


def _print_cluster(answer: ClusterReport) -> None:
    cov, cands = answer.coverage, answer.candidates
    seg_table = Table("segment", "name", "members", "city", title=f"{cov.name} ({cov.park})")
    for s in cov.segments:
        seg_table.add_row(s.segment_id, s.name, "、".join(s.members) or "-", s.city_class)
    console.print(seg_table)
    gap_table = Table("segment", "name", "class", "why", "priority", title="gaps that weaken it")
    for g in cov.gaps:
        gap_table.add_row(g.segment_id, g.name, g.coverage_class, g.relation, f"{g.priority:.2f}")
    console.print(gap_table)
    cand_table = Table("#", "firm", "gaps", "score", title="firms that would strengthen it")
    for cand in cands:
        cand_table.add_row(str(cand.rank), cand.name, "、".join(cand.segments), f"{cand.score:.3f}")
    console.print(cand_table)


@handle_errors
def quarterly(
    quarter: str = typer.Option(..., "--quarter", help="The quarter, e.g. 2013Q2."),
    fmt: str = typer.Option("md", "--format", "-f", help="md, xlsx or terminal."),
    output: OutputOption = None,
    stalled_days: int = typer.Option(
        DEFAULT_STALLED_DAYS,
        "--stalled-days",
        min=1,
        help="No stage change in this many days = stalled.",
    ),
    as_json: JsonFlag = False,
) -> None:
    """The quarterly project report (项目汇报会): stages, units, changes, stalled, gaps filled,
    on-site review list and each unit's scorecard."""
    if fmt not in {"md", "xlsx", "terminal"}:
        err.print(f"error: --format {fmt!r} is not one of md, xlsx, terminal")
        raise typer.Exit(2)
    report = questions.quarterly_report(get_store(), quarter, stalled_days=stalled_days)
    if as_json:
        emit_json(report)
        return
    title = f"重点项目季度汇报（{report.quarter}）"
    sections = report_sections(report)
    if fmt == "xlsx":
        out = output or Path(f"quarterly-{report.quarter}.xlsx")
        write_sections_xlsx(out, sections)
        console.print(
            f"wrote {out} ({len(report.projects)} projects)", markup=False, soft_wrap=True
        )
    elif fmt == "md":
        text = sections_markdown(title, sections, output)
        if output:
            console.print(
                f"wrote {output} ({len(report.projects)} projects)", markup=False, soft_wrap=True
            )
        else:
            console.print(text, markup=False, highlight=False, soft_wrap=True)
    else:
        _print_sections(title, sections)


@handle_errors
def soe(
    industry: str = typer.Option(
        ..., "--industry", "-i", help="Industry, loosely: 生物, 汽车, coal…"
    ),
    as_json: JsonFlag = False,
) -> None:
    """Central SOEs paired with an industry (央企合作), by their current names."""
    answer = questions.soe_pairing(industry)
    if as_json:
        emit_json(answer)
        return
    table = Table(
        "industry", "named in 2013", "today", "note", title=f"central SOEs for {industry}"
    )
    for p in answer.pairings:
        table.add_row(p.industry_zh, p.seed_name_zh, p.current_name_zh, p.note)
    console.print(table)
    console.print(
        f"{len(answer.current_names)} groups: " + "、".join(answer.current_names), markup=False
    )
