"""The demo generator is deterministic and produces a plausible diary."""

from __future__ import annotations

from collections import Counter

from gutbrain.demo import generate_diary
from gutbrain.domain.entries import Kind


def test_same_seed_same_diary() -> None:
    a = generate_diary(seed=3, days=60)
    b = generate_diary(seed=3, days=60)
    assert [e.natural_key() for e in a.entries] == [e.natural_key() for e in b.entries]
    c = generate_diary(seed=4, days=60)
    assert [e.natural_key() for e in a.entries] != [e.natural_key() for e in c.entries]


def test_year_has_realistic_attack_rate_and_all_kinds(demo_diary) -> None:  # type: ignore[no-untyped-def]
    kinds = Counter(e.kind for e in demo_diary.entries)
    assert set(kinds) == set(Kind)
    # episodic migraine: roughly 2–5 attacks a month
    assert 24 <= demo_diary.onsets <= 60
    assert kinds[Kind.ATTACK] == demo_diary.onsets
    assert demo_diary.missing_days > 0
    assert {p.factor for p in demo_diary.planted if p.role == "decoy"} >= {"chocolate", "olives"}


def test_demo_loads_into_a_store(demo_ctx, demo_diary) -> None:  # type: ignore[no-untyped-def]
    from gutbrain.services import diary as svc

    assert demo_ctx.store.count_entries(demo_ctx.diary_id) == len(demo_diary.entries)
    cov = svc.coverage(demo_ctx)
    assert cov is not None
    assert cov.first_day == demo_diary.first_day
    assert cov.days_missing == demo_diary.missing_days
    assert [c.name for c in svc.list_conditions(demo_ctx)] == ["ibs"]
