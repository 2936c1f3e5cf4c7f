"""``GET /healthz``: 200 when the database answers, 503 when not — in local and server mode.

It lives apart from the sign-in pages (it has nothing to do with signing in) and asks a
service, so the web package never speaks SQL."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from gutbrain.services.health import database_answers
from gutbrain.web.jsonlog import log_event

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
def health(request: Request) -> JSONResponse:
    failure = database_answers(request.app.state.holder.store)
    if failure is not None:
        log_event("health.failed", error=failure)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
