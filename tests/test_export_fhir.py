"""FHIR R5 export: the Bundle validates with fhir.resources (R5), and CSV → FHIR keeps the
fields a clinic needs (attack period and pain, medication dose, food with its FDC code)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fhir.resources import get_fhir_model_class
from fhir.resources.bundle import Bundle

from gutbrain.cli import main
from gutbrain.services import diary as svc
from gutbrain.services import transfer

DATA = Path(__file__).parent / "data"


@pytest.fixture
def bundle(ctx: svc.Context) -> dict:  # type: ignore[type-arg]
    transfer.import_csv(ctx, (DATA / "spec_examples.csv").read_bytes())
    svc.add_condition(ctx, "IBS")
    return json.loads(transfer.export_fhir(ctx))  # type: ignore[no-any-return]


def resources(bundle: dict, kind: str) -> list[dict]:  # type: ignore[type-arg]
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_and_every_resource_validate_as_r5(bundle: dict) -> None:  # type: ignore[type-arg]
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection" and len(parsed.entry) == len(bundle["entry"])
    kinds = set()
    for item in bundle["entry"]:
        resource = item["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        model.model_validate(resource)  # raises on any R5 violation
        assert item["fullUrl"] == f"urn:uuid:{resource['id']}"
        kinds.add(resource["resourceType"])
    assert kinds == {"Patient", "Condition", "Observation", "MedicationStatement",
                     "NutritionIntake"}  # fmt: skip
    # every reference resolves inside the bundle
    urls = {e["fullUrl"] for e in bundle["entry"]}
    refs = {r["subject"]["reference"] for r in (e["resource"] for e in bundle["entry"])
            if "subject" in r}  # fmt: skip
    assert refs <= urls


def test_csv_to_fhir_keeps_the_fields(bundle: dict) -> None:  # type: ignore[type-arg]
    (patient,) = resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id"}  # nothing identifying unless asked
    conditions = {c["code"]["text"]: c for c in resources(bundle, "Condition")}
    assert conditions["migraine"]["code"]["coding"][0]["code"] == "37796009"
    assert "ibs" in conditions  # conditions are stored normalised
    observations = resources(bundle, "Observation")
    (attack,) = (
        o
        for o in observations
        if o["code"].get("coding")
        == [{"system": "http://snomed.info/sct", "code": "25064002", "display": "Headache"}]
    )
    others = {o["code"]["text"]: o for o in observations if o is not attack}
    night = others["sleep"]
    assert night["effectivePeriod"]["end"] == "2026-03-04T06:10:00+01:00"
    assert night["valueQuantity"]["value"] == 6.67 and night["component"][0]["valueInteger"] == 6
    assert others["bloating"]["valueInteger"] == 5
    assert others["Bristol stool form scale"]["valueInteger"] == 4
    assert others["menstruation"]["effectivePeriod"] == {"start": "2026-03-01",
                                                         "end": "2026-03-05"}  # fmt: skip
    # 2026-03-04T14:00 → 22:30 local (Europe/Berlin, +01:00), pain 7, aura, nausea, photophobia
    assert attack["effectivePeriod"] == {"start": "2026-03-04T14:00:00+01:00",
                                         "end": "2026-03-04T22:30:00+01:00"}  # fmt: skip
    pain = next(c for c in attack["component"] if "valueInteger" in c)
    assert pain["code"]["coding"][0]["code"] == "72514-3" and pain["valueInteger"] == 7
    symptoms = {c["code"]["text"] for c in attack["component"] if c.get("valueBoolean")}
    assert symptoms == {"aura", "nausea", "photophobia"}
    nausea = next(c for c in attack["component"] if c["code"].get("text") == "nausea")
    assert nausea["code"]["coding"][0]["code"] == "422587007"
    meds = {m["medication"]["concept"]["text"]: m for m in resources(bundle, "MedicationStatement")}
    suma = meds["sumatriptan"]
    dose = suma["dosage"][0]["doseAndRate"][0]["doseQuantity"]
    assert dose == {"value": 50.0, "unit": "mg", "system": "http://unitsofmeasure.org",
                    "code": "mg"}  # fmt: skip
    assert suma["category"] == [{"text": "acute"}] and suma["note"] == [{"text": "helped"}]
    intakes = {i["consumedItem"][0]["nutritionProduct"]["concept"]["text"]: i
               for i in resources(bundle, "NutritionIntake")}  # fmt: skip
    wine = intakes["red wine"]
    assert wine["consumedItem"][0]["type"]["text"] == "fluid"
    assert wine["consumedItem"][0]["amount"]["value"] == 150
    assert wine["consumedItem"][0]["nutritionProduct"]["concept"]["coding"][0]["code"]
    assert intakes["pepperoni pizza"]["occurrenceDateTime"] == "2026-03-03T19:30:00+01:00"


def test_cli_export_fhir_with_patient_details(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    CliRunner().invoke(main, ["import", "csv", str(DATA / "spec_examples.csv"), "--db", db])
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(main, ["export", "fhir", "--out", str(out), "--db", db,
                                       "--patient-name", "Ana Example", "--birth-date", "1990-04-02"])  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    (patient,) = resources(doc, "Patient")
    assert patient["name"] == [{"text": "Ana Example"}] and patient["birthDate"] == "1990-04-02"
    Bundle.model_validate(doc)
    again = CliRunner().invoke(main, ["export", "csv", "--patient-name", "x", "--db", db])
    assert again.exit_code == 1 and "go with `export fhir`" in again.output


def test_demo_year_and_phone_imports_validate(ctx: svc.Context, demo_diary) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from gutbrain.services import imports

    svc.add_entries(ctx, [replace(e, diary_id=ctx.diary_id) for e in demo_diary.entries])
    imports.import_apple_health(ctx, DATA / "apple_health" / "export.xml")
    bundle = json.loads(transfer.export_fhir(ctx, patient_name="Demo"))
    Bundle.model_validate(bundle)
    counts: dict[str, int] = {}
    for item in bundle["entry"]:
        resource = item["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        counts[resource["resourceType"]] = counts.get(resource["resourceType"], 0) + 1
    assert counts["Observation"] > 100 and counts["NutritionIntake"] > 1000
