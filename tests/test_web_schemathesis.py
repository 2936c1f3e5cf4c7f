"""Property-based API fuzzing from the OpenAPI schema: no input may cause a server error,
and every answer must match the schema it declares."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from gutbrain.settings import Settings
from gutbrain.web.app import create_app


def _schema() -> schemathesis.BaseSchema:
    """The app on a throw-away diary (built at collection: schemathesis parametrizes from it;
    ``create_app`` is lazy, so this opens nothing until the first request)."""
    path = Path(tempfile.mkdtemp(prefix="gutbrain-schemathesis-")) / "diary.sqlite"
    app = create_app(Settings.from_env(db=path, timezone="Europe/Berlin"))
    # The analyses (trigger report, doctor report) read the whole diary the fuzzer has filled
    # with dates from 1970 to 9999: each call would re-run the engine over millennia of
    # days. They take no body; tests/test_web_triggers.py covers them on the demo diary.
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).exclude(
        path_regex=r"^/api/v1/(triggers|report)"
    )


schema = _schema()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_has_no_server_errors(case: schemathesis.Case) -> None:
    # Semantic checks beyond the schema (a real date, a known time zone) answer 422 with a
    # message by design, so the "schema-valid request rejected" check does not apply.
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
