"""The key-project pipeline (重点项目): the quarterly report for the project meeting (项目汇报会).

Everything is computed from each project's dated status history, as of the last day of the
quarter, so a report for an earlier quarter reads the same whenever it is run: projects by
stage and by responsible unit (county, district, park), the stage changes of the quarter and
each project's stage a quarter earlier, stalled projects (no change in N days), the gaps filled
by projects that reached 投产, the half-year on-site review list (现场观摩) and a scorecard per
responsible unit (the numbers that go into officials' performance files).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from chainatlas.graph.cached import read_cache
from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.merge import STAGE_ORDER
from chainatlas.graph.model import Project, ProjectStatus, Segment, StatusChange
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

__all__ = [
    "Quarter",
    "parse_quarter",
    "status_on",
    "ProjectLine",
    "StageChange",
    "FilledGap",
    "UnitScore",
    "UnitStages",
    "QuarterlyReport",
    "quarterly_report",
    "stalled_projects",
    "STAGES",
    "DEFAULT_STALLED_DAYS",
]

STAGES = list(ProjectStatus)
DEFAULT_STALLED_DAYS = 90
OPEN_STAGES = {
    ProjectStatus.PROMOTED,
    ProjectStatus.NEGOTIATING,
    ProjectStatus.SIGNED,
    ProjectStatus.TO_START,
    ProjectStatus.UNDER_CONSTRUCTION,
}
_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*(?:q|Q|年第?)\s*([1-4一二三四])\s*(?:季度)?\s*$")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}
NO_UNIT = "(未明确责任单位)"


class Quarter(BaseModel):
    """A calendar quarter: ``2013Q2`` is 2013-04-01 … 2013-06-30."""

    year: int
    q: int = Field(ge=1, le=4)

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + (self.q == 4), 1 if self.q == 4 else 3 * self.q + 1, 1)
        return nxt - timedelta(days=1)

    def previous(self) -> Quarter:
        return (
            Quarter(year=self.year - 1, q=4)
            if self.q == 1
            else Quarter(year=self.year, q=self.q - 1)
        )

    @property
    def half_start(self) -> date:
        return date(self.year, 1 if self.q <= 2 else 7, 1)

    @property
    def half_label(self) -> str:
        return f"{self.year}H{1 if self.q <= 2 else 2}"


def parse_quarter(text: str) -> Quarter:
    """``2013Q2``, ``2013-q2``, ``2013年第二季度`` → ``Quarter(2013, 2)``.

    >>> parse_quarter("2013年第二季度").label
    '2013Q2'
    """
    m = _QUARTER_RE.match(text)
    if not m:
        raise ChainAtlasError(f"quarter {text!r} is not a quarter; write it as YYYYQn, e.g. 2013Q2")
    q = m.group(2)
    return Quarter(year=int(m.group(1)), q=_CN_DIGIT.get(q) or int(q))


def status_on(project: Project, day: date) -> StatusChange | None:
    """The step of the project's history in force on ``day`` (None before its first step)."""
    current = None
    for change in project.history:
        if change.on <= day:
            current = change
    return current


class ProjectLine(BaseModel):
    """One project as of the quarter's last day."""

    project_id: str
    name: str
    enterprise_id: str = ""
    enterprise: str = ""
    responsible_unit: str
    lead_official: str = ""
    status: ProjectStatus
    since: date
    days_in_stage: int
    previous_status: ProjectStatus | None = None
    investment_100m_cny: float | None = None
    segment_ids: list[str] = Field(default_factory=list)
    segments: list[str] = Field(default_factory=list)
    note: str = ""


class StageChange(BaseModel):
    project_id: str
    name: str
    responsible_unit: str
    from_status: ProjectStatus | None
    to_status: ProjectStatus
    on: date
    note: str = ""
    forward: bool


class FilledGap(BaseModel):
    """A segment filled by a project that reached 投产 in the quarter."""

    segment_id: str
    segment: str
    chain_ids: list[str]
    official_kind: str = ""
    project_id: str
    project: str
    responsible_unit: str
    on: date


class UnitStages(BaseModel):
    responsible_unit: str
    counts: dict[str, int]
    total: int
    investment_100m_cny: float


class UnitScore(BaseModel):
    """A responsible unit's quarter: the numbers for its officials' performance file."""

    responsible_unit: str
    lead_officials: list[str]
    projects: int
    advanced: int
    signed: int
    signed_investment_100m_cny: float
    started: int
    in_production: int
    gaps_filled: int
    stalled: int
    terminated: int


