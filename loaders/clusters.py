"""Industrial clusters (产业集群): park, chain, segments, member firms and the lead firm.

One row per cluster (CSV/XLSX/JSON), or a list under ``clusters:`` in YAML::

    cluster_id,name,park,region_code,chain,segments,members,lead,source,as_of
    xx-battery,新乡电池产业集群,新乡经开区,410771,battery-ev,battery-cells;battery-packs,kelong;tianli,kelong,…

The chain, segments and firms may be written as ids, names or aliases.
"""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.model import Atlas, Cluster

from .planner_words import split_items
from .report import LoadReport
from .values import LoadContext, make_id, parse_date
from .workflow_items import (
    Bad,
    finish,
    items,
    need,
    parse,
    region,
    resolve_chain,
    resolve_enterprise,
    resolve_segments,
    sub_item,
    validated,
)
from .workflow_words import CLUSTER_HEADERS

__all__ = ["read_clusters", "CLUSTER_HEADERS"]


def read_clusters(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read cluster records (产业集群): park, chain, segments, member firms and the lead firm."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="clusters")
    ctx = context or LoadContext(check_references=False)
    atlas = Atlas()
    seen: set[str] = set()
    for item in items(path, report, "clusters", {"name"}):
        try:
            name = need(item, report, "name", "the cluster's name")
            chain = resolve_chain(item, report, ctx, "chain")
            members = [
                resolve_enterprise(sub_item(item, "members", m), report, ctx, "members")
                for m in split_items(item.values.get("members"))
            ]
            lead = resolve_enterprise(item, report, ctx, "lead")
            if lead and lead not in members:
                members.insert(0, lead)
            cid = item.text("id") or make_id("cl", name, item.text("park"))
            cluster = validated(
                item,
                report,
                Cluster,
                id=cid,
                name=name,
                park=item.text("park"),
                region_code=region(item, report, "region_code"),
                chain_id=chain,
                segment_ids=resolve_segments(item, report, ctx, "segments", chain),
                member_ids=list(dict.fromkeys(members)),
                lead_id=lead,
                source=item.text("source"),
                as_of=parse(item, report, "as_of", parse_date),
            )
        except Bad:
            continue
        if cluster.id in seen:
            report.add(
                "duplicate-id",
                f"cluster id {cluster.id!r} appears twice; ids must be unique",
                field=item.field("id"),
                value=cluster.id,
                **item.where,
            )
            continue
        seen.add(cluster.id)
        atlas.clusters.append(cluster)
    return finish(report, atlas)
