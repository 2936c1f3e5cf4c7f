"""The codes a FHIR export of the diary uses, each with the source it was checked against.

Nothing here is invented: a diary item with no verified code goes out as text.  Sources:

- SNOMED CT symptoms: the HL7 Personal Health Record IG (1.0.0-ballot2,
  github.com/HL7/personal-health-record-format-ig, ``ConceptMapSymptom.fsh``, which maps
  HealthKit symptom types to SNOMED CT) for headache, nausea, vomiting, dizziness, fatigue,
  abdominal bloating, abdominal cramps, constipation, diarrhoea and heartburn; photophobia,
  phonophobia, the headache disorders and stress as used across public FHIR code (checked by
  code and display; ``shared/reference/domain.md`` §4.1 for migraine and headache).
- LOINC: 72514-3 pain severity (domain.md §4.1); 93832-4 sleep duration (HL7 PHR IG
  ``vocabulary/sleep.fsh`` value set "PCD sleep observation code"); 55411-3 exercise duration
  (the OMOP vocabulary's LOINC listing; Stanford Spezi's LOINC table).
- HL7 PHR IG code system ``observation-pghd-codes``: ``menstrualFlow`` (no LOINC code for a
  day's menstrual flow was found).
- Observation categories (``observation-category``): the PHR IG profiles put patient-generated
  symptoms, sleep and reproductive health under ``social-history`` and activity under
  ``activity``; ``therapy`` for a medication's effect.
- UCUM (https://ucum.org/ucum): units by their case-sensitive codes; household measures a
  diary uses ("bowl", "slice") as UCUM annotations (``{bowl}``), which UCUM defines as unity
  with a label — never passed off as a volume.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PHR_PGHD = "http://hl7.org/fhir/uv/phr/CodeSystem/observation-pghd-codes"
#: USDA FoodData Central, the food's FDC id as the code (FDC publishes no FHIR code system;
#: its home page is the system URI others use).
FDC_SYSTEM = "https://fdc.nal.usda.gov/"

Coding = dict[str, str]


def coding(system: str, code: str, display: str) -> Coding:
    return {"system": system, "code": code, "display": display}


def snomed(code: str, display: str) -> Coding:
    return coding(SNOMED, code, display)


# -- headache disorders (attacks and conditions) -------------------------------------------
MIGRAINE = snomed("37796009", "Migraine (disorder)")
MIGRAINE_WITH_AURA = snomed("4473006", "Migraine with aura (disorder)")
MIGRAINE_WITHOUT_AURA = snomed("56097005", "Migraine without aura (disorder)")
TENSION_TYPE = snomed("398057008", "Tension-type headache (disorder)")
CLUSTER = snomed("193031009", "Cluster headache syndrome (disorder)")
HEADACHE = snomed("25064002", "Headache (finding)")

#: Condition names a person records → code.
CONDITION_CODES: Mapping[str, Coding] = {
    "migraine": MIGRAINE,
    "migraine with aura": MIGRAINE_WITH_AURA,
    "migraine without aura": MIGRAINE_WITHOUT_AURA,
    "tension-type headache": TENSION_TYPE,
    "cluster headache": CLUSTER,
}

# -- symptoms (attack tags and GI symptom names) ---------------------------------------------
SYMPTOM_CODES: Mapping[str, Coding] = {
    "nausea": snomed("422587007", "Nausea (finding)"),
    "vomiting": snomed("300359004", "Finding of vomiting (finding)"),
    "dizziness": snomed("404640003", "Dizziness (finding)"),
    "fatigue": snomed("84229001", "Fatigue (finding)"),
    "photophobia": snomed("409668002", "Photophobia (finding)"),
    "phonophobia": snomed("313387002", "Phonophobia (finding)"),
    "bloating": snomed("116289008", "Abdominal bloating (finding)"),
    "abdominal pain": snomed("21522001", "Abdominal pain (finding)"),
    "cramps": snomed("51197009", "Abdominal cramps (finding)"),
    "constipation": snomed("14760008", "Constipation (finding)"),
    "diarrhea": snomed("62315008", "Diarrhea (finding)"),
    "heartburn": snomed("16331000", "Heartburn (finding)"),
    "headache": HEADACHE,
}
#: Other spellings apps export (mySymptoms, Bearable) → a name above.
SYMPTOM_ALIASES: Mapping[str, str] = {
    "stomach cramping": "cramps", "stomach cramps": "cramps", "abdominal cramps": "cramps",
    "cramping": "cramps", "stomach pain": "abdominal pain", "stomach ache": "abdominal pain",
    "stomachache": "abdominal pain", "diarrhoea": "diarrhea", "sensitivity to light":
    "photophobia", "sensitivity to sound": "phonophobia", "light sensitivity": "photophobia",
    "sound sensitivity": "phonophobia", "vertigo": "dizziness", "tiredness": "fatigue",
}  # fmt: skip


def symptom_code(name: str) -> Coding | None:
    """The SNOMED CT code of a symptom name (or a known other spelling of it)."""
    key = " ".join(name.strip().lower().split())
    return SYMPTOM_CODES.get(SYMPTOM_ALIASES.get(key, key))


STRESS = snomed("73595000", "Stress (finding)")

# -- LOINC -------------------------------------------------------------------------------
PAIN_SEVERITY = coding(LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")  # fmt: skip
SLEEP_DURATION = coding(LOINC, "93832-4", "Sleep duration")
EXERCISE_DURATION = coding(LOINC, "55411-3", "Exercise duration")
MENSTRUAL_FLOW = coding(PHR_PGHD, "menstrualFlow", "Menstrual flow")


def category(code: str) -> list[dict[str, Any]]:
    """An Observation category from HL7's observation-category code system."""
    display = {"social-history": "Social History", "activity": "Activity",
               "therapy": "Therapy", "survey": "Survey"}[code]  # fmt: skip
    return [{"coding": [coding(OBSERVATION_CATEGORY, code, display)]}]