class QuarterlyReport(BaseModel):
    quarter: str
    start: date
    end: date
    previous_quarter: str
    stalled_days: int
    by_stage: dict[str, int]
    by_stage_previous: dict[str, int]
    by_unit: list[UnitStages]
    projects: list[ProjectLine]
    changes: list[StageChange]
    stalled: list[ProjectLine]
    gaps_filled: list[FilledGap]
    review_period: str
    review_list: list[ProjectLine]
    scorecard: list[UnitScore]


def _stage_counts(statuses: list[ProjectStatus]) -> dict[str, int]:
    return {s.value: sum(1 for x in statuses if x == s) for s in STAGES}


def _reached(project: Project, stage: ProjectStatus, start: date, end: date) -> StatusChange | None:
    for change in project.history:
        if change.status == stage and start <= change.on <= end:
            return change
    return None


def _unit(project: Project) -> str:
    return project.responsible_unit or NO_UNIT


def stalled_projects(
    lines: list[ProjectLine], days: int = DEFAULT_STALLED_DAYS
) -> list[ProjectLine]:
    """Open projects (not 投产, not 终止) whose stage has not changed in ``days`` days."""
    out = [p for p in lines if p.status in OPEN_STAGES and p.days_in_stage >= days]
    return sorted(out, key=lambda p: (-p.days_in_stage, p.responsible_unit, p.project_id))


def quarterly_report(
    store: Store, quarter: str | Quarter, *, stalled_days: int = DEFAULT_STALLED_DAYS
) -> QuarterlyReport:
    """The quarter's project report, as of its last day, from every project's history."""
    store = read_cache(store)
    qtr = parse_quarter(quarter) if isinstance(quarter, str) else quarter
    prev = qtr.previous()
    projects = store.projects()
    if not projects:
        raise ChainAtlasError(
            "no projects in the store; load a projects file first (chainatlas load)"
        )
    ents = {
        e.id: e for e in store.enterprises({p.enterprise_id for p in projects if p.enterprise_id})
    }
    names = {eid: e.name for eid, e in ents.items()}
    seg_ids = {s for p in projects for s in p.segment_ids}
    segs = {s.id: s for s in store.segments(seg_ids)}
    official = {w.segment_id: w.kind.value for w in store.weak_links()}

    lines: list[ProjectLine] = []
    changes: list[StageChange] = []
    for p in projects:
        now = status_on(p, qtr.end)
        if now is None:
            continue  # not yet in the pipeline
        before = status_on(p, prev.end)
        if (
            now.status == ProjectStatus.TERMINATED
            and before is not None
            and before.status == now.status
        ):
            continue  # ended before this quarter
        lines.append(_project_line(p, now, before, qtr, names, segs))
        changes += _changes(p, before, qtr)
    lines.sort(key=lambda x: (STAGE_ORDER[x.status], x.responsible_unit, x.project_id))
    changes.sort(key=lambda c: (c.on, c.project_id))
    by_id = {p.id: p for p in projects}
    filled = _gaps_filled(lines, by_id, segs, official, qtr)
    stalled = stalled_projects(lines, stalled_days)
    return QuarterlyReport(
        quarter=qtr.label,
        start=qtr.start,
        end=qtr.end,
        previous_quarter=prev.label,
        stalled_days=stalled_days,
        by_stage=_stage_counts([x.status for x in lines]),
        by_stage_previous=_stage_counts([x.previous_status for x in lines if x.previous_status]),
        by_unit=_by_unit(lines),
        projects=lines,
        changes=changes,
        stalled=stalled,
        gaps_filled=filled,
        review_period=qtr.half_label,
        review_list=_review_list(lines, qtr),
        scorecard=_scorecard(lines, changes, filled, stalled, by_id, qtr),
    )


def _project_line(
    p: Project,
    now: StatusChange,
    before: StatusChange | None,
    qtr: Quarter,
    names: dict[str, str],
    segs: dict[str, Segment],
) -> ProjectLine:
    """The project as of the quarter's last day (``now``), with its stage a quarter earlier."""
    return ProjectLine(
        project_id=p.id,
        name=p.name,
        enterprise_id=p.enterprise_id,
        enterprise=names.get(p.enterprise_id, p.enterprise_id),
        responsible_unit=_unit(p),
        lead_official=p.lead_official,
        status=now.status,
        since=now.on,
        days_in_stage=(qtr.end - now.on).days,
        previous_status=before.status if before else None,
        investment_100m_cny=p.investment_100m_cny,
        segment_ids=p.segment_ids,
        segments=[segs[s].name_zh if s in segs else s for s in p.segment_ids],
        note=now.note,
    )


