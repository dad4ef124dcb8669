"""Key projects (重点项目) with their dated stages (推介 → 在谈 → 签约 → 拟开工 → 在建 → 投产; 终止).

One row per project per status change, so a tracking sheet's history and a quarter's snapshot
both load; rows of one project make its history, and loading a newer file adds to it::

    project_id,name,enterprise,segments,investment_100m_cny,status,status_date,responsible_unit,lead_official,region_code,note,source,as_of
    p-001,锂电隔膜项目,某隔膜公司,separators,12,在谈,2013-01-15,新乡经开区,张某某,410771,第二轮洽谈,…

In YAML (a list under ``projects:``) a project may carry its ``history`` as a list of
``{status, on, note, source}``.
"""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.merge import merge_project
from chainatlas.graph.model import Atlas, Project, ProjectStatus, StatusChange

from .headers import header_map, unknown_key_problems
from .report import LoadReport
from .tabular import normalise_header
from .values import LoadContext, make_id, parse_date
from .workflow_items import (
    Bad,
    Item,
    finish,
    items,
    need,
    parse,
    region,
    resolve_enterprise,
    resolve_segments,
    validated,
)
from .workflow_words import PROJECT_HEADERS, parse_investment, parse_status

__all__ = ["read_projects", "parse_status", "parse_investment", "PROJECT_HEADERS"]


# ``on`` is a YAML 1.1 boolean: ``{on: 2013-01-01}`` arrives with the key True
def _history(item: Item, report: LoadReport[Atlas], default_source: str) -> list[StatusChange]:
    raw = item.values.get("history")
    if raw is not None:  # YAML: a list of {status, on, note, source}
        return _yaml_history(item, report, raw, default_source)
    status = parse(item, report, "status", parse_status)
    on = parse(item, report, "status_date", parse_date) or parse(item, report, "as_of", parse_date)
    if on is None:
        need(item, report, "status_date", "the date the project reached this stage (or as_of)")
    return [StatusChange(status=status, on=on, note=item.text("note"), source=default_source)]


def _yaml_history(
    item: Item, report: LoadReport[Atlas], raw: object, default_source: str
) -> list[StatusChange]:
    if not isinstance(raw, list):
        report.add("invalid-value", "history must be a list", field="history", **item.where)
        raise Bad
    out = []
    reported: set[str] = set()
    keys = header_map("projects.history")  # the catalogue's (loaders/headers.py)
    for n, step in enumerate(raw, start=1):
        step = step if isinstance(step, dict) else {}
        values = {keys.get(normalise_header(k)): v for k, v in step.items()}
        values, known = unknown_key_problems(values, report, reported, None, **item.where)
        if not known:
            raise Bad
        sub = Item(
            values,
            item.where,
            {k: f"history[{n}].{k}" for k in ("status", "on", "note", "source")},
        )
        status = parse(sub, report, "status", parse_status)
        on = parse(sub, report, "on", parse_date)
        if on is None:
            need(sub, report, "on", "the date the project reached this stage")
        out.append(
            StatusChange(
                status=status,
                on=on,
                note=sub.text("note"),
                source=sub.text("source") or default_source,
            )
        )
    return out


def read_projects(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read key projects (重点项目) with their dated stages; rows of one project make its history."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="projects")
    ctx = context or LoadContext(check_references=False)
    merged: dict[str, Project] = {}
    first_seen: dict[str, tuple[str, int | None]] = {}
    for item in items(path, report, "projects", {"name"}):
        try:
            project = _project(item, report, ctx)
        except Bad:
            continue
        pid, name = project.id, item.text("name")
        where = item.where["line"] or item.where["row"]
        if pid in first_seen and first_seen[pid][0] != name:
            report.add(
                "conflicting-value",
                f"project {pid!r} is named {first_seen[pid][0]!r} at "
                f"{'line' if item.where['line'] else 'row'} {first_seen[pid][1]}; one id, one name",
                field=item.field("name"),
                value=name,
                **item.where,
            )
            continue
        first_seen.setdefault(pid, (name, where))
        merged[pid] = merge_project(merged.get(pid), project)
    atlas = Atlas(projects=[merged[k] for k in sorted(merged)])
    return finish(report, atlas)


def _project(item: Item, report: LoadReport[Atlas], ctx: LoadContext) -> Project:
    """One row's project, holding the stage (or YAML history) the row gives."""
    name = need(item, report, "name", "the project's name")
    source = item.text("source")
    history = _history(item, report, source)
    return validated(
        item,
        report,
        Project,
        id=item.text("id") or make_id("p", name),
        name=name,
        enterprise_id=resolve_enterprise(item, report, ctx, "enterprise"),
        segment_ids=resolve_segments(item, report, ctx, "segments"),
        investment_100m_cny=parse(item, report, "investment_100m_cny", parse_investment),
        status=history[-1].status if history else ProjectStatus.PROMOTED,
        responsible_unit=item.text("responsible_unit"),
        lead_official=item.text("lead_official"),
        region_code=region(item, report, "region_code"),
        history=history,
        source=source,
        as_of=parse(item, report, "as_of", parse_date)
        or max((h.on for h in history), default=None),
    )
