"""Today's taps as services: one ``update_attack`` for page and API, doses with their amount,
the person's usual medications first, and "did it help at 2 h"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gutbrain.domain.entries import NO_AURA_TAG
from gutbrain.domain.errors import EntryError, NotFoundError
from gutbrain.services import diary, log, today
from gutbrain.services.diary import Context


def test_aura_answers_are_stored_both_ways(ctx: Context) -> None:
    attack = today.start_attack(ctx)
    assert today.start_attack(ctx).id == attack.id  # a second tap is the same attack
    no = today.update_attack(ctx, attack.id, aura=False)
    assert NO_AURA_TAG in no.tags and not no.aura
    yes = today.update_attack(ctx, attack.id, aura=True)
    assert yes.aura and NO_AURA_TAG not in yes.tags


def test_symptoms_replace_quick_ones_and_keep_other_tags(ctx: Context) -> None:
    attack = today.start_attack(ctx)
    diary.update_entry(ctx, attack.id, tags=["neck pain", "nausea"])
    updated = today.update_attack(ctx, attack.id, symptoms=["photophobia", "Photophobia "])
    assert list(updated.tags) == ["neck pain", "photophobia"]
    untouched = today.update_attack(ctx, attack.id, intensity=6)
    assert untouched.tags == updated.tags and untouched.intensity == 6


def test_update_attack_refuses_what_is_not_an_attack(ctx: Context) -> None:
    dose = today.take_medication(ctx, "ibuprofen", 400, "mg")
    with pytest.raises(NotFoundError):
        today.update_attack(ctx, dose.id, intensity=3)
    attack = today.start_attack(ctx)
    with pytest.raises(EntryError):
        today.update_attack(ctx, attack.id, intensity=11)
    ended = today.update_attack(ctx, attack.id, ended=True)
    assert ended.end is not None and today.current_attack(ctx) is None


def test_quick_medications_put_usual_ones_first_with_their_dose(ctx: Context) -> None:
    now = ctx.now()
    for minutes in (10, 20, 30):
        log.log_medication(ctx, "ibuprofen 400mg", when=now - timedelta(minutes=minutes))
    log.log_medication(ctx, "ibuprofen 600mg", when=now - timedelta(minutes=40))
    log.log_medication(ctx, "topiramate 50mg", when=now, role="preventive")
    meds = diary.list_entries(ctx)
    assert today.quick_medications(meds) == ["ibuprofen 400 mg"]
    usual = ["rizatriptan 10 mg", "Ibuprofen 800 mg"]
    assert today.quick_medications(meds, usual) == usual  # no second ibuprofen button


def test_doses_are_asked_about_after_two_hours_once(ctx: Context) -> None:
    now = ctx.now()
    early = log.log_medication(ctx, "sumatriptan 50mg", when=now - timedelta(hours=3))
    log.log_medication(ctx, "ibuprofen 400mg", when=now - timedelta(minutes=30))
    log.log_medication(ctx, "naratriptan 2.5mg", when=now - timedelta(hours=30))
    assert [d.id for d in today.doses_to_rate(ctx)] == [early.id]
    rated = today.rate_dose(ctx, early.id, "pain-free")
    assert rated.details["effect"] == "complete" and rated.details["pain_free_2h"] is True
    assert rated.details["drug_class"] == "triptan"
    assert today.doses_to_rate(ctx) == []
    with pytest.raises(EntryError):
        today.rate_dose(ctx, early.id, "great")
