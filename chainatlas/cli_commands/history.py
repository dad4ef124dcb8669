"""history, undo, remove, freshness: what the store was told, taking it back, and how old it is."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from chainatlas.cli_common import (
    JsonFlag,
    LangOption,
    TopOption,
    console,
    emit_json,
    get_store,
    handle_errors,
    lang_of,
)
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import NodeLabel
from chainatlas.graph.revision import Changes, WriteNote
from chainatlas.queries.freshness import FreshnessReport, freshness_report, parse_age
from chainatlas.words import Lang, change_line, row, say

__all__ = [
    "history",
    "undo",
    "remove",
    "freshness",
    "print_changes",
    "facts_line",
    "REMOVABLE",
]

#: What ``remove`` takes, by the names a planner uses (the load kinds, singular or plural).
REMOVABLE: dict[str, NodeLabel] = {
    "firm": NodeLabel.ENTERPRISE,
    "firms": NodeLabel.ENTERPRISE,
    "enterprise": NodeLabel.ENTERPRISE,
    "enterprises": NodeLabel.ENTERPRISE,
    "weak_link": NodeLabel.WEAK_LINK,
    "weak_links": NodeLabel.WEAK_LINK,
    "weak-link": NodeLabel.WEAK_LINK,
    "weak-links": NodeLabel.WEAK_LINK,
    "project": NodeLabel.PROJECT,
    "projects": NodeLabel.PROJECT,
    "profile": NodeLabel.PROFILE,
    "profiles": NodeLabel.PROFILE,
    "cluster": NodeLabel.CLUSTER,
    "clusters": NodeLabel.CLUSTER,
    "segment": NodeLabel.SEGMENT,
    "segments": NodeLabel.SEGMENT,
    "chain": NodeLabel.CHAIN,
    "chains": NodeLabel.CHAIN,
    "region": NodeLabel.REGION,
    "regions": NodeLabel.REGION,
}


#: The parts an answer rests on (``rests_on`` of target lists and profiles), by language.
_PARTS = {
    "chain_map": ("链图", "chain map"),
    "official_list": ("官方清单", "official list"),
    "firms": ("企业信息", "firms"),
    "firm": ("企业信息", "firm record"),
    "segment_tags": ("环节标注", "segment tags"),
    "presences": ("布局", "presences"),
    "profile": ("信息库", "profile"),
}


def facts_line(rests_on: dict[str, str | None], lang: str) -> str:
    """One line: the oldest date of each part of the facts an answer rests on."""
    zh = lang == "zh"
    parts = [
        f"{_PARTS.get(k, (k, k))[0 if zh else 1]} {v or ('无日期' if zh else 'undated')}"
        for k, v in rests_on.items()
    ]
    head = "所依据事实的最早日期：" if zh else "facts as of (oldest): "
    return head + ("；" if zh else "; ").join(parts)


def print_changes(changes: Changes, *, heading: str, lang: Lang = "en") -> None:
    """``heading``, then one indented line per kind of change (in ``lang``)."""
    colon = "：" if lang == "zh" else ": "
    console.print(f"{heading}{colon}{change_line(changes.summary(), lang)}", markup=False)
    for line in changes.lines():
        console.print(f"  {change_line(line, lang)}", markup=False)


@handle_errors
def history(
    limit: TopOption = 20,
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Every write the store recorded: when, by whom, which files, what changed (the newest
    --top, 0 for all)."""
    words = lang_of(lang)
    entries = get_store().history()
    shown = entries[-limit:] if limit else entries
    if as_json:
        emit_json(shown)
        return
    if not entries:
        console.print(say("hist.none", words, store=get_store().location), markup=False)
        return
    table = Table(*row("hist.h", words))
    for e in shown:
        files = ", ".join(f.rsplit("/", 1)[-1] for f in e.files[:3])
        if len(e.files) > 3:
            files += f" … (+{len(e.files) - 3})"
        what = say("hist.undo_of", words, n=e.undoes) if e.undoes is not None else e.command
        state = say("hist.undone_by", words, n=e.undone_by) if e.undone_by is not None else ""
        t = e.changes.totals()
        changed = f"+{t['added']} ~{t['changed']} -{t['removed']}"
        if e.changes.settings:
            changed += " " + ", ".join(sorted(e.changes.settings))
        when = e.at.replace("T", " ").replace("+00:00", "")[:16]
        table.add_row(str(e.seq), when, e.user, what, files, changed, state)
    console.print(table)


