"""The workflow answers as documents: the quarterly project report, a firm's profile, clusters.

Each is built as ``outputs.Section`` tables in one language (``chainatlas.words``), then
printed or written by ``outputs.deliver`` (Markdown with names escaped, XLSX with numbers and
dates typed and a notes sheet, HTML, JSON). Numbers stay numbers and dates stay dates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.store import Store
from chainatlas.outputs import Document, Section, document_markdown
from chainatlas.queries.clusters import ClusterCoverage
from chainatlas.queries.pipeline import STAGES, ProjectLine, QuarterlyReport
from chainatlas.queries.profiles import EnterpriseProfile
from chainatlas.questions import ClusterReport
from chainatlas.tables import method_notes, provenance, word
from chainatlas.words import Lang, explain, join, row, say

__all__ = [
    "Section",
    "cluster_document",
    "clusters_document",
    "profile_document",
    "profile_sections",
    "quarterly_document",
    "report_sections",
    "sections_markdown",
    "write_sections_xlsx",
]


def _stage(value: str, lang: Lang) -> str:
    return word("stage", value, lang)


def _project_rows(lines: list[ProjectLine], lang: Lang) -> list[list[Any]]:
    return [
        [
            p.responsible_unit,
            p.name,
            p.enterprise,
            _stage(p.status.value, lang),
            p.since,
            p.investment_100m_cny,
            join(p.segments, lang),
            p.lead_official,
        ]
        for p in lines
    ]


def report_sections(r: QuarterlyReport, lang: Lang = "zh") -> list[Section]:
    """The quarterly report as sections, in the order a project meeting goes through them."""
    return [
        _stage_section(r, lang),
        _unit_section(r, lang),
        _change_section(r, lang),
        _stalled_section(r, lang),
        _filled_section(r, lang),
        Section(
            say("q.review", lang, period=r.review_period),
            say("q.review_intro", lang),
            row("q.project_h", lang),
            _project_rows(r.review_list, lang),
            say("q.review_sheet", lang),
        ),
        _score_section(r, lang),
        Section(
            say("q.all", lang),
            "",
            row("q.project_h", lang),
            _project_rows(r.projects, lang),
            say("q.all_sheet", lang),
        ),
    ]


def _stage_section(r: QuarterlyReport, lang: Lang) -> Section:
    from chainatlas.exports import Signed

    summary = say(
        "q.stage_sum",
        lang,
        end=r.end.isoformat(),
        total=len(r.projects),
        moved=len({c.project_id for c in r.changes if c.forward}),
        changes=len(r.changes),
        days=r.stalled_days,
        stalled=len(r.stalled),
        filled=len({g.segment_id for g in r.gaps_filled}),
    )
    rows: list[list[Any]] = [
        [
            _stage(s.value, lang),
            r.by_stage[s.value],
            r.by_stage_previous[s.value],
            Signed(r.by_stage[s.value] - r.by_stage_previous[s.value]),
        ]
        for s in STAGES
    ]
    return Section(
        say("q.stage", lang, q=r.quarter),
        summary,
        row("q.stage_h", lang, pq=r.previous_quarter),
        rows,
        say("q.stage_sheet", lang),
    )


def _unit_section(r: QuarterlyReport, lang: Lang) -> Section:
    unit, total, money = row("q.unit_h", lang)
    rows = [
        [u.responsible_unit, *(u.counts[s.value] for s in STAGES), u.total, u.investment_100m_cny]
        for u in r.by_unit
    ]
    return Section(
        say("q.unit", lang),
        "",
        [unit, *(_stage(s.value, lang) for s in STAGES), total, money],
        rows,
        say("q.unit_sheet", lang),
    )


def _change_section(r: QuarterlyReport, lang: Lang) -> Section:
    rows = [
        [
            c.on,
            c.name,
            c.responsible_unit,
            _stage(c.from_status.value, lang) if c.from_status else say("new_project", lang),
            _stage(c.to_status.value, lang),
            c.note,
        ]
        for c in r.changes
    ]
    return Section(
        say("q.change", lang),
        say("q.change_intro", lang, start=r.start.isoformat(), end=r.end.isoformat()),
        row("q.change_h", lang),
        rows,
        say("q.change_sheet", lang),
    )


def _stalled_section(r: QuarterlyReport, lang: Lang) -> Section:
    rows = [
        [
            p.responsible_unit,
            p.name,
            p.lead_official,
            _stage(p.status.value, lang),
            p.since,
            p.days_in_stage,
            p.note,
        ]
        for p in r.stalled
    ]
    return Section(
        say("q.stalled", lang, days=r.stalled_days),
        say("q.stalled_intro", lang),
        row("q.stalled_h", lang),
        rows,
        say("q.stalled_sheet", lang),
    )


def _filled_section(r: QuarterlyReport, lang: Lang) -> Section:
    rows = [
        [
            g.segment,
            word("class", g.official_kind, lang) if g.official_kind else say("not_listed", lang),
            g.project,
            g.responsible_unit,
            g.on,
        ]
        for g in r.gaps_filled
    ]
    return Section(
        say("q.filled", lang),
        say("q.filled_intro", lang),
        row("q.filled_h", lang),
        rows,
        say("q.filled_sheet", lang),
    )


def _score_section(r: QuarterlyReport, lang: Lang) -> Section:
    rows = [
        [
            c.responsible_unit,
            join(c.lead_officials, lang),
            c.projects,
            c.advanced,
            c.signed,
            c.signed_investment_100m_cny,
            c.started,
            c.in_production,
            c.gaps_filled,
            c.stalled,
            c.terminated,
        ]
        for c in r.scorecard
    ]
    return Section(
        say("q.score", lang),
        say("q.score_intro", lang),
        row("q.score_h", lang),
        rows,
        say("q.score_sheet", lang),
    )


def quarterly_document(r: QuarterlyReport, lang: Lang, store: Store) -> Document:
    title = say("q.title", lang, q=r.quarter)
    notes = provenance(store, lang, say("q.what", lang) + f" ({r.quarter})")
    notes.append(
        (say("q.stalled_rule", lang), say("q.stalled_rule_text", lang, days=r.stalled_days))
    )
    return Document(title, report_sections(r, lang), lang, r, f"quarterly-{r.quarter}", notes)


def profile_sections(p: EnterpriseProfile, lang: Lang = "zh") -> list[Section]:
    """A firm's profile as sections: facts, information base, contact log, gaps it could fill."""
    return [
        _facts_section(p, lang),
        Section(
            say("p.places", lang),
            "",
            row("p.places_h", lang),
            [[word("place", x.kind, lang), x.region_code, x.region] for x in p.places],
            say("p.places", lang),
        ),
        _intentions_section(p, lang),
        Section(
            say("p.execs", lang),
            "",
            row("p.execs_h", lang),
            [[x.name, x.role, x.home_town, x.alma_mater, x.ties, x.source] for x in p.executives],
            say("p.execs_sheet", lang),
        ),
        _contacts_section(p, lang),
        Section(
            say("p.caps", lang),
            "",
            row("p.caps_h", lang),
            [
                [c.segment, join(c.chain_ids, lang), c.strength, explain(c.evidence, lang)]
                for c in p.capabilities
            ],
            say("p.caps_sheet", lang),
        ),
        _gaps_section(p, lang),
        Section(
            say("p.projects", lang),
            "",
            row("p.projects_h", lang),
            [
                [x.name, _stage(x.status.value, lang), x.responsible_unit, x.investment_100m_cny]
                for x in p.projects
            ],
            say("p.projects_sheet", lang),
        ),
    ]


