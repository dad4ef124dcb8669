"""history, undo, remove, freshness: what the store was told, taking it back, and how old it is."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from chainatlas.cli_common import (
    JsonFlag,
    TopOption,
    console,
    emit_json,
    get_store,
    handle_errors,
)
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import NodeLabel
from chainatlas.graph.revision import Changes, WriteNote
from chainatlas.queries.freshness import freshness_report, parse_age

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


def print_changes(changes: Changes, *, heading: str) -> None:
    """``heading``, then one indented line per kind of change."""
    console.print(f"{heading}: {changes.summary()}", markup=False)
    for line in changes.lines():
        console.print(f"  {line}", markup=False)


@handle_errors
def history(
    limit: TopOption = 20,
    as_json: JsonFlag = False,
) -> None:
    """Every write the store recorded: when, by whom, which files, what changed (the newest
    --top, 0 for all)."""
    entries = get_store().history()
    shown = entries[-limit:] if limit else entries
    if as_json:
        emit_json(shown)
        return
    if not entries:
        console.print(f"no writes recorded in {get_store().location}", markup=False)
        return
    table = Table("#", "when (UTC)", "who", "what", "files", "+added ~changed -removed", "state")
    for e in shown:
        files = ", ".join(f.rsplit("/", 1)[-1] for f in e.files[:3])
        if len(e.files) > 3:
            files += f" … (+{len(e.files) - 3})"
        what = f"undo of #{e.undoes}" if e.undoes is not None else e.command
        state = f"undone by #{e.undone_by}" if e.undone_by is not None else ""
        t = e.changes.totals()
        changed = f"+{t['added']} ~{t['changed']} -{t['removed']}"
        if e.changes.settings:
            changed += " " + ", ".join(sorted(e.changes.settings))
        when = e.at.replace("T", " ").replace("+00:00", "")[:16]
        table.add_row(str(e.seq), when, e.user, what, files, changed, state)
    console.print(table)


@handle_errors
def undo(as_json: JsonFlag = False) -> None:
    """Take back the newest write not yet undone; repeat to step further back."""
    store = get_store()
    entry = store.undo(WriteNote(command="undo"))
    if as_json:
        emit_json(entry)
        return
    what = f"#{entry.seq} {entry.command} ({entry.at.replace('+00:00', '')} UTC)"
    files = f" of {', '.join(entry.files)}" if entry.files else ""
    console.print(f"undid {what}{files}", markup=False)
    for line in entry.changes.lines():
        console.print(f"  reverted: {line}", markup=False)


@handle_errors
def remove(
    kind: Annotated[str, typer.Argument(help="firms, weak_links, projects, profiles, clusters, …")],
    ids: Annotated[list[str], typer.Argument(help="The ids to remove.")],
    as_json: JsonFlag = False,
) -> None:
    """Remove records and their relationships, in one recorded step (`undo` takes it back)."""
    label = REMOVABLE.get(kind.strip().lower())
    if label is None:
        kinds = ", ".join(k for k in REMOVABLE if k.endswith("s") and "-" not in k)
        raise ChainAtlasError(f"cannot remove {kind!r}: name one of {kinds}")
    changes = get_store().remove(label, ids, WriteNote(command=f"remove {kind}"))
    if as_json:
        emit_json(changes)
        return
    print_changes(changes, heading="removed")


@handle_errors
def freshness(
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than", metavar="AGE", help="Only facts older than this: 18m, 2y, 90d."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The facts of the store by source, oldest first: how old what the answers rest on is."""
    report = freshness_report(get_store(), older_than=parse_age(older_than) if older_than else None)
    if as_json:
        emit_json(report)
        return
    if not report.sources:
        console.print(f"no facts {report.scope} in {get_store().location}", markup=False)
        return
    table = Table("oldest", "newest", "source", "facts", "by kind", title=f"facts {report.scope}")
    for s in report.sources:
        kinds = ", ".join(f"{k} {n}" for k, n in s.kinds.items())
        table.add_row(
            s.oldest or "undated", s.newest or "", s.source or "(no source)", str(s.facts), kinds
        )
    console.print(table)
