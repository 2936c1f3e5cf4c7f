"""Which class a drug belongs to, from the name a person typed.

The class decides which ICHD-3 8.2 medication-overuse threshold applies (triptans, ergots,
opioids and combination analgesics ≥ 10 days/month; simple analgesics ≥ 15 days/month;
``shared/reference/statistics.md`` §4.1), so ``gutbrain log med`` records it and the doctor report
counts by it.  The table is deliberately small: generic names plus a few common brands.  An
explicit ``details["drug_class"]`` on an entry always wins over this guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Generic (and a few brand) names → class.  Classes are those of ``rules.DRUG_CLASSES``.
DRUG_CLASS_BY_NAME: Mapping[str, str] = {
    # triptans (ICHD-3 8.2.2)
    **dict.fromkeys(
        (
            "sumatriptan",
            "rizatriptan",
            "zolmitriptan",
            "naratriptan",
            "eletriptan",
            "almotriptan",
            "frovatriptan",
            "imitrex",
            "imigran",
            "maxalt",
            "zomig",
            "relpax",
        ),
        "triptan",
    ),
    # ergots (8.2.1)
    **dict.fromkeys(("ergotamine", "dihydroergotamine", "dhe", "cafergot", "migranal"), "ergot"),
    # NSAIDs: simple analgesics (8.2.3)
    **dict.fromkeys(
        (
            "ibuprofen",
            "naproxen",
            "aspirin",
            "acetylsalicylic acid",
            "diclofenac",
            "ketoprofen",
            "dexketoprofen",
            "celecoxib",
            "metamizole",
            "advil",
            "motrin",
            "nurofen",
            "aleve",
        ),
        "nsaid",
    ),
    # paracetamol: simple analgesic (8.2.3)
    **dict.fromkeys(("paracetamol", "acetaminophen", "tylenol", "panadol"), "paracetamol"),
    # combination analgesics (8.2.5): two classes or an adjuvant such as caffeine
    **dict.fromkeys(("excedrin", "thomapyrin", "fioricet", "fiorinal"), "combination"),
    # opioids (8.2.4)
    **dict.fromkeys(
        ("codeine", "tramadol", "oxycodone", "hydrocodone", "morphine", "tapentadol"), "opioid"
    ),
    # gepants and ditans (newer acute drugs; atogepant is used as a preventive)
    **dict.fromkeys(
        ("ubrogepant", "rimegepant", "atogepant", "zavegepant", "nurtec", "ubrelvy"), "gepant"
    ),
    **dict.fromkeys(("lasmiditan", "reyvow"), "ditan"),
    **dict.fromkeys(("metoclopramide", "domperidone", "ondansetron"), "antiemetic"),
    # common preventives, so they are not mistaken for acute drugs
    **dict.fromkeys(
        (
            "topiramate",
            "propranolol",
            "metoprolol",
            "amitriptyline",
            "candesartan",
            "flunarizine",
            "valproate",
            "erenumab",
            "fremanezumab",
            "galcanezumab",
            "eptinezumab",
            "onabotulinumtoxina",
            "botox",
        ),
        "preventive",
    ),
    **dict.fromkeys(
        (
            "amoxicillin",
            "doxycycline",
            "azithromycin",
            "clarithromycin",
            "ciprofloxacin",
            "metronidazole",
            "rifaximin",
        ),
        "antibiotic",
    ),
}

#: Simple analgesics: ICHD-3 8.2.3 counts all non-opioid analgesics as one class, and aspirin +
#: paracetamol alone is *not* a combination analgesic (8.2.5 note).
SIMPLE_ANALGESICS = frozenset({"nsaid", "paracetamol"})

#: Adjuvants that turn an analgesic into a combination analgesic (ICHD-3 8.2.5).
_ADJUVANTS = ("caffeine", "butalbital")

_SPLIT = re.compile(r"\s*(?:\+|/|,|&|\band\b|\bwith\b|\bplus\b)\s*")
_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|µg|ml|iu)?\b")


def drug_name_key(name: str) -> str:
    """Lower-case name without doses ("Topiramate 50 mg" → "topiramate"), to group intakes."""
    return " ".join(_DOSE.sub(" ", name.lower()).split())


def _class_of_part(part: str) -> str | None:
    """Class of one ingredient: exact table hit, else the first known word in it."""
    if part in DRUG_CLASS_BY_NAME:
        return DRUG_CLASS_BY_NAME[part]
    for word in part.split():
        if word in DRUG_CLASS_BY_NAME:
            return DRUG_CLASS_BY_NAME[word]
    return None


def drug_class_for(name: str) -> str | None:
    """Guess the drug class of a medication name ("sumatriptan 50 mg" → "triptan").

    Products with several ingredients are a ``combination`` when they mix classes or carry an
    adjuvant such as caffeine, except that an opioid in the mix makes it an ``opioid`` (the
    opioid threshold is the stricter clinical concern) and two simple analgesics stay simple.
    Returns None when the name is not known.
    """
    text = drug_name_key(name)
    if not text:
        return None
    parts = [p for p in _SPLIT.split(text) if p]
    classes = [c for c in (_class_of_part(p) for p in parts) if c is not None]
    has_adjuvant = any(adj in text for adj in _ADJUVANTS)
    if not classes:
        return "combination" if has_adjuvant and len(parts) > 1 else None
    if "opioid" in classes:
        return "opioid"
    distinct = set(classes)
    if len(distinct) == 1 and not has_adjuvant:
        return classes[0]
    if distinct <= SIMPLE_ANALGESICS and not has_adjuvant:
        return "nsaid" if "nsaid" in distinct else "paracetamol"
    if distinct <= SIMPLE_ANALGESICS | {"combination"}:
        return "combination"
    # an ergot with caffeine (Cafergot) is still coded as ergotamine overuse (8.2.1)
    if "ergot" in distinct:
        return "ergot"
    return classes[0] if len(distinct) == 1 else "combination"
