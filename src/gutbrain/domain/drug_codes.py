"""WHO ATC codes of the common acute, preventive and antibiotic drugs a diary names, so a FHIR
export carries a code a clinic system can read (``io.fhir``).

A small shipped table, one code per substance (the one for its use in migraine or, for
antibiotics, systemic use); brand names map to their substance.  Codes are from the WHO
ATC/DDD index (https://atcddd.fhi.no/atc_ddd_index/), cross-checked against the substance
list of the open Pharmacolibrary (github.com/creative-connections/Pharmacolibrary, one model
per ATC code and substance).  A name that is not in the table gets no code, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping

from gutbrain.domain.drugs import drug_name_key

ATC_SYSTEM = "http://www.whocc.no/atc"

#: substance → (ATC code, substance name as the ATC index spells it)
ATC_BY_SUBSTANCE: Mapping[str, tuple[str, str]] = {
    # N02CC selective serotonin (5HT1) agonists, and lasmiditan
    "sumatriptan": ("N02CC01", "sumatriptan"),
    "naratriptan": ("N02CC02", "naratriptan"),
    "zolmitriptan": ("N02CC03", "zolmitriptan"),
    "rizatriptan": ("N02CC04", "rizatriptan"),
    "almotriptan": ("N02CC05", "almotriptan"),
    "eletriptan": ("N02CC06", "eletriptan"),
    "frovatriptan": ("N02CC07", "frovatriptan"),
    "lasmiditan": ("N02CC08", "lasmiditan"),
    # N02CA ergot alkaloids
    "dihydroergotamine": ("N02CA01", "dihydroergotamine"),
    "ergotamine": ("N02CA02", "ergotamine"),
    # N02CD calcitonin gene-related peptide (CGRP) antagonists
    "erenumab": ("N02CD01", "erenumab"),
    "galcanezumab": ("N02CD02", "galcanezumab"),
    "fremanezumab": ("N02CD03", "fremanezumab"),
    "ubrogepant": ("N02CD04", "ubrogepant"),
    "eptinezumab": ("N02CD05", "eptinezumab"),
    "rimegepant": ("N02CD06", "rimegepant"),
    "atogepant": ("N02CD07", "atogepant"),
    # analgesics and NSAIDs
    "acetylsalicylic acid": ("N02BA01", "acetylsalicylic acid"),
    "metamizole": ("N02BB02", "metamizole sodium"),
    "paracetamol": ("N02BE01", "paracetamol"),
    "ibuprofen": ("M01AE01", "ibuprofen"),
    "naproxen": ("M01AE02", "naproxen"),
    "ketoprofen": ("M01AE03", "ketoprofen"),
    "dexketoprofen": ("M01AE17", "dexketoprofen"),
    "diclofenac": ("M01AB05", "diclofenac"),
    "celecoxib": ("M01AH01", "celecoxib"),
    # opioids
    "morphine": ("N02AA01", "morphine"),
    "oxycodone": ("N02AA05", "oxycodone"),
    "tramadol": ("N02AX02", "tramadol"),
    "tapentadol": ("N02AX06", "tapentadol"),
    "codeine": ("R05DA04", "codeine"),
    # antiemetics
    "metoclopramide": ("A03FA01", "metoclopramide"),
    "domperidone": ("A03FA03", "domperidone"),
    "ondansetron": ("A04AA01", "ondansetron"),
    # preventives
    "topiramate": ("N03AX11", "topiramate"),
    "valproic acid": ("N03AG01", "valproic acid"),
    "propranolol": ("C07AA05", "propranolol"),
    "metoprolol": ("C07AB02", "metoprolol"),
    "amitriptyline": ("N06AA09", "amitriptyline"),
    "candesartan": ("C09CA06", "candesartan"),
    "flunarizine": ("N07CA03", "flunarizine"),
    "botulinum toxin": ("M03AX01", "botulinum toxin"),
    # antibiotics (gut-health context)
    "amoxicillin": ("J01CA04", "amoxicillin"),
    "doxycycline": ("J01AA02", "doxycycline"),
    "azithromycin": ("J01FA10", "azithromycin"),
    "clarithromycin": ("J01FA09", "clarithromycin"),
    "ciprofloxacin": ("J01MA02", "ciprofloxacin"),
    "metronidazole": ("P01AB01", "metronidazole"),
    "rifaximin": ("A07AA11", "rifaximin"),
}

#: Other spellings and brand names → the substance key above.
SUBSTANCE_ALIASES: Mapping[str, str] = {
    "aspirin": "acetylsalicylic acid",
    "acetaminophen": "paracetamol",
    "tylenol": "paracetamol",
    "panadol": "paracetamol",
    "imitrex": "sumatriptan",
    "imigran": "sumatriptan",
    "maxalt": "rizatriptan",
    "zomig": "zolmitriptan",
    "relpax": "eletriptan",
    "dhe": "dihydroergotamine",
    "migranal": "dihydroergotamine",
    "advil": "ibuprofen",
    "motrin": "ibuprofen",
    "nurofen": "ibuprofen",
    "aleve": "naproxen",
    "nurtec": "rimegepant",
    "ubrelvy": "ubrogepant",
    "reyvow": "lasmiditan",
    "valproate": "valproic acid",
    "onabotulinumtoxina": "botulinum toxin",
    "botox": "botulinum toxin",
    "aimovig": "erenumab",
    "emgality": "galcanezumab",
    "ajovy": "fremanezumab",
    "vyepti": "eptinezumab",
}


def atc_for(name: str) -> tuple[str, str] | None:
    """(ATC code, substance) of a single-substance medication name ("Sumatriptan 50 mg" →
    N02CC01); None for an unknown name or a product of several substances (a combination
    has its own ATC code, which this table does not hold)."""
    text = drug_name_key(name)
    if not text:
        return None
    key = SUBSTANCE_ALIASES.get(text, text)
    if key in ATC_BY_SUBSTANCE:
        return ATC_BY_SUBSTANCE[key]
    words = [SUBSTANCE_ALIASES.get(w, w) for w in text.replace("-", " ").split()]
    found = {w for w in words if w in ATC_BY_SUBSTANCE}
    if len(found) == 1 and not any(w in ("and", "with", "plus", "+") for w in words):
        return ATC_BY_SUBSTANCE[found.pop()]
    return None
