"""The factors beside the capability fit: how attractive and reachable a firm is.

Scale (revenue), list membership, geography (HQ distance to the region), expansion signals
(planned plants, project intentions), ties to the region's firms and central-SOE pairing: each
a raw value 0..1 with its evidence, weighted by ``Weights`` and the firm's fit by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from chainatlas.graph.model import Enterprise, Region, region_prefix

__all__ = [
    "LIST_VALUE",
    "MAX_DISTANCE_KM",
    "PULL_FACTORS",
    "pull_factors",
    "geography",
    "scale_raw",
    "lists_raw",
    "region_codes",
    "region_of",
    "haversine_km",
]

LIST_VALUE = {
    "fortune_global500": 1.0,
    "central_soe": 0.9,
    "fortune_china500": 0.8,
    "acfic_private500": 0.6,
    "acfic_manufacturing500": 0.6,
    "acfic_services100": 0.5,
}
MAX_DISTANCE_KM = 2000.0
PULL_FACTORS = ("scale", "lists", "geography", "expansion", "ties", "soe_pairing")


def haversine_km(a: Region, b: Region) -> float | None:
    if None in (a.lon, a.lat, b.lon, b.lat):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def region_codes(code: str) -> list[str]:
    return [code, code[:4] + "00", code[:2] + "0000"] if code else []


def region_of(code: str, regions: dict[str, Region]) -> Region | None:
    for c in region_codes(code):
        if c in regions and regions[c].lon is not None:
            return regions[c]
    return None


def scale_raw(revenue: float | None) -> float:
    return min(1.0, math.log10(1 + revenue) / 4.0) if revenue else 0.0


def lists_raw(list_ids: Iterable[str]) -> float:
    return max((LIST_VALUE.get(name, 0.3) for name in list_ids), default=0.0)


def geography(hq_region: str, region: str, regions: dict[str, Region]) -> tuple[float, str]:
    """(raw 0..1, evidence) of how near a firm's HQ is to ``region``."""
    if not (hq_region and region):
        return 0.0, ""
    home = region_of(region, regions)
    hq = region_of(hq_region, regions)
    same_province = hq_region[:2] == region[:2]
    dist = haversine_km(home, hq) if home and hq else None
    if dist is None:
        return (0.6 if same_province else 0.0), f"HQ {hq_region}, same province"
    where = hq.name_zh if hq and hq.name_zh else hq_region
    ev = f"HQ {where}, {dist:,.0f} km away" + (", same province" if same_province else "")
    return max(0.0, 1 - dist / MAX_DISTANCE_KM), ev


def pull_factors(
    ent: Enterprise,
    *,
    region: str,
    regions: dict[str, Region],
    planned: list[str],
    intentions: str,
    ties: list[str],
    paired: str | None,
    terms: list[str],
) -> list[tuple[str, float, str]]:
    """(name, raw 0..1, evidence) of the factors that say how attractive and reachable a firm is."""
    out: list[tuple[str, float, str]] = []
    if ent.revenue_100m_cny:
        raw = scale_raw(ent.revenue_100m_cny)
        out.append(("scale", raw, f"revenue {ent.revenue_100m_cny:,.0f} 亿元"))
    if ent.lists:
        raw = lists_raw([m.list for m in ent.lists])
        out.append(("lists", raw, ", ".join(m.label() for m in ent.lists)))
    raw, ev = geography(ent.hq_region, region, regions)
    if raw > 0:
        out.append(("geography", raw, ev))
    signs = []
    if planned:
        here = [c for c in planned if c.startswith(region_prefix(region))]
        signs.append(("planned plant in " + ", ".join(planned), 1.0 if here else 0.5))
    said = [t for t in terms if t and t in intentions]
    if said:
        signs.append((f"project intentions mention {said[0]}", 0.8))
    if signs:
        raw = max(v for _, v in signs)
        out.append(("expansion", raw, "; ".join(s for s, _ in signs)))
    if ties:
        out.append(("ties", 1.0, "trades with local firms: " + "、".join(ties[:4])))
    if paired:
        out.append(("soe_pairing", 1.0, f"central SOE paired with the city for {paired}"))
    return out
