"""Drug name → class guesses that decide which ICHD-3 8.2 overuse threshold applies."""

from __future__ import annotations

import pytest

from gutbrain.domain.drugs import drug_class_for
from gutbrain.domain.rules import DRUG_CLASSES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sumatriptan", "triptan"),
        ("Sumatriptan 50 mg", "triptan"),
        ("rizatriptan 10mg", "triptan"),
        ("ibuprofen 400 mg", "nsaid"),
        ("Naproxen", "nsaid"),
        ("aspirin", "nsaid"),
        ("diclofenac", "nsaid"),
        ("paracetamol", "paracetamol"),
        ("acetaminophen 500 mg", "paracetamol"),
        ("aspirin + paracetamol", "nsaid"),  # two simple analgesics stay simple (8.2.5 note)
        ("aspirin + paracetamol + caffeine", "combination"),
        ("paracetamol with caffeine", "combination"),
        ("Excedrin", "combination"),
        ("paracetamol/codeine", "opioid"),
        ("tramadol", "opioid"),
        ("ergotamine", "ergot"),
        ("ergotamine + caffeine", "ergot"),
        ("dihydroergotamine", "ergot"),
        ("rimegepant", "gepant"),
        ("ubrogepant", "gepant"),
        ("atogepant", "gepant"),
        ("lasmiditan", "ditan"),
        ("metoclopramide", "antiemetic"),
        ("domperidone", "antiemetic"),
        ("topiramate 50 mg", "preventive"),
        ("sumatriptan + naproxen", "combination"),
        ("amoxicillin", "antibiotic"),
    ],
)
def test_known_names_get_their_class(name: str, expected: str) -> None:
    assert drug_class_for(name) == expected
    assert expected in DRUG_CLASSES


@pytest.mark.parametrize("name", ["", "   ", "magic beans", "vitamin d 1000 iu"])
def test_unknown_names_have_no_class(name: str) -> None:
    assert drug_class_for(name) is None