def _changes(p: Project, before: StatusChange | None, qtr: Quarter) -> list[StageChange]:
    """The project's stage changes within the quarter, each from the stage before it."""
    out = []
    last: ProjectStatus | None = before.status if before else None
    for step in p.history:
        if qtr.start <= step.on <= qtr.end:
            forward = step.status != ProjectStatus.TERMINATED and (
                last is None or STAGE_ORDER[step.status] > STAGE_ORDER[last]
            )
            out.append(
                StageChange(
                    project_id=p.id,
                    name=p.name,
                    responsible_unit=_unit(p),
                    from_status=last,
                    to_status=step.status,
                    on=step.on,
                    note=step.note,
                    forward=forward,
                )
            )
            last = step.status
    return out


def _gaps_filled(
    lines: list[ProjectLine],
    by_id: dict[str, Project],
    segs: dict[str, Segment],
    official: dict[str, str],
    qtr: Quarter,
) -> list[FilledGap]:
    """The segments of the projects that reached 投产 in the quarter, by date."""
    filled: list[FilledGap] = []
    for line in lines:
        done = _reached(by_id[line.project_id], ProjectStatus.IN_PRODUCTION, qtr.start, qtr.end)
        if done is None:
            continue
        for sid in line.segment_ids:
            seg = segs.get(sid)
            filled.append(
                FilledGap(
                    segment_id=sid,
                    segment=seg.name_zh if seg else sid,
                    chain_ids=seg.chain_ids if seg else [],
                    official_kind=official.get(sid, ""),
                    project_id=line.project_id,
                    project=line.name,
                    responsible_unit=line.responsible_unit,
                    on=done.on,
                )
            )
    filled.sort(key=lambda f: (f.on, f.segment_id))
    return filled


def _review_list(lines: list[ProjectLine], qtr: Quarter) -> list[ProjectLine]:
    """The half-year on-site review list (现场观摩): projects under construction, and those
    that reached production in the half-year."""
    review = [
        x
        for x in lines
        if x.status == ProjectStatus.UNDER_CONSTRUCTION
        or (x.status == ProjectStatus.IN_PRODUCTION and x.since >= qtr.half_start)
    ]
    review.sort(key=lambda x: (x.responsible_unit, -(x.investment_100m_cny or 0), x.project_id))
    return review


def _by_unit(lines: list[ProjectLine]) -> list[UnitStages]:
    units = sorted(
        {x.responsible_unit for x in lines},
        key=lambda u: (-sum(1 for x in lines if x.responsible_unit == u), u),
    )
    out = []
    for unit in units:
        mine = [x for x in lines if x.responsible_unit == unit]
        out.append(
            UnitStages(
                responsible_unit=unit,
                counts=_stage_counts([x.status for x in mine]),
                total=len(mine),
                investment_100m_cny=round(sum(x.investment_100m_cny or 0 for x in mine), 2),
            )
        )
    return out


def _scorecard(
    lines: list[ProjectLine],
    changes: list[StageChange],
    filled: list[FilledGap],
    stalled: list[ProjectLine],
    by_id: dict[str, Project],
    qtr: Quarter,
) -> list[UnitScore]:
    cards = []
    for unit in sorted({x.responsible_unit for x in lines}):
        mine = [x for x in lines if x.responsible_unit == unit]
        moved = [c for c in changes if c.responsible_unit == unit]

        def reached(stage: ProjectStatus, mine: list[ProjectLine] = mine) -> list[ProjectLine]:
            return [x for x in mine if _reached(by_id[x.project_id], stage, qtr.start, qtr.end)]

        signed = reached(ProjectStatus.SIGNED)
        cards.append(
            UnitScore(
                responsible_unit=unit,
                lead_officials=sorted({x.lead_official for x in mine if x.lead_official}),
                projects=len(mine),
                advanced=len({c.project_id for c in moved if c.forward}),
                signed=len(signed),
                signed_investment_100m_cny=round(
                    sum(x.investment_100m_cny or 0 for x in signed), 2
                ),
                started=len(reached(ProjectStatus.UNDER_CONSTRUCTION)),
                in_production=len(reached(ProjectStatus.IN_PRODUCTION)),
                gaps_filled=len({f.segment_id for f in filled if f.responsible_unit == unit}),
                stalled=sum(1 for x in stalled if x.responsible_unit == unit),
                terminated=len(reached(ProjectStatus.TERMINATED)),
            )
        )
    cards.sort(
        key=lambda c: (
            -c.advanced,
            -c.gaps_filled,
            -c.signed_investment_100m_cny,
            c.responsible_unit,
        )
    )
    return cards