def _facts_section(p: EnterpriseProfile, lang: Lang) -> Section:
    e = p.enterprise
    values: list[Any] = [
        e.name,
        e.full_name,
        e.id,
        word("own", e.ownership.value, lang),
        e.stock_code,
        e.revenue_100m_cny,
        "; ".join(p.lists),
        p.status,
        p.strategy,
        p.layout,
        join(p.clusters, lang),
        p.last_contact or say("no_record", lang),
        p.next_step,
        f"{p.profile_source} {p.profile_as_of or ''}".strip(),
    ]
    facts = [[k, v] for k, v in zip(row("p.fact_keys", lang), values, strict=True)]
    return Section(
        say("p.facts", lang, name=e.name),
        "",
        row("p.facts_h", lang),
        [r for r in facts if r[1] not in (None, "")],
        say("p.facts_sheet", lang),
    )


def _intentions_section(p: EnterpriseProfile, lang: Lang) -> Section:
    rows = [
        [
            p.segment_names.get(i.segment_id, i.segment_text or i.segment_id),
            i.region_code,
            i.investment_100m_cny,
            i.timing,
            i.note,
            i.source,
        ]
        for i in p.intentions
    ]
    return Section(say("p.intent", lang), "", row("p.intent_h", lang), rows, say("p.intent", lang))


