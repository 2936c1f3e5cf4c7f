"""The diary as an HL7 FHIR R5 Bundle a clinic system can take in (``gutbrain export fhir``).

A ``collection`` Bundle of:

- ``Patient`` — the person, with only what they chose to add (name, birth date); by default no
  identifying data at all, present because R5 requires a ``Condition`` to have a subject;
- ``Condition`` — migraine (SNOMED CT 37796009) when the diary holds attacks, and each condition
  the person recorded (IBS, celiac disease, …) as text;
- ``Observation`` per attack — SNOMED CT 25064002 *Headache*, ``effectivePeriod`` from start to
  end, pain as a component LOINC 72514-3 (pain severity 0–10 verbal numeric rating), aura and
  symptoms as components (SNOMED CT for nausea 422587007, vomiting 300359004, dizziness
  404640003, fatigue 84229001; others as text);
- ``MedicationStatement`` per medication (R5: ``medication`` as a CodeableReference, dose as a
  UCUM quantity, acute/preventive as its category);
- ``NutritionIntake`` per food and drink entry (R5, trial use): the item as text, with the USDA
  FoodData Central id as a code when gutbrain matched the food;
- ``Observation`` per night's sleep (hours), period (flow), gut symptom (severity 0–10) and
  stool (Bristol type), coded by their name (no verified LOINC codes for these; SNOMED CT for
  the symptoms above).

Codes and their sources: ``shared/reference/domain.md`` §4.1 (HL7 PHR IG concept maps).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from gutbrain import __version__
from gutbrain.domain.entries import Condition, Entry, Kind
from gutbrain.io.timefmt import format_instant

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
#: USDA FoodData Central ids as a code system (FDC has no FHIR code system URI of its own).
FDC_SYSTEM = "https://fdc.nal.usda.gov/fdc-app.html#/food-details"
NAMESPACE = uuid.UUID("1f4c0e2a-3b6d-4e8f-9a1b-2c3d4e5f6a7b")

MIGRAINE = {"system": SNOMED, "code": "37796009", "display": "Migraine"}
HEADACHE = {"system": SNOMED, "code": "25064002", "display": "Headache"}
PAIN_SEVERITY = {"system": LOINC, "code": "72514-3",
                 "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}  # fmt: skip
SYMPTOM_CODES = {
    "nausea": "422587007", "vomiting": "300359004", "dizziness": "404640003",
    "fatigue": "84229001",
}  # fmt: skip
UCUM_UNITS = {"mg": "mg", "g": "g", "mcg": "ug", "µg": "ug", "ml": "mL", "l": "L", "iu": "[iU]"}


def _ref(kind: str, ident: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{ident}", "type": kind}


def _when(entry: Entry, end: bool = False) -> str:
    """FHIR dateTime: a date alone for date-only entries, else seconds with the offset."""
    moment = entry.end if end else entry.start
    has_time = entry.end_has_time if end else entry.start_has_time
    assert moment is not None
    if not has_time:
        return format_instant(moment, entry.tz, False)
    local = moment.astimezone(entry.zone)
    return local.isoformat(timespec="seconds")


def _effective(entry: Entry) -> dict[str, Any]:
    if entry.end is None:
        return {"effectiveDateTime": _when(entry)}
    return {"effectivePeriod": {"start": _when(entry), "end": _when(entry, end=True)}}


def _quantity(amount: float, unit: str | None) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": amount}
    if unit:
        quantity["unit"] = unit
        code = UCUM_UNITS.get(unit.lower())
        if code:
            quantity.update(system=UCUM, code=code)
    return quantity


def _notes(entry: Entry) -> dict[str, Any]:
    return {"note": [{"text": entry.notes}]} if entry.notes.strip() else {}


def _attack(entry: Entry, patient: str) -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    if entry.intensity is not None:
        components.append({"code": {"coding": [PAIN_SEVERITY]}, "valueInteger": entry.intensity})
    for tag in entry.tags:
        code = SYMPTOM_CODES.get(tag)
        concept: dict[str, Any] = {"text": tag}
        if code:
            concept["coding"] = [{"system": SNOMED, "code": code, "display": tag.capitalize()}]
        components.append({"code": concept, "valueBoolean": True})
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final" if entry.end is not None else "preliminary",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [HEADACHE], "text": entry.name},
        "subject": _ref("Patient", patient),
        **_effective(entry),
        **_notes(entry),
    }  # fmt: skip
    if components:
        resource["component"] = components
    return resource


def _observation(entry: Entry, patient: str) -> dict[str, Any]:
    """Sleep, a period, a gut symptom or a stool as an Observation coded by its name (SNOMED
    CT where domain.md gives a code); the value is the hours slept, the flow, the severity
    0–10 or the Bristol type."""
    concept: dict[str, Any] = {
        "text": entry.name if entry.kind is Kind.SYMPTOM else entry.kind.value
    }
    code = SYMPTOM_CODES.get(entry.name.lower())
    if entry.kind is Kind.SYMPTOM and code:
        concept["coding"] = [{"system": SNOMED, "code": code, "display": entry.name.capitalize()}]
    value: dict[str, Any] = {}
    if entry.is_stool and entry.amount is not None:
        concept["text"] = "Bristol stool form scale"
        value = {"valueInteger": int(entry.amount)}
    elif entry.kind is Kind.SLEEP:
        hours = entry.amount if entry.unit == "h" else None
        if hours is None and entry.duration is not None:
            hours = round(entry.duration.total_seconds() / 3600, 2)
        if hours is not None:
            value = {"valueQuantity": {"value": hours, "unit": "h", "system": UCUM, "code": "h"}}
        if entry.intensity is not None:
            value["component"] = [{"code": {"text": "sleep quality 0–10"},
                                   "valueInteger": entry.intensity}]  # fmt: skip
    elif entry.kind is Kind.MENSTRUATION and entry.details.get("flow"):
        value = {"valueString": str(entry.details["flow"])}
    elif entry.intensity is not None:
        value = {"valueInteger": entry.intensity}
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": concept,
        "subject": _ref("Patient", patient),
        **_effective(entry),
        **value,
        **_notes(entry),
    }


def _medication(entry: Entry, patient: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": "recorded",
        "medication": {"concept": {"text": entry.name}},
        "subject": _ref("Patient", patient),
        **_effective(entry),
        **_notes(entry),
    }
    roles = [t for t in entry.tags if t in ("acute", "preventive", "antibiotic")]
    if roles:
        resource["category"] = [{"text": role} for role in roles]
    if entry.amount is not None:
        dose = _quantity(entry.amount, entry.unit)
        resource["dosage"] = [{"text": f"{entry.amount:g} {entry.unit or ''}".strip(),
                               "doseAndRate": [{"doseQuantity": dose}]}]  # fmt: skip
    return resource


def _intake(entry: Entry, patient: str, food: Mapping[str, Any] | None) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": entry.name}
    if food and food.get("fdc_id"):
        concept["coding"] = [{"system": FDC_SYSTEM, "code": str(food["fdc_id"]),
                              "display": food.get("fdc_description") or food.get("food")}]  # fmt: skip
    item: dict[str, Any] = {
        "type": {"text": "fluid" if entry.kind is Kind.DRINK else "food"},
        "nutritionProduct": {"concept": concept},
    }
    if entry.amount is not None:
        item["amount"] = _quantity(entry.amount, entry.unit)
    occurrence = (
        {"occurrenceDateTime": _when(entry)}
        if entry.end is None
        else {"occurrencePeriod": {"start": _when(entry), "end": _when(entry, end=True)}}
    )
    return {
        "resourceType": "NutritionIntake",
        "status": "completed",
        "code": {"text": "drink" if entry.kind is Kind.DRINK else "food"},
        "subject": _ref("Patient", patient),
        **occurrence,
        "consumedItem": [item],
        **_notes(entry),
    }


def _condition(name: str, patient: str, since: date | None, coded: bool) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "active"}]},
        "code": {"coding": [MIGRAINE], "text": name} if coded else {"text": name},
        "subject": _ref("Patient", patient),
    }  # fmt: skip
    if since is not None:
        resource["onsetDateTime"] = since.isoformat()
    return resource


def diary_bundle(
    entries: Iterable[Entry],
    conditions: Iterable[Condition],
    *,
    diary_id: uuid.UUID,
    generated: datetime,
    patient_name: str | None = None,
    birth_date: date | None = None,
    foods: Mapping[uuid.UUID, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The FHIR R5 Bundle (as JSON-ready dicts) for these entries; resource ids are stable
    (derived from the entry ids), so exporting twice gives the same document."""
    patient_id = str(uuid.uuid5(NAMESPACE, f"patient:{diary_id}"))
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if patient_name:
        patient["name"] = [{"text": patient_name}]
    if birth_date:
        patient["birthDate"] = birth_date.isoformat()
    resources: list[tuple[str, dict[str, Any]]] = [(patient_id, patient)]
    listed = list(entries)
    known = {c.name.strip().lower(): c for c in conditions}
    if any(e.kind is Kind.ATTACK for e in listed) or "migraine" in known:
        since = known["migraine"].since if "migraine" in known else None
        resources.append((str(uuid.uuid5(NAMESPACE, f"condition:{diary_id}:migraine")),
                          _condition("migraine", patient_id, since, coded=True)))  # fmt: skip
    for key, c in sorted(known.items()):
        if key != "migraine":
            resources.append((str(uuid.uuid5(NAMESPACE, f"condition:{diary_id}:{key}")),
                              _condition(c.name, patient_id, c.since, coded=False)))  # fmt: skip
    for entry in listed:
        if entry.kind is Kind.ATTACK:
            resource = _attack(entry, patient_id)
        elif entry.kind is Kind.MEDICATION:
            resource = _medication(entry, patient_id)
        elif entry.kind in (Kind.FOOD, Kind.DRINK):
            resource = _intake(entry, patient_id, (foods or {}).get(entry.id))
        elif entry.kind in (Kind.SLEEP, Kind.MENSTRUATION, Kind.SYMPTOM):
            resource = _observation(entry, patient_id)
        else:
            continue
        resources.append((str(entry.id), resource))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, f"bundle:{diary_id}")),
        "meta": {"tag": [{"code": "gutbrain", "display": f"gutbrain {__version__}"}]},
        "type": "collection",
        "timestamp": generated.isoformat(timespec="seconds"),
        "entry": [
            {"fullUrl": f"urn:uuid:{ident}", "resource": {**resource, "id": ident}}
            for ident, resource in resources
        ],
    }
