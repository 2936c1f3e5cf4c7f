"""Page rendering shared by every HTML router: layout data, flash messages, attack mode."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from gutbrain.domain.text import count, pvalue, ratio_of, ratio_word
from gutbrain.services import diary
from gutbrain.services.diary import Context

TEMPLATES = Path(__file__).parent / "templates"
NAV = (
    ("/", "Today"),
    ("/calendar", "Calendar"),
    ("/triggers", "Triggers"),
    ("/experiments", "Experiments"),
    ("/gut", "Gut"),
    ("/report", "Report"),
    ("/diary", "Diary"),
    ("/settings", "Settings"),
)
FLASH_COOKIE = "gb_flash"
THEME_COOKIE = "gb_theme"
#: Set when an attack is ended: the dark theme stays for the postdrome (light sensitivity
#: outlasts the pain), unless the person chose the normal theme.
AFTER_ATTACK_COOKIE = "gb_after_attack"
AFTER_ATTACK_SECONDS = 3 * 3600


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["nav"] = NAV
    templates.env.globals["timedelta"] = timedelta
    templates.env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.0f} %"
    templates.env.filters["num"] = _num
    templates.env.filters["flag"] = _flag
    templates.env.filters["count"] = count
    templates.env.filters["pval"] = pvalue
    templates.env.filters["ratio_ci"] = ratio_of
    templates.env.filters["ratio_word"] = ratio_word
    return templates


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def _flag(flag: str) -> str:
    """``same_days_as:red wine`` → ``same days as red wine`` (the engine's flags in words)."""
    return flag.replace("_", " ").replace(":", " ")


def attack_ongoing(ctx: Context) -> bool:
    """True while an attack has been started and not ended (switches on the dark theme)."""
    return diary.open_attack(ctx) is not None


def page(
    request: Request,
    ctx: Context | None,
    template: str,
    *,
    title: str,
    active: str,
    json_url: str | None = None,
    status_code: int = 200,
    **data: Any,
) -> HTMLResponse:
    """Render a full page with the layout's data; consumes a pending flash message.
    ``ctx`` is None on server-mode pages that show no diary (login, account, admin)."""
    theme = request.cookies.get(THEME_COOKIE)
    attack_mode = theme == "attack" or (
        theme != "normal"
        and (AFTER_ATTACK_COOKIE in request.cookies or (ctx is not None and attack_ongoing(ctx)))
    )
    flashes = list(data.pop("flashes", []))
    raw = request.cookies.get(FLASH_COOKIE)
    if raw:
        kind, _, text = unquote(raw).partition(":")
        flashes.append((kind, text))
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        template,
        {
            "title": title,
            "active": active,
            "json_url": json_url,
            "attack_mode": attack_mode,
            "flashes": flashes,
            **data,
        },
        status_code=status_code,
    )
    if raw:
        response.delete_cookie(FLASH_COOKIE)
    return response


def partial(request: Request, template: str, status_code: int = 200, **data: Any) -> HTMLResponse:
    """Render a fragment for an htmx swap."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, data, status_code=status_code)


def redirect(url: str, flash: str | None = None, kind: str = "ok") -> RedirectResponse:
    """Post/redirect/get with an optional one-shot message."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        # read by the server only: HttpOnly (and never a secret: a new link is shown in place)
        response.set_cookie(
            FLASH_COOKIE, quote(f"{kind}:{flash}"), max_age=60, samesite="lax", httponly=True
        )
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def same_site_referer(request: Request) -> str | None:
    """The path of the page the form was on, when it is one of ours."""
    referer = request.headers.get("referer")
    if not referer:
        return None
    url = urlsplit(referer)
    if url.netloc and url.netloc != request.url.netloc:
        return None
    return (url.path or "/") + (f"?{url.query}" if url.query else "")
