"""Shared fixtures: a fresh diary in a real SQLite file, the seeded demo diary, golden files."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from gutbrain.demo import DemoDiary, generate_diary
from gutbrain.domain.entries import Entry
from gutbrain.services import diary as svc
from gutbrain.settings import Settings
from gutbrain.store.engine import make_engine

settings.register_profile(
    "ci", max_examples=40, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip
settings.load_profile("ci")

DEMO_TZ = "Europe/Berlin"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="rewrite golden files under tests/golden/ instead of comparing against them",
    )


class Clock:
    """Every diary's clock (``Context.now``) at noon on ``day`` (today unless moved): for
    things that must happen in order over days, like an experiment planned before it starts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.day = date.today()
        monkeypatch.setattr(svc.Context, "now", lambda ctx: self.noon(ctx.tz))

    def noon(self, tz: str = DEMO_TZ) -> datetime:
        return datetime.combine(self.day, time(12), ZoneInfo(tz))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def snapshot_update(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--snapshot-update"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "diary.sqlite"


@pytest.fixture
def ctx(db_path: Path) -> Iterator[svc.Context]:
    """A fresh, empty diary in a temporary SQLite file (time zone Europe/Berlin)."""
    context = svc.open_context(Settings.from_env(db=db_path, timezone=DEMO_TZ))
    yield context
    context.close()


@pytest.fixture(scope="session")
def demo_diary() -> DemoDiary:
    """The seeded 365-day demo diary (same generator as ``gutbrain demo``)."""
    return generate_diary(seed=7, days=365)


@pytest.fixture(scope="session")
def demo_entries(demo_diary: DemoDiary) -> list[Entry]:
    return demo_diary.entries


@pytest.fixture(scope="session")
def demo_ctx(
    tmp_path_factory: pytest.TempPathFactory, demo_diary: DemoDiary
) -> Iterator[svc.Context]:
    """A context on a SQLite file holding the demo diary. Treat as read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    context = svc.open_context(Settings.from_env(db=path, timezone=DEMO_TZ))
    from gutbrain.services.demo import load_demo

    context = load_demo(context, demo_diary)
    yield context
    context.close()


@pytest.fixture
def pg_url() -> str:
    """URL of a real PostgreSQL for server-mode tests (CI starts one); skip without it."""
    url = os.environ.get("GUTBRAIN_TEST_DATABASE_URL")
    if not url:
        pytest.skip("GUTBRAIN_TEST_DATABASE_URL is not set (CI provides a PostgreSQL)")
    return url


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """A fresh database per test so migrations run from scratch."""
    name = f"gutbrain_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# -- multi-user server mode (helpers in server_fixtures.py) ----------------------------------
@pytest.fixture(scope="session")
def server_seed_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from server_fixtures import seed_database

    return seed_database(f"sqlite:///{tmp_path_factory.mktemp('seed') / 'server.sqlite'}")


@pytest.fixture(scope="session")
def server_seed_pg() -> Iterator[Any]:
    from server_fixtures import seed_database

    url = os.environ.get("GUTBRAIN_TEST_DATABASE_URL")
    if not url:
        pytest.skip("GUTBRAIN_TEST_DATABASE_URL is not set (CI provides a PostgreSQL)")
    name = f"gutbrain_seed_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield seed_database(url.rsplit("/", 1)[0] + "/" + name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A multi-user app with five accounts (see server_fixtures.py), on a fresh copy of the
    seeded database: SQLite, and a real PostgreSQL when GUTBRAIN_TEST_DATABASE_URL is set."""
    from server_fixtures import open_server

    if request.param == "sqlite":
        seed = request.getfixturevalue("server_seed_sqlite")
        target = tmp_path / "server.sqlite"
        shutil.copyfile(seed.url.removeprefix("sqlite:///"), target)
        yield from open_server(seed, f"sqlite:///{target}")
        return
    seed = request.getfixturevalue("server_seed_pg")
    base, _, template = seed.url.rpartition("/")
    name = f"gutbrain_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(seed.url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    yield from open_server(seed, f"{base}/{name}")
    admin = make_engine(seed.url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
