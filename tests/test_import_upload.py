"""One upload of any supported kind (the web app's import): recognised by its content."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gutbrain.io.problems import ImportRejectedError
from gutbrain.services import diary as svc
from gutbrain.services import imports
from gutbrain.settings import Settings
from gutbrain.web.app import create_app
from imports_helpers import DATA
from test_import_health_connect import export_zip


@pytest.mark.parametrize(
    ("name", "kind"),
    [("spec_examples.csv", "diary"), ("apps/bearable.csv", "bearable"),
     ("apps/migraine_buddy.csv", "migraine-buddy"), ("apps/mysymptoms.csv", "mysymptoms"),
     ("apps/migraine_buddy_columns.csv", "migraine-buddy"),
     ("bad_lines.csv", "diary")],
)  # fmt: skip
def test_csv_formats_are_recognised_by_their_columns(name: str, kind: str) -> None:
    assert imports.detect_csv_format((DATA / name).read_bytes()) == kind


def test_uploads_of_every_kind(ctx: svc.Context, tmp_path: Path) -> None:
    apple = imports.import_upload(ctx, (DATA / "apple_health" / "export.xml").read_bytes())
    assert (apple.source, apple.added) == ("Apple Health", 13)
    android = imports.import_upload(ctx, export_zip(tmp_path).read_bytes(), "hc.zip")
    assert android.source == "Health Connect" and android.rows == 10
    bearable = imports.import_upload(ctx, (DATA / "apps" / "bearable.csv").read_bytes())
    assert (bearable.source, bearable.added) == ("Bearable", 15)
    diary = imports.import_upload(ctx, (DATA / "spec_examples.csv").read_bytes())
    assert (diary.source, diary.added) == ("diary CSV", 16)
    with pytest.raises(ImportRejectedError, match="--map"):
        imports.import_upload(ctx, b"When,What\n2026-03-01,apple\n")
    with pytest.raises(ImportRejectedError, match="line 2: not UTF-8"):
        imports.import_upload(ctx, b"When,What\n2026-03-01,caf\xe9\n")


def test_web_import_takes_app_exports(db_path: Path) -> None:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as api:
        data = (DATA / "apps" / "migraine_buddy.csv").read_bytes()
        response = api.post("/api/v1/import", files={"file": ("mb.csv", data, "text/csv")})
        assert response.json() == {"read": 10, "added": 10, "skipped_records": []}
        response = api.post("/api/v1/import", files={"file": ("x.csv", b"a,b\n1,2\n")})
        assert response.status_code == 422 and "--map" in response.json()["problems"][0]
        page = api.post("/diary/import", files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")})
        assert page.status_code == 422 and "--map" in page.text


def test_web_import_lists_skipped_records(db_path: Path) -> None:
    data = (DATA / "apps" / "bearable.csv").read_bytes().replace(b"9th Dec", b"31st Nov", 1)
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as api:
        response = api.post("/api/v1/import", files={"file": ("b.csv", data, "text/csv")})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["added"] == 14 and body["skipped_records"] == [
            "line 12: '31st Nov 2021' is not a real date (day is out of range for month)"
        ]
        page = api.post("/diary/import", files={"file": ("b.csv", data, "text/csv")})
        assert "1 bad record skipped: line 12" in page.text


def test_a_csv_with_date_and_type_columns_is_not_taken_for_mysymptoms() -> None:
    assert imports.detect_csv_format(b"Date,Type,What\n2026-03-01,Meal,pasta\n") is None
    assert imports.detect_csv_format(b"12/26/2017, 10:00, Drink, Tea\n") == "mysymptoms"
