"""Heavy results (the trigger report, the doctor report) computed once per diary state by a
background worker, and served from the store.

A write asks for a recomputation (``want``: one row per diary in ``refresh_requests``); the
worker process (``run_worker``, started by ``gutbrain serve --multi-user``) takes requests
once a burst of writes has settled, computes each result for the diary's current fingerprint
and stores it. Pages read the stored result (``stored``): current, or computed for an earlier
state and shown as "being updated", or not there yet. Requests and results live in the
database, so every server process shares them and a result is computed once per state.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from gutbrain.domain.errors import GutbrainError
from gutbrain.services import diary as svc
from gutbrain.services.accounts import now_utc
from gutbrain.services.trigger_results import TriggerView, result_key, trigger_json
from gutbrain.settings import Settings
from gutbrain.store import Store, open_store
from gutbrain.store.refresh_queue import (
    claim_refresh,
    latest_result,
    pending_refreshes,
    request_refresh,
)
from gutbrain.store.results import put_result

#: A burst of writes settles this long before the worker recomputes.
SETTLE = timedelta(seconds=2)
REPORT_KEY = "report-body:a4"
PROBLEM_PREFIX = "problem:"
BEING_COMPUTED = (
    "Being computed: the background worker is analysing this diary; this page fills in "
    "within a few minutes."
)


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored result: its payload (None: never computed) and whether it is for the diary
    as it is now (False: being updated)."""

    payload: str | None
    current: bool


def _report_stamp(ctx: svc.Context) -> str:
    """The trigger stamp (diary state, engine, food knowledge) and the day (the report's
    default period ends today)."""
    return f"{result_key(ctx)[1]}:{ctx.now().date()}"


def stored(ctx: svc.Context, key: str, stamp: str) -> Stored:
    found = latest_result(ctx.store, ctx.diary_id, key)
    if found is None:
        return Stored(None, False)
    return Stored(found[1], found[0] == stamp)


def stored_triggers(ctx: svc.Context) -> Stored:
    return stored(ctx, *result_key(ctx))


def stored_report(ctx: svc.Context) -> Stored:
    return stored(ctx, REPORT_KEY, _report_stamp(ctx))


def want(ctx: svc.Context) -> None:
    """Ask the worker to bring this diary's heavy results up to date."""
    request_refresh(ctx.store, ctx.diary_id, now_utc())


def pending(store: Store) -> int:
    return pending_refreshes(store)


def trigger_view(payload: str, current: bool) -> TriggerView:
    return TriggerView.from_json(json.loads(payload), current)


def _report_body(ctx: svc.Context) -> str:
    from gutbrain.services import report as report_svc

    today: date = ctx.now().date()
    data = report_svc.report_data(ctx, today=today)
    return report_svc.report_html(data, paper="a4", standalone=False)


def refresh(ctx: svc.Context) -> None:
    """Compute and store every heavy result of this diary that is not current (a diary that
    cannot be analysed yet stores the reason, which the page shows)."""
    try:
        trigger_json(ctx)  # stores itself under its key and stamp
    except GutbrainError as exc:
        key, stamp = result_key(ctx)
        put_result(ctx.store, ctx.diary_id, key, stamp, _problem_payload(str(exc)))
    stamp = _report_stamp(ctx)
    if not stored(ctx, REPORT_KEY, stamp).current:
        try:
            body = _report_body(ctx)
        except GutbrainError as exc:
            body = PROBLEM_PREFIX + str(exc)
        put_result(ctx.store, ctx.diary_id, REPORT_KEY, stamp, body)


def enqueue_stale(store: Store, settings: Settings) -> int:
    """Ask for every diary whose stored trigger result is missing or out of date (at start:
    results computed by an older engine, or writes made while no worker ran)."""
    count = 0
    for diary in store.list_diaries():
        ctx = svc.Context(settings=settings, store=store, diary=diary)
        if not stored_triggers(ctx).current:
            want(ctx)
            count += 1
    return count


def run_worker(
    settings: Settings, *, stop: Callable[[], bool], idle: float = 0.5,
    settle: timedelta = SETTLE,
) -> None:  # fmt: skip
    """Take refresh requests until ``stop()``; a diary that cannot be analysed yet (too
    short) is left for its page to explain."""
    store = open_store(settings.db_url)
    try:
        enqueue_stale(store, settings)
        while not stop():
            diary_id = claim_refresh(store, now_utc() - settle)
            if diary_id is None:
                time.sleep(idle)
                continue
            try:
                ctx = svc.Context(settings=settings, store=store, diary=store.get_diary(diary_id))
                refresh(ctx)
            except GutbrainError:
                continue
    finally:
        store.close()


def worker_main(db_url: str, timezone: str) -> None:
    """The background worker process of ``gutbrain serve --multi-user``: runs at a lower
    priority than the web processes and ends when its parent does."""
    import os

    os.nice(10)
    parent = os.getppid()
    run_worker(Settings(db_url=db_url, timezone=timezone), stop=lambda: os.getppid() != parent)


def _problem_payload(message: str) -> str:
    return json.dumps({"problem": message})


def stored_trigger_view(ctx: svc.Context) -> tuple[TriggerView | None, str | None, bool]:
    """(the view, or None with the reason; whether it is being updated) — asks the worker
    for a refresh when the stored result is not current."""
    found = stored_triggers(ctx)
    if not found.current:
        want(ctx)
    if found.payload is None:
        return None, BEING_COMPUTED, True
    data = json.loads(found.payload)
    if "problem" in data:
        return None, str(data["problem"]), not found.current
    return trigger_view(found.payload, found.current), None, not found.current


def stored_report_body(ctx: svc.Context) -> tuple[str | None, str | None, bool]:
    """(the report's HTML body, or None with the reason; whether it is being updated)."""
    found = stored_report(ctx)
    if not found.current:
        want(ctx)
    if found.payload is None:
        return None, BEING_COMPUTED, True
    if found.payload.startswith(PROBLEM_PREFIX):
        return None, found.payload.removeprefix(PROBLEM_PREFIX), not found.current
    return found.payload, None, not found.current
