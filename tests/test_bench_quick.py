"""The synthetic atlas generator of ``benchmarks/``: shape, skew and determinism (no timings)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.model import Atlas, Enterprise, Segment

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synthetic import BLOCK, HOME_REGION, Scale, iter_synthetic, rows_in  # noqa: E402

SMALL = Scale(enterprises=3000, chains=4, segments_per_chain=12, seed=3)


def _all(scale: Scale) -> Atlas:
    out = Atlas()
    for batch in iter_synthetic(scale):
        out.extend(batch)
    return out


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return _all(SMALL)


def test_counts(atlas: Atlas) -> None:
    assert len(atlas.chains) == 4
    assert len(atlas.segments) == 48
    assert len(atlas.enterprises) == 3000
    assert len({e.id for e in atlas.enterprises}) == 3000
    # every firm has an HQ and at least one capability; about 3 capabilities per firm
    assert Counter(p.kind.value for p in atlas.presences)["hq"] == 3000
    assert {c.enterprise_id for c in atlas.capabilities} == {e.id for e in atlas.enterprises}
    assert 2.0 <= len(atlas.capabilities) / 3000 <= 4.5
    assert len(atlas.weak_links) == 4 * 4
    assert rows_in(atlas) == sum(atlas.counts().values())


def test_references_resolve(atlas: Atlas) -> None:
    segs = {s.id for s in atlas.segments}
    regions = {r.code for r in atlas.regions}
    firms = {e.id for e in atlas.enterprises}
    assert {c.segment_id for c in atlas.capabilities} <= segs
    assert {p.region_code for p in atlas.presences} <= regions
    assert {s.parent for s in atlas.segments if s.parent} <= segs
    assert {(lk.from_id in segs, lk.to_id in segs) for lk in atlas.links} == {(True, True)}
    assert {t.to_id for t in atlas.supply_ties} <= firms
    assert len({(c.enterprise_id, c.segment_id) for c in atlas.capabilities}) == len(
        atlas.capabilities
    )


def test_degree_skew(atlas: Atlas) -> None:
    per_firm = Counter(c.enterprise_id for c in atlas.capabilities)
    out_deg = sorted(per_firm.values())
    # most firms supply one segment, a few supply many
    assert Counter(out_deg)[1] / len(out_deg) > 0.4
    assert out_deg[-1] >= 10 * statistics_median(out_deg)
    per_seg = sorted(Counter(c.segment_id for c in atlas.capabilities).values(), reverse=True)
    # the most popular segment has many times the suppliers of the median one
    assert per_seg[0] >= 5 * per_seg[len(per_seg) // 2]


def statistics_median(values: list[int]) -> float:
    s = sorted(values)
    return s[len(s) // 2]


def test_names_and_regions(atlas: Atlas) -> None:
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.full_name) for e in atlas.enterprises)
    assert len({e.full_name for e in atlas.enterprises}) > 2500
    local = [p for p in atlas.presences if p.region_code == HOME_REGION and p.kind.value == "hq"]
    assert 0 < len(local) < 300
    assert all(r.lon is not None for r in atlas.regions if r.level == "city")


def test_deterministic_and_prefix_stable(atlas: Atlas) -> None:
    again = _all(SMALL)
    assert again.model_dump() == atlas.model_dump()
    other_seed = _all(Scale(enterprises=3000, chains=4, segments_per_chain=12, seed=4))
    assert other_seed.enterprises[5].name != atlas.enterprises[5].name or (
        other_seed.capabilities != atlas.capabilities
    )
    # a bigger atlas starts with the smaller one, block by block
    big = Scale(enterprises=BLOCK + 500, chains=4, segments_per_chain=12, seed=3)
    first = list(iter_synthetic(big, stop=BLOCK))
    small = list(iter_synthetic(Scale(enterprises=BLOCK, chains=4, segments_per_chain=12, seed=3)))
    assert [b.model_dump() for b in first] == [b.model_dump() for b in small]
    rest = list(iter_synthetic(big, start=BLOCK))
    assert [len(b.enterprises) for b in rest] == [500]


def test_records_are_valid_and_load(atlas: Atlas, tmp_path: Path) -> None:
    for e in atlas.enterprises[:200]:
        assert Enterprise.model_validate(e.model_dump()) == e
    for s in atlas.segments:
        assert Segment.model_validate(s.model_dump()) == s
    store = NetworkXStore(tmp_path / "s")
    store.write(atlas)
    stats = store.stats()
    assert stats["Enterprise"] == 3000
    assert stats["CAN_SUPPLY"] == len(atlas.capabilities)
    assert stats["LOCATED_IN"] == len(atlas.presences)


def test_scale_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError, match="chains must be"):
        Scale(10, chains=0)
    with pytest.raises(ValueError, match="at least 6 segments"):
        Scale(10, segments_per_chain=3)
    with pytest.raises(ValueError, match="multiple of"):
        list(iter_synthetic(Scale(100), start=7))


def test_p95_is_the_nearest_rank() -> None:
    from run import pct

    # of 20 calls the 95th percentile is the 19th in order, not the slowest
    assert pct([float(v) for v in range(1, 21)], 0.95) == 19.0
    assert pct([float(v) for v in range(1, 101)], 0.95) == 95.0
    assert pct([float(v) for v in range(1, 16)], 0.95) == 15.0
    assert pct([7.0], 0.95) == 7.0
    assert pct([3.0, 1.0, 2.0], 0.5) == 2.0
