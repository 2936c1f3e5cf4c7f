"""Phone samples → diary entries (io.health_samples): properties that must hold for any mix of
overlapping sources, stages and days."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gutbrain.domain.entries import Kind
from gutbrain.io import health_samples as hs
from gutbrain.io.health_samples import HealthSample, to_entries

BASE = datetime(2026, 3, 1, 20, tzinfo=UTC)
DIARY = uuid.UUID(int=5)


@st.composite
def spans(draw: st.DrawFn, kind: str, values: list[str], longest: int) -> HealthSample:
    start = BASE + timedelta(minutes=draw(st.integers(0, 60 * 24 * 6)))
    return HealthSample(
        kind=kind, start=start, end=start + timedelta(minutes=draw(st.integers(1, longest))),
        source=draw(st.sampled_from(["watch", "phone", "app"])), line=draw(st.integers(1, 999)),
        value=draw(st.sampled_from(values)),
    )  # fmt: skip


sleep = spans(hs.SLEEP, ["in bed", "asleep", "core", "deep", "rem", "awake"], 240)
headache = spans(hs.HEADACHE, ["mild", "moderate", "severe", "unspecified", "not present"], 600)


@given(st.lists(sleep, max_size=40))
def test_nights_never_overlap_and_asleep_fits_the_night(samples: list[HealthSample]) -> None:
    out = to_entries(samples, diary_id=DIARY, diary_tz="Europe/Berlin", source="test")
    # a chain of samples longer than a day is refused (a night's sleep lasts at most 24 h)
    assert all("cannot last" in p.reason for p in out.problems)
    if out.problems:
        return
    nights = sorted((e for e in out.entries if e.kind is Kind.SLEEP), key=lambda e: e.start)
    for a, b in itertools.pairwise(nights):
        assert a.end is not None and b.start - a.end > hs.NIGHT_GAP
    for night in nights:
        assert night.end is not None
        span = (night.end - night.start).total_seconds() / 60
        assert night.details.get("asleep_min", 0) <= round(span)
    # every sample lies inside exactly one night
    for s in samples:
        assert sum(n.start <= s.start and s.end <= n.end for n in nights) == 1  # type: ignore[operator]


@given(st.lists(headache, max_size=30))
def test_attacks_are_disjoint_and_keep_the_worst_severity(samples: list[HealthSample]) -> None:
    out = to_entries(samples, diary_id=DIARY, diary_tz="Europe/Berlin", source="test")
    attacks = sorted(out.entries, key=lambda e: e.start)
    for a, b in itertools.pairwise(attacks):
        assert a.end is not None and a.end < b.start
    present = [s for s in samples if s.value != "not present"]
    for attack in attacks:
        inside = [s for s in present if attack.start <= s.start and s.end <= attack.end]  # type: ignore[operator]
        assert inside
        levels = [hs.SEVERITY_INTENSITY[s.value or "unspecified"] for s in inside]
        known = [x for x in levels if x is not None]
        assert attack.intensity == (max(known) if known else None)
    assert all(any(a.start <= s.start <= a.end for a in attacks) for s in present)  # type: ignore[operator]


@given(st.lists(sleep | headache, max_size=30))
def test_the_same_samples_twice_make_the_same_entries(samples: list[HealthSample]) -> None:
    once = to_entries(samples, diary_id=DIARY, diary_tz="Europe/Berlin", source="test")
    twice = to_entries(samples + samples, diary_id=DIARY, diary_tz="Europe/Berlin", source="test")
    assert [e.id for e in twice.entries] == [e.id for e in once.entries]
    assert twice.duplicates == once.duplicates + len(samples)
