"""JSON routers under ``/api/v1``: one module per feature, all calling ``gutbrain.services``."""

from __future__ import annotations

from fastapi import APIRouter

from gutbrain.web.api import (
    calendar,
    entries,
    experiments,
    foods,
    gut,
    settings,
    today,
    triggers,
    weather,
)

API_ROUTERS: list[APIRouter] = [
    entries.router,
    today.router,
    calendar.router,
    settings.router,
    triggers.router,
    gut.router,
    experiments.router,
    weather.router,
    foods.router,
]
