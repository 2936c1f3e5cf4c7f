"""What an item was understood as, why, and "not what you meant?": a correction is kept as
this diary's own name, applied to every logged entry with the same text, and can be undone."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.errors import GutbrainError
from gutbrain.services import foods
from gutbrain.web.deps import Ctx, Holder
from gutbrain.web.render import page, redirect

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(min_length=1, max_length=200)]


def _url(phrase: str, **extra: str) -> str:
    return "/foods/understood?" + urlencode({"text": phrase, **extra})


@router.get("/foods/understood", response_class=HTMLResponse)
def understood_page(
    request: Request,
    ctx: Ctx,
    text: Annotated[str, Query(min_length=1, max_length=200)],
    was: Annotated[str | None, Query(max_length=4000)] = None,
) -> HTMLResponse:
    view = foods.understood(ctx, text)
    return page(
        request, ctx, "food.html", title=f"Understood: {view.phrase}", active="/",
        v=view, grades=foods.GRADES, names=foods.everyday_names(ctx), was=was,
    )  # fmt: skip


@router.post("/foods/correct")
def correct(ctx: Ctx, holder: Holder, text: Text, as_food: Text) -> Response:
    try:
        view, previous = foods.correct_food(ctx, text, as_food)
    except GutbrainError as exc:
        return redirect(_url(foods.correction_phrase(text)), str(exc), kind="error")
    holder.bump()
    said = (
        f"“{view.phrase}” now means {view.found.food} in your diary; "
        f"{view.entries} logged entr{'y' if view.entries == 1 else 'ies'} re-read."
    )
    return redirect(_url(view.phrase, was=json.dumps(previous)), said)


@router.post("/foods/correct/undo")
def undo(
    ctx: Ctx, holder: Holder, text: Text, was: Annotated[str, Form(max_length=4000)] = "null"
) -> Response:
    try:
        previous: Any = json.loads(was)
    except ValueError:
        previous = None
    view = foods.undo_correction(ctx, text, previous if isinstance(previous, dict) else None)
    holder.bump()
    return redirect(_url(view.phrase), f"Undone: “{view.phrase}” means {view.found.food} again.")