@handle_errors
def undo(as_json: JsonFlag = False, lang: LangOption = None) -> None:
    """Take back the newest write not yet undone; repeat to step further back."""
    words = lang_of(lang)
    store = get_store()
    entry = store.undo(WriteNote(command="undo"))
    if as_json:
        emit_json(entry)
        return
    what = f"#{entry.seq} {entry.command} ({entry.at.replace('+00:00', '')} UTC)"
    files = say("undo.of", words, files=", ".join(entry.files)) if entry.files else ""
    console.print(say("undo.done", words, what=what, files=files), markup=False)
    for line in entry.changes.lines():
        console.print(
            "  " + say("undo.reverted", words, line=change_line(line, words)), markup=False
        )


@handle_errors
def remove(
    kind: Annotated[str, typer.Argument(help="firms, weak_links, projects, profiles, clusters, …")],
    ids: Annotated[list[str], typer.Argument(help="The ids to remove.")],
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Remove records and their relationships, in one recorded step (`undo` takes it back)."""
    words = lang_of(lang)
    label = REMOVABLE.get(kind.strip().lower())
    if label is None:
        kinds = ", ".join(k for k in REMOVABLE if k.endswith("s") and "-" not in k)
        raise ChainAtlasError(f"cannot remove {kind!r}: name one of {kinds}")
    changes = get_store().remove(label, ids, WriteNote(command=f"remove {kind}"))
    if as_json:
        emit_json(changes)
        return
    print_changes(changes, heading=say("removed", words), lang=words)


#: the kinds of facts ``freshness`` counts, in Chinese
_FACT_KINDS = {
    "chain": "产业链",
    "cluster": "产业集群",
    "firm": "企业",
    "industry": "行业",
    "industry membership": "所属行业",
    "main product": "主营产品",
    "product": "产品",
    "product link": "产品关系",
    "presence": "布局",
    "profile": "档案",
    "project": "项目",
    "region": "地区",
    "segment tag": "环节标注",
    "segment": "环节",
    "supply link": "供应关系",
    "supply tie": "配套关系",
    "weak link": "弱项缺项",
}


def _scope(report: FreshnessReport, lang: Lang) -> str:
    """Which facts are listed, in ``lang``."""
    if lang == "en":
        return report.scope
    return f"早于 {report.older_than} 或无日期" if report.older_than else "全部"


@handle_errors
def freshness(
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than", metavar="AGE", help="Only facts older than this: 18m, 2y, 90d."
        ),
    ] = None,
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """The facts of the store by source, oldest first: how old what the answers rest on is."""
    words = lang_of(lang)
    report = freshness_report(get_store(), older_than=parse_age(older_than) if older_than else None)
    if as_json:
        emit_json(report)
        return
    if not report.sources:
        scope = _scope(report, words)
        console.print(
            say("fresh.none", words, scope=scope, store=get_store().location), markup=False
        )
        return
    title = say("fresh.title", words, scope=_scope(report, words))
    table = Table(*row("fresh.h", words), title=title)
    for s in report.sources:
        kinds = ", ".join(
            f"{_FACT_KINDS.get(k, k) if words == 'zh' else k} {n}" for k, n in s.kinds.items()
        )
        table.add_row(
            s.oldest or say("fresh.undated", words),
            s.newest or "",
            s.source or say("fresh.no_source", words),
            str(s.facts),
            kinds,
        )
    console.print(table)
