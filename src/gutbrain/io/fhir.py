"""The diary as an HL7 FHIR R5 Bundle a clinic system can take in (``gutbrain export fhir``).

A ``collection`` Bundle of: a ``Patient`` (only what the person chose to add; present because
R5 requires a subject), a ``Condition`` for migraine and each recorded condition, and one
resource per entry — every kind: attacks, symptoms, stools, sleep, stress, exercise, periods,
weather readings, factors and notes as ``Observation``; medication and supplements as
``MedicationStatement`` (with an effect ``Observation`` when the effect was logged); food and
drink as ``NutritionIntake``.  Codes, categories and units come from ``io.fhir_codes`` and
``domain.drug_codes``, each with its source; what has no verified code goes out as text.
The profile list is in docs/fhir.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from gutbrain import __version__
from gutbrain.domain.drug_codes import ATC_SYSTEM, atc_for
from gutbrain.domain.entries import (
    ACUTE_TAG,
    AURA_TAG,
    NO_AURA_TAG,
    Condition,
    Entry,
    Kind,
)
from gutbrain.io import fhir_codes as codes
from gutbrain.io.timefmt import format_instant

NAMESPACE = uuid.UUID("1f4c0e2a-3b6d-4e8f-9a1b-2c3d4e5f6a7b")
FDC_SYSTEM = codes.FDC_SYSTEM
#: An acute dose counts as taken for an attack that started up to this long before.
ATTACK_WINDOW = timedelta(hours=72)
ROLES = ("acute", "preventive", "antibiotic", "probiotic")

Resource = dict[str, Any]


def _ref(kind: str, ident: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{ident}", "type": kind}


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _when(entry: Entry, end: bool = False) -> str:
    """FHIR dateTime: a date alone for date-only entries, else seconds with the offset."""
    moment = entry.end if end else entry.start
    has_time = entry.end_has_time if end else entry.start_has_time
    assert moment is not None
    if not has_time:
        return format_instant(moment, entry.tz, False)
    return moment.astimezone(entry.zone).isoformat(timespec="seconds")


def _effective(entry: Entry, prefix: str = "effective") -> Resource:
    if entry.end is None:
        return {f"{prefix}DateTime": _when(entry)}
    return {f"{prefix}Period": {"start": _when(entry), "end": _when(entry, end=True)}}


def _notes(entry: Entry) -> Resource:
    return {"note": [{"text": entry.notes}]} if entry.notes.strip() else {}


def _concept(text: str, coding: codes.Coding | None = None) -> Resource:
    return {"coding": [coding], "text": text} if coding else {"text": text}


def _observation(
    entry: Entry,
    patient: str,
    code: Resource,
    category: str | None,
    value: Resource,
    components: list[Resource] | None = None,
) -> Resource:
    resource: Resource = {
        "resourceType": "Observation",
        "status": "final",
        **({"category": codes.category(category)} if category else {}),
        "code": code,
        "subject": _ref("Patient", patient),
        **_effective(entry),
        **value,
        **_notes(entry),
    }
    if components:
        resource["component"] = components
    return resource


def _other_headache(name: str) -> codes.Coding | None:
    """Tension-type or cluster headache by name (an attack, or a symptom as Migraine Buddy
    imports them)."""
    if "tension" in name:
        return codes.TENSION_TYPE
    if "cluster" in name:
        return codes.CLUSTER
    return None


def _attack_code(entry: Entry) -> Resource:
    """Migraine with or without aura when the entry says so, tension-type or cluster headache
    by name, a plain headache when named so; migraine otherwise."""
    name = entry.name.lower()
    if coding := _other_headache(name):
        return _concept(entry.name, coding)
    if "headache" in name and "migraine" not in name:
        coding = codes.HEADACHE
    elif entry.aura:
        coding = codes.MIGRAINE_WITH_AURA
    elif NO_AURA_TAG in entry.tags:
        coding = codes.MIGRAINE_WITHOUT_AURA
    else:
        coding = codes.MIGRAINE
    return _concept(entry.name, coding)


def _attack(entry: Entry, patient: str) -> Resource:
    parts: list[Resource] = []
    if entry.intensity is not None:
        parts.append(
            {"code": _concept("pain", codes.PAIN_SEVERITY), "valueInteger": entry.intensity}
        )
    if entry.aura or NO_AURA_TAG in entry.tags:
        aura_type = entry.details.get("aura_type")
        value = {"valueString": f"{aura_type} aura"} if aura_type and entry.aura else {}
        parts.append({"code": {"text": "aura"}, **(value or {"valueBoolean": entry.aura})})
    for tag in entry.tags:
        if tag not in (AURA_TAG, NO_AURA_TAG):
            parts.append({"code": _concept(tag, codes.symptom_code(tag)), "valueBoolean": True})
    for key in ("location", "side", "disability"):
        if entry.details.get(key):
            parts.append({"code": {"text": key}, "valueString": str(entry.details[key])})
    resource = _observation(entry, patient, _attack_code(entry), "social-history", {}, parts)
    resource["status"] = "final" if entry.end is not None else "preliminary"
    return resource


def _symptom(entry: Entry, patient: str) -> Resource:
    """A gut or other symptom (severity 0–10) or a stool (Bristol type: no verified code)."""
    if entry.is_stool:
        value = {} if entry.amount is None else {"valueInteger": int(entry.amount)}
        return _observation(entry, patient, {"text": "Bristol stool form scale"},
                            "social-history", value)  # fmt: skip
    name = entry.name.strip().lower()
    value = {} if entry.intensity is None else {"valueInteger": entry.intensity}
    code = _concept(entry.name, codes.symptom_code(name) or _other_headache(name))
    return _observation(entry, patient, code, "social-history", value)


def _sleep(entry: Entry, patient: str) -> Resource:
    hours = entry.amount if entry.unit == "h" else None
    if hours is None and entry.duration is not None:
        hours = round(entry.duration.total_seconds() / 3600, 2)
    value = {} if hours is None else {"valueQuantity": codes.quantity(hours, "h")}
    parts = []
    if entry.intensity is not None:
        parts.append({"code": {"text": "sleep quality 0–10"}, "valueInteger": entry.intensity})
    code = _concept(entry.name or "sleep", codes.SLEEP_DURATION)
    return _observation(entry, patient, code, "social-history", value, parts)


def _exercise(entry: Entry, patient: str) -> Resource:
    minutes: float | None = None
    if entry.duration is not None:
        minutes = round(entry.duration.total_seconds() / 60, 1)
    elif entry.details.get("minutes") is not None:
        minutes = float(entry.details["minutes"])
    elif entry.amount is not None and codes.ucum_code(entry.unit) in ("min", "h"):
        minutes = entry.amount * (60 if codes.ucum_code(entry.unit) == "h" else 1)
    value = {} if minutes is None else {"valueQuantity": codes.quantity(minutes, "min")}
    parts = []
    if entry.intensity is not None:
        parts.append({"code": {"text": "effort 0–10"}, "valueInteger": entry.intensity})
    code = _concept(entry.name, codes.EXERCISE_DURATION)
    return _observation(entry, patient, code, "activity", value, parts)


def _simple(entry: Entry, patient: str) -> Resource:
    """Stress, a period, a weather reading, a custom factor or a note."""
    value: Resource
    if entry.kind is Kind.STRESS:
        value = {} if entry.intensity is None else {"valueInteger": entry.intensity}
        return _observation(entry, patient, _concept(entry.name, codes.STRESS),
                            "social-history", value)  # fmt: skip
    if entry.kind is Kind.MENSTRUATION:
        flow = entry.details.get("flow")
        value = {"valueCodeableConcept": {"text": str(flow)}} if flow else {"valueBoolean": True}
        return _observation(entry, patient, _concept("menstruation", codes.MENSTRUAL_FLOW),
                            "social-history", value)  # fmt: skip
    if entry.kind is Kind.WEATHER:
        value = {} if entry.amount is None else {
            "valueQuantity": codes.quantity(entry.amount, entry.unit)}  # fmt: skip
        resource = _observation(entry, patient, {"text": f"weather: {entry.name}"}, None, value)
        resource["category"] = [{"text": "environment"}]
        return resource
    if entry.kind is Kind.NOTE:
        return _observation(entry, patient, {"text": "diary note"}, None,
                            {"valueString": entry.name})  # fmt: skip
    value = {"valueBoolean": True}
    if entry.amount is not None:
        value = {"valueQuantity": codes.quantity(entry.amount, entry.unit)}
    return _observation(entry, patient, {"text": entry.name}, "social-history", value)


def _medication(entry: Entry, patient: str, attack: str | None) -> list[tuple[str, Resource]]:
    """A MedicationStatement (ATC code when known), and the effect the person logged as an
    Observation it points to."""
    atc = atc_for(entry.name) if entry.kind is Kind.MEDICATION else None
    drug = _concept(entry.name, codes.coding(ATC_SYSTEM, *atc) if atc else None)
    statement: Resource = {
        "resourceType": "MedicationStatement",
        "status": "recorded",
        "medication": {"concept": drug},
        "subject": _ref("Patient", patient),
        **_effective(entry),
        **_notes(entry),
    }
    roles = [t for t in entry.tags if t in ROLES]
    if entry.kind is Kind.SUPPLEMENT:
        roles.insert(0, "supplement")
    if roles:
        statement["category"] = [{"text": role} for role in roles]
    if entry.amount is not None:
        text = f"{entry.amount:g} {entry.unit or ''}".strip()
        dose = codes.quantity(entry.amount, entry.unit)
        statement["dosage"] = [{"text": text, "doseAndRate": [{"doseQuantity": dose}]}]
    if entry.details.get("strain"):
        statement.setdefault("note", []).append({"text": f"strain: {entry.details['strain']}"})
    if attack is not None:
        statement["reason"] = [{"reference": _ref("Observation", attack)}]
    out = [(str(entry.id), statement)]
    effect = _effect(entry, patient)
    if effect is not None:
        ident = _id("effect", entry.id)
        statement["relatedClinicalInformation"] = [_ref("Observation", ident)]
        out.append((ident, effect))
    return out


def _effect(entry: Entry, patient: str) -> Resource | None:
    d = entry.details
    if not any(d.get(k) is not None for k in ("effect", "pain_free_2h", "relief_minutes")):
        return None
    parts: list[Resource] = []
    if d.get("pain_free_2h") is not None:
        parts.append({"code": {"text": "pain-free 2 h after the dose"},
                      "valueBoolean": str(d["pain_free_2h"]).lower() in ("true", "1", "yes")})  # fmt: skip
    if d.get("relief_minutes") is not None:
        parts.append({"code": {"text": "time to relief"},
                      "valueQuantity": codes.quantity(float(d["relief_minutes"]), "min")})  # fmt: skip
    value = {"valueCodeableConcept": {"text": str(d["effect"])}} if d.get("effect") else {}
    resource = _observation(entry, patient, {"text": "medication effect"}, "therapy", value, parts)
    resource["focus"] = [_ref("MedicationStatement", str(entry.id))]
    resource.pop("note", None)
    return resource


def _intake(entry: Entry, patient: str, food: Mapping[str, Any] | None) -> Resource:
    concept: Resource = {"text": entry.name}
    if food and food.get("fdc_id"):
        display = str(food.get("fdc_description") or food.get("food") or entry.name)
        concept["coding"] = [codes.coding(FDC_SYSTEM, str(food["fdc_id"]), display)]
    item: Resource = {
        "type": {"text": "fluid" if entry.kind is Kind.DRINK else "food"},
        "nutritionProduct": {"concept": concept},
    }
    if entry.amount is not None:
        item["amount"] = codes.quantity(entry.amount, entry.unit)
    return {
        "resourceType": "NutritionIntake",
        "status": "completed",
        "code": {"text": "drink" if entry.kind is Kind.DRINK else "food"},
        "subject": _ref("Patient", patient),
        **_effective(entry, "occurrence"),
        "consumedItem": [item],
        **_notes(entry),
    }


def _condition(name: str, patient: str, since: date | None) -> Resource:
    resource: Resource = {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "active"}]},
        "code": _concept(name, codes.CONDITION_CODES.get(name.strip().lower())),
        "subject": _ref("Patient", patient),
    }  # fmt: skip
    if since is not None:
        resource["onsetDateTime"] = since.isoformat()
    return resource


def _attack_for(entry: Entry, attacks: list[Entry]) -> str | None:
    """The attack an acute dose was taken for: the latest one started before the dose and
    not over (or started at most ``ATTACK_WINDOW`` before it when it has no end)."""
    if ACUTE_TAG not in entry.tags:
        return None
    for attack in reversed(attacks):
        until = attack.end or attack.start + ATTACK_WINDOW
        if attack.start <= entry.start <= until:
            return str(attack.id)
    return None


def _resources(
    entry: Entry, patient: str, attacks: list[Entry], food: Mapping[str, Any] | None
) -> list[tuple[str, Resource]]:
    if entry.kind in (Kind.MEDICATION, Kind.SUPPLEMENT):
        return _medication(entry, patient, _attack_for(entry, attacks))
    if entry.kind in (Kind.FOOD, Kind.DRINK):
        return [(str(entry.id), _intake(entry, patient, food))]
    build = {Kind.ATTACK: _attack, Kind.SYMPTOM: _symptom, Kind.SLEEP: _sleep,
             Kind.EXERCISE: _exercise}.get(entry.kind, _simple)  # fmt: skip
    return [(str(entry.id), build(entry, patient))]


def diary_bundle(
    entries: Iterable[Entry],
    conditions: Iterable[Condition],
    *,
    diary_id: uuid.UUID,
    generated: datetime,
    patient_name: str | None = None,
    birth_date: date | None = None,
    foods: Mapping[uuid.UUID, Mapping[str, Any]] | None = None,
) -> Resource:
    """The FHIR R5 Bundle (as JSON-ready dicts) for these entries; resource ids are stable
    (derived from the entry ids), so exporting twice gives the same document."""
    patient_id = _id("patient", diary_id)
    patient: Resource = {"resourceType": "Patient"}
    if patient_name:
        patient["name"] = [{"text": patient_name}]
    if birth_date:
        patient["birthDate"] = birth_date.isoformat()
    resources: list[tuple[str, Resource]] = [(patient_id, patient)]
    listed = list(entries)
    attacks = sorted((e for e in listed if e.kind is Kind.ATTACK), key=lambda e: e.start)
    known = {c.name.strip().lower(): c for c in conditions}
    if attacks and "migraine" not in known and not set(known) & set(codes.CONDITION_CODES):
        resources.append((_id("condition", diary_id, "migraine"),
                          _condition("migraine", patient_id, None)))  # fmt: skip
    for key, c in sorted(known.items()):
        resources.append((_id("condition", diary_id, key), _condition(c.name, patient_id, c.since)))
    for entry in listed:
        resources += _resources(entry, patient_id, attacks, (foods or {}).get(entry.id))
    return {
        "resourceType": "Bundle",
        "id": _id("bundle", diary_id),
        "meta": {"tag": [{"code": "gutbrain", "display": f"gutbrain {__version__}"}]},
        "type": "collection",
        "timestamp": generated.isoformat(timespec="seconds"),
        "entry": [
            {"fullUrl": f"urn:uuid:{ident}", "resource": {**resource, "id": ident}}
            for ident, resource in resources
        ],
    }
