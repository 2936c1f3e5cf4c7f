"""Property-based fuzzing of the multi-user API with a signed-in person's session: no input
may cause a server error, every answer matches its schema. On a real PostgreSQL when
GUTBRAIN_TEST_DATABASE_URL is set (it refuses NUL bytes SQLite takes), else on SQLite."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import text

from gutbrain.services import accounts
from gutbrain.settings import Settings
from gutbrain.store import open_store
from gutbrain.store.engine import make_engine
from gutbrain.web.app import create_app
from gutbrain.web.multiuser import SESSION_COOKIE, ServerOptions, csrf_token, sign

SECRET = "f" * 48
PG = os.environ.get("GUTBRAIN_TEST_DATABASE_URL")
DB_NAME = f"gutbrain_fuzz_{uuid.uuid4().hex[:10]}"


def _database() -> str:
    if not PG:
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='gutbrain-fuzz-')) / 'server.sqlite'}"
    admin = make_engine(PG).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return PG.rsplit("/", 1)[0] + "/" + DB_NAME


def _schema() -> tuple[schemathesis.BaseSchema, dict[str, str]]:
    """The server app with one signed-in person (built at collection: schemathesis
    parametrizes from the schema, which only a signed-in client may read)."""
    url = _database()
    store = open_store(url)
    user = accounts.add_user(store, "fuzz@example.org", "correct horse battery")
    token = accounts.start_session(store, user)
    session = accounts.resume_session(store, token)
    assert session is not None
    store.close()
    headers = {
        "Cookie": f"{SESSION_COOKIE}={sign(SECRET, token)}",
        "X-CSRF-Token": csrf_token(SECRET, session),
    }
    app = create_app(Settings(db_url=url, timezone="Europe/Berlin"), server=ServerOptions(SECRET))
    # As in test_web_schemathesis.py: the whole-diary analyses have their own tests.
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, headers=headers)
    return schema.exclude(path_regex=r"^/api/v1/(triggers|report)"), headers


schema, HEADERS = _schema()


@pytest.fixture(scope="module", autouse=True)
def _drop_database() -> Iterator[None]:
    yield
    if PG:
        admin = make_engine(PG).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        admin.dispose()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_signed_in_api_has_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call_and_validate(
        headers=HEADERS,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
    assert response.status_code not in (401, 403), "the session must stay valid while fuzzing"