def _contacts_section(p: EnterpriseProfile, lang: Lang) -> Section:
    rows = [
        [
            c.on,
            c.who,
            word("channel", c.channel.value, lang),
            c.counterpart,
            c.outcome,
            c.next_step,
            c.next_date,
        ]
        for c in p.contacts
    ]
    return Section(
        say("p.contacts", lang), "", row("p.contacts_h", lang), rows, say("p.contacts", lang)
    )


def _gaps_section(p: EnterpriseProfile, lang: Lang, region: str = "") -> Section:
    local = say("local_mark", lang) if p.local else ""
    rows = [
        [
            g.chain_id,
            g.segment,
            word("class", g.coverage_class, lang),
            word("class", g.official_kind, lang) if g.official_kind else "",
            g.priority,
            g.strength,
            say("yes", lang) if g.intended else "",
        ]
        for g in p.gaps
    ]
    return Section(
        say("p.gaps", lang, region=region or p.region, local=local),
        say("p.gaps_intro", lang),
        row("p.gaps_h", lang),
        rows,
        say("p.gaps_sheet", lang),
    )


def profile_document(p: EnterpriseProfile, lang: Lang, region: str, store: Store) -> Document:
    title = say("p.title", lang, name=p.enterprise.name)
    sections = profile_sections(p, lang)
    sections[6] = _gaps_section(p, lang, region)
    notes = provenance(store, lang, title, region) + method_notes(lang, score=False)
    return Document(title, sections, lang, p, f"profile-{p.enterprise.id}", notes)


def clusters_document(
    found: list[ClusterCoverage], lang: Lang, region: str, store: Store
) -> Document:
    """Every cluster, most covered first: coverage, lead firm, the most urgent gaps."""
    title = say("t.clusters", lang)
    rows: list[list[Any]] = []
    brief: list[list[Any]] = []
    for c in sorted(found, key=lambda c: (-c.coverage, c.cluster_id)):
        gaps = [g.name for g in c.gaps]
        rows.append(
            [c.name, c.cluster_id, c.park, c.covered, len(c.segments), c.lead, join(gaps, lang)]
        )
        more = f" {say('more', lang, n=len(gaps) - 3)}" if len(gaps) > 3 else ""
        brief.append(
            [
                c.name,
                c.cluster_id,
                c.park,
                f"{c.covered}/{len(c.segments)}",
                c.lead,
                join(gaps[:3], lang) + more,
            ]
        )
    head = row("c.list_h", lang)
    return Document(
        title,
        [Section(title, "", head, rows)],
        lang,
        found,
        "clusters",
        provenance(store, lang, title, region) + method_notes(lang, score=False),
        brief=[Section(title, "", [h for i, h in enumerate(head) if i != 4], brief)],
    )


def cluster_document(answer: ClusterReport, lang: Lang, region: str, store: Store) -> Document:
    """One cluster: its segments and members, the gaps that weaken it, who would strengthen it."""
    cov, cands = answer.coverage, answer.candidates
    title = f"{cov.name} ({cov.park})"
    segs = [
        [s.segment_id, s.name, join(s.members, lang), word("class", s.city_class, lang)]
        for s in cov.segments
    ]
    gaps = [
        [
            g.segment_id,
            g.name,
            word("class", g.coverage_class, lang),
            say("c.own", lang)
            if g.relation == "own"
            else say("c.feeds", lang, seg=g.relation.removeprefix("feeds ")),
            g.priority,
        ]
        for g in cov.gaps
    ]
    best_first = sorted(cands, key=lambda c: (-c.score, c.rank))  # ranked by score, shown so
    firms = [[i, c.name, join(c.segments, lang), c.score] for i, c in enumerate(best_first, 1)]
    sections = [
        Section(title, "", row("c.seg_h", lang), segs, cov.cluster_id),
        Section(say("t.cluster_gaps", lang), "", row("c.gap_h", lang), gaps),
        Section(say("t.cluster_firms", lang), "", row("c.cand_h", lang), firms),
    ]
    return Document(
        title,
        sections,
        lang,
        answer,
        f"cluster-{cov.cluster_id}",
        provenance(store, lang, title, region) + method_notes(lang),
    )


def sections_markdown(title: str, sections: list[Section], path: str | Path | None = None) -> str:
    """One Markdown document: the title, then each section as a ``##`` heading and a table."""
    text = document_markdown(Document(title, sections))
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text


def write_sections_xlsx(path: str | Path, sections: list[Section]) -> Path:
    """One sheet per section (empty sections keep their header row)."""
    from chainatlas.exports import write_xlsx

    return write_xlsx(path, [(s.sheet or s.title, s.headers, s.rows) for s in sections])
