"""Answers as tables and documents, in one language (``words``), for the terminal and files.

``gap_table``/``target_table`` give ``(headers, rows)``; ``*_document`` give an
``outputs.Document`` (full tables, a narrower view for the terminal, notes for the file).
Numbers stay numbers; names stay as the store holds them; every other word is from
``chainatlas.words``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from chainatlas.graph.store import Store
from chainatlas.outputs import Document, Section
from chainatlas.queries.candidates import Candidate, Candidates
from chainatlas.queries.gaps import Disagreement, GapReport, LocalFirm, SegmentCoverage
from chainatlas.queries.targets import TargetList
from chainatlas.words import Lang, explain, join, list_label, say

__all__ = [
    "CLASS_ZH",
    "candidates_document",
    "gap_document",
    "gap_table",
    "provenance",
    "region_label",
    "target_summary_table",
    "target_table",
    "targets_document",
    "word",
]

CLASS_ZH = {k: say(f"class.{k}", "zh") for k in ("strong", "weak", "missing")}
GAP_KEYS = [
    "chain",
    "segment_id",
    "segment",
    "tier",
    "class",
    "local_count",
    "coverage",
    "importance",
    "priority",
    "official",
    "agrees",
    "local_firms",
]
TARGET_KEYS = [
    "rank",
    "enterprise_id",
    "name",
    "full_name",
    "ownership",
    "hq",
    "lists",
    "gaps_filled",
    "gap_count",
    "score",
    "reasons",
    "contact",
    "remarks",
]
BRIEF_FIRMS = 3


def headers(keys: Sequence[str], lang: Lang) -> list[str]:
    return [say(f"h.{k}", lang) for k in keys]


def word(prefix: str, value: str, lang: Lang) -> str:
    """A value the catalogue knows (``class.weak``…) in ``lang``; others as they are."""
    from chainatlas.words import WORDS

    return say(f"{prefix}.{value}", lang) if f"{prefix}.{value}" in WORDS else value


def region_label(store: Store, code: str) -> str:
    """``新乡市 (410700)``: the region's name with its code, or the code when unknown."""
    if not code:
        return ""
    try:
        found = store.regions([code])
    except Exception:  # noqa: BLE001 - a name is a nicety; the code is the answer
        found = []
    if found and found[0].name_zh:
        return f"{found[0].name_zh} ({code})"
    from chainatlas.loaders.divisions import division_of  # the shipped GB/T 2260 table

    division = division_of(code)
    return f"{division.name} ({code})" if division is not None else code