# -- UCUM --------------------------------------------------------------------------------
#: Diary units (lower case) → UCUM code.
UCUM_CODES: Mapping[str, str] = {
    "mg": "mg", "g": "g", "kg": "kg", "mcg": "ug", "µg": "ug", "ug": "ug",
    "ml": "mL", "l": "L", "dl": "dL", "cl": "cL", "iu": "[iU]", "ie": "[iU]",
    "oz": "[oz_av]", "lb": "[lb_av]", "fl oz": "[foz_us]", "tbsp": "[tbs_us]",
    "tsp": "[tsp_us]", "h": "h", "hr": "h", "hours": "h", "min": "min", "minutes": "min",
    "s": "s", "hpa": "hPa", "mbar": "mbar", "mmhg": "mm[Hg]", "%": "%", "°c": "Cel",
    "c": "Cel", "kcal": "kcal", "cfu": "[CFU]", "bpm": "/min", "km": "km", "m": "m",
}  # fmt: skip
_NOT_IN_ANNOTATION = re.compile(r"[^!-z|~]")  # UCUM annotations: ASCII 33-126 without { }


def ucum_code(unit: str | None) -> str:
    """The UCUM code of a diary unit: a real unit when UCUM has it, else an annotation
    (``{bowl}``), and ``1`` (a count) when there is no unit."""
    if not unit or not unit.strip():
        return "1"
    text = unit.strip()
    known = UCUM_CODES.get(text.lower())
    if known:
        return known
    return "{" + _NOT_IN_ANNOTATION.sub("_", text) + "}"


def quantity(amount: float, unit: str | None) -> dict[str, Any]:
    """A FHIR Quantity with its UCUM code; the person's own unit stays as the display."""
    return {"value": amount, "unit": (unit or "").strip() or "1", "system": UCUM,
            "code": ucum_code(unit)}  # fmt: skip