def provenance(
    store: Store, lang: Lang, what: str, region: str = "", chains: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """The notes every file carries: what it is, when and from which data it was made."""
    from chainatlas import __version__

    rows = [
        (say("n.file", lang), what),
        (say("n.made", lang), datetime.now().strftime("%Y-%m-%d %H:%M")),
        (say("n.data", lang), say("n.store", lang, store=store.location)),
    ]
    if region:
        rows.append((say("n.region", lang), region))
    if chains:
        rows.append((say("n.chains", lang), join(list(chains), lang)))
    rows.append((say("n.by", lang), f"chainatlas {__version__}"))
    return rows


def method_notes(
    lang: Lang, report: GapReport | None = None, *, targets: bool = False, score: bool = True
) -> list[tuple[str, str]]:
    """How classes, priorities and scores are computed, in the queries' own formulas."""
    from chainatlas.queries.gaps import PRIORITY_FORMULA
    from chainatlas.queries.targets import TARGET_SCORE_FORMULA
    from chainatlas.queries.weights import Weights

    rows: list[tuple[str, str]] = []
    if report is not None:
        t = report.thresholds
        rows.append(
            (
                say("n.classes", lang),
                say("n.classes_text", lang, firms=t.strong_min_firms, cov=t.strong_min_coverage),
            )
        )
    rows.append((say("n.priority", lang), PRIORITY_FORMULA[lang]))
    if score:
        parts = [say("n.candidate_score", lang, fit=Weights().fit)]
        if targets:
            parts.insert(0, TARGET_SCORE_FORMULA[lang])
        rows.append((say("n.score", lang), " ".join(parts)))
    return rows


def _firm(f: LocalFirm, lang: Lang) -> str:
    return f"{f.name} ({say('via_project', lang)} {f.via_project})" if f.via_project else f.name


def gap_table(report: GapReport, lang: Lang = "en") -> tuple[list[str], list[list[Any]]]:
    rows = []
    for s in report.segments:
        official = s.official_kind.value if s.official_kind else ""
        rows.append(
            [
                report.chain_id,
                s.segment_id,
                s.name_zh if lang == "zh" else (s.name_en or s.name_zh),
                word("tier", s.tier.value, lang),
                word("class", s.coverage_class, lang),
                s.local_firm_count,
                s.coverage,
                s.importance,
                s.priority,
                word("class", official, lang) if official else "",
                say("yes" if s.agrees_with_official else "no", lang),
                join([_firm(f, lang) for f in s.local_firms], lang),
            ]
        )
    return headers(GAP_KEYS, lang), rows


def gap_document(report: GapReport, lang: Lang, region: str, store: Store) -> Document:
    """The gap table, a narrower terminal view, the counts and the disagreements."""
    title = say("t.gaps", lang, chain=report.chain_name, chain_id=report.chain_id, region=region)
    head, rows = gap_table(report, lang)
    brief_rows = []
    for s, row in zip(report.segments, rows, strict=True):
        firms = [_firm(f, lang) for f in s.local_firms]
        more = (
            f" {say('more', lang, n=len(firms) - BRIEF_FIRMS)}" if len(firms) > BRIEF_FIRMS else ""
        )
        agrees = "" if s.agrees_with_official else " ≠"
        agrees = agrees if row[9] else agrees.strip()
        brief_rows.append(
            [
                row[1],
                row[2],
                row[3],
                row[4],
                join(firms[:BRIEF_FIRMS], lang) + more or "-",
                f"{s.priority:.2f}",
                row[9] + agrees,
            ]
        )
    brief_keys = ["segment_id", "segment", "tier", "class", "local_firms", "priority", "official"]
    c = report.counts()
    lines = [
        say(
            "t.gap_counts",
            lang,
            strong=c["strong"],
            weak=c["weak"],
            missing=c["missing"],
            n=len(report.disagreements),
        )
    ]
    by_id = {s.segment_id: s for s in report.segments}
    lines += [
        f"  ≠ {d.segment_id} {d.name_zh}: {disagreement(d, by_id[d.segment_id], lang)}"
        for d in report.disagreements
    ]
    notes = provenance(store, lang, title, region, [f"{report.chain_name} ({report.chain_id})"])
    return Document(
        title=title,
        sections=[Section(title, "", head, rows, report.chain_name)],
        lang=lang,
        data=report,
        name=f"gaps-{report.chain_id}",
        notes=notes + method_notes(lang, report, score=False),
        brief=[Section(title, "", headers(brief_keys, lang), brief_rows)],
        lines=lines,
    )


def disagreement(d: Disagreement, s: SegmentCoverage, lang: Lang) -> str:
    """Why the computed class and the official list disagree, in ``lang``."""
    firms = join([f.name for f in s.local_firms], lang)
    n = s.local_firm_count
    if d.kind == "listed-but-covered" and d.official is not None:
        official = word("class", d.official.value, lang)
        return say("d.covered", lang, official=official, n=n, firms=firms)
    if d.kind == "listed-weak-but-missing":
        return say("d.weak_missing", lang)
    if d.computed == "missing":
        return say("d.not_listed_missing", lang)
    return say("d.not_listed_weak", lang, n=n, firms=firms)


def target_table(tl: TargetList, lang: Lang = "en") -> tuple[list[str], list[list[Any]]]:
    names = {s.segment_id: _seg_name(s.name_zh, s.name_en, lang) for s in tl.segments}
    rows = [
        [
            t.rank,
            t.enterprise_id,
            t.name,
            t.full_name,
            word("own", t.ownership, lang),
            f"{t.hq_region_name} ({t.hq_region})" if t.hq_region_name else t.hq_region,
            "; ".join(list_label(x, lang) for x in t.lists),
            join(t.gap_names, lang),
            t.gap_count,
            t.score,
            " | ".join(_reason(r, lang, names) for r in t.reasons),
            t.contact,
            t.notes,
        ]
        for t in tl.targets
    ]
    return headers(TARGET_KEYS, lang), rows


def _seg_name(zh: str, en: str, lang: Lang) -> str:
    return zh if lang == "zh" or not en else en


def _reason(reason: str, lang: Lang, names: dict[str, str] | None = None) -> str:
    gap, sep, evidence = reason.partition(": ")
    if not sep:
        return reason
    return f"{gap}{'：' if lang == 'zh' else ': '}{explain(evidence, lang, names)}"


def target_summary_table(
    lists: Sequence[TargetList], lang: Lang = "en"
) -> tuple[list[str], list[list[Any]]]:
    """One row per chain: its gaps, its number of targets and the first target."""
    rows: list[list[Any]] = [
        [
            tl.chain_id,
            tl.chain_name,
            tl.gap_count,
            len(tl.targets),
            tl.targets[0].name if tl.targets else "",
        ]
        for tl in lists
    ]
    return headers(["chain_id", "chain", "gaps", "targets", "top_target"], lang), rows


def targets_document(
    lists: Sequence[TargetList], lang: Lang, region: str, store: Store, *, summary: bool = False
) -> Document:
    """One section per chain (a summary first when several or asked), terminal view narrower."""
    sections, brief = [], []
    for tl in lists:
        head, rows = target_table(tl, lang)
        title = say("t.targets", lang, chain=tl.chain_name)
        intro = say("t.targets_intro", lang, region=region, gaps=tl.gap_count)
        sections.append(Section(title, intro, head, rows, tl.chain_name))
        brief_rows = [
            [r[0], r[2], r[7], f"{r[9]:.3f}", _reason(t.reasons[0], lang) if t.reasons else ""]
            for r, t in zip(rows, tl.targets, strict=True)
        ]
        brief.append(
            Section(
                title,
                intro,
                headers(["rank", "name", "gaps_filled", "score", "reasons"], lang),
                brief_rows,
            )
        )
    first = None
    if len(lists) > 1 or summary:
        first = Section(say("t.summary", lang), "", *target_summary_table(lists, lang))
    name = f"targets-{lists[0].chain_id}" if len(lists) == 1 else "targets-all"
    chains = [f"{tl.chain_name} ({tl.chain_id})" for tl in lists]
    what = say("t.targets", lang, chain=join([tl.chain_name for tl in lists], lang))
    return Document(
        title=what,
        sections=sections,
        lang=lang,
        data=list(lists),
        name=name,
        notes=provenance(store, lang, what, region, chains) + method_notes(lang, targets=True),
        brief=brief,
        summary=first,
        part=say("h.chain", lang),
    )


def factor_text(c: Candidate, lang: Lang, names: dict[str, str] | None = None) -> str:
    return "; ".join(
        f"{word('factor', f.name, lang)} {f.value:.2f}: {explain(f.evidence, lang, names)}"
        for f in c.factors
    )


def _candidate_section(
    rows: list[Candidate], title: str, lang: Lang, names: dict[str, str]
) -> Section:
    head = headers(["rank", "enterprise_id", "name", "full_name", "score", "factors"], lang)
    body: list[list[Any]] = [
        [i, c.enterprise_id, c.name, c.full_name, c.score, factor_text(c, lang, names)]
        for i, c in enumerate(rows, start=1)
    ]
    return Section(title, "", head, body)


def candidates_document(
    result: Candidates, lang: Lang, region: str, store: Store, *, show_local: bool = False
) -> Document:
    """The candidates (and, when asked or when none come from afar, the local firms)."""
    named = (
        {
            seg.id: seg.name_zh if lang == "zh" else (seg.name_en or seg.name_zh)
            for seg in store.segments(result.segment_ids)
        }
        if result.segment_ids
        else {}
    )
    gap = join([named.get(i, i) for i in result.segment_ids], lang) or result.query
    title = say("t.candidates", lang, gap=gap)
    every = {seg.id: _seg_name(seg.name_zh, seg.name_en, lang) for seg in store.segments()}
    sections = [_candidate_section(result.candidates, title, lang, every)]
    if (show_local or not result.candidates) and result.local:
        local = say("t.local", lang, region=region)
        sections.append(_candidate_section(result.local, local, lang, every))
    lines = []
    if not result.candidates:
        lines.append(say("no_candidates", lang, region=region, gap=gap))
    return Document(
        title=title,
        sections=[s for s in sections if s.rows] or sections[:1],
        lang=lang,
        data=result.candidates,
        name=f"candidates-{result.segment_ids[0] if result.segment_ids else 'query'}",
        notes=provenance(store, lang, title, region) + method_notes(lang),
        brief=[
            Section(
                s.title,
                "",
                [s.headers[0], s.headers[2], s.headers[4], s.headers[5]],
                [[r[0], r[2], f"{r[4]:.3f}", r[5]] for r in s.rows],
            )
            for s in sections
            if s.rows
        ],
        lines=lines,
    )
