"""Server-mode pages: a person's account (shares with clinicians, report links, who read the
diary, password), a clinician's list of shared diaries, the admin's user list and the
read-only report behind a share link. Every decision is made in ``services.access``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.accounts import AuthenticationError, Role
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import access, accounts, signin
from gutbrain.services import report as report_svc
from gutbrain.services.accounts import LoginSession
from gutbrain.services.diary import Store
from gutbrain.services.reads import DiaryReads
from gutbrain.web.jsonlog import log_event
from gutbrain.web.multiuser import DiaryHolders, current_login, set_session_cookie
from gutbrain.web.pages.login import client_address
from gutbrain.web.pages.login import router as login_router
from gutbrain.web.render import page, redirect

router = APIRouter(include_in_schema=False)
router.include_router(login_router)


def require_login(request: Request) -> LoginSession:
    login = current_login(request)
    if login is None:
        raise AuthenticationError("sign in first")
    return login


def get_store(request: Request) -> Store:
    holders: DiaryHolders = request.app.state.holder
    return holders.store


Login = Annotated[LoginSession, Depends(require_login)]
Db = Annotated[Store, Depends(get_store)]
Text = Annotated[str, Form(max_length=254)]


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, login: Login, store: Db) -> HTMLResponse:
    return _account(request, login, store)


def _account(
    request: Request, login: LoginSession, store: Store, flashes: Sequence[tuple[str, str]] = ()
) -> HTMLResponse:
    person = login.user.role is Role.PERSON
    return page(
        request, None, "account.html", title="Account", active="/account", login=login,
        shares=access.my_shares(store, login) if person else [],
        links=access.my_links(store, login) if person else [],
        trail=access.audit_trail(store, login, limit=50) if person else [],
        shared=access.shared_with_me(store, login), now=accounts.now_utc(),
        flashes=list(flashes),
    )  # fmt: skip


@router.post("/account/shares")
def add_share(login: Login, store: Db, email: Text) -> Response:
    share = access.share_with(store, login, email)
    return redirect("/account", f"Shared with {share.clinician_email} (read-only).")


@router.post("/account/shares/{share_id}/revoke")
def revoke_share(login: Login, store: Db, share_id: uuid.UUID) -> Response:
    access.revoke_share(store, login, share_id)
    return redirect("/account", "Sharing stopped.")


@router.post("/account/links")
def add_link(
    request: Request, login: Login, store: Db, days: Annotated[int, Form(ge=1, le=90)] = 14,
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    _, token = access.create_link(store, login, days=days, label=label)
    url = str(request.url_for("shared_report", token=token))
    # shown in this answer only: a token never rides in a cookie (not even the flash one)
    return _account(
        request, login, store, [("ok", f"New report link (shown once, copy it now): {url}")]
    )


@router.post("/account/links/{link_id}/revoke")
def revoke_link(login: Login, store: Db, link_id: uuid.UUID) -> Response:
    access.revoke_link(store, login, link_id)
    return redirect("/account", "Link revoked: it no longer opens.")


@router.post("/account/view")
def view_diary(login: Login, store: Db, diary_id: Annotated[str, Form()] = "") -> Response:
    """A clinician opens a diary shared with them (read-only), or closes it (empty)."""
    try:
        chosen = uuid.UUID(diary_id) if diary_id.strip() else None
    except ValueError as exc:
        raise GutbrainError("not a diary id") from exc
    access.view_shared(store, login, chosen)
    return redirect("/" if chosen else "/account")


@router.post("/account/password")
def change_password(
    request: Request, login: Login, store: Db,
    old: Annotated[str, Form(max_length=1024)], new: Annotated[str, Form(max_length=1024)],
) -> Response:  # fmt: skip
    """Change the password; every other session ends, this browser stays signed in.
    Counted before the hash (5 tries in 15 minutes) and logged with the client."""
    address = client_address(request)
    try:
        signin.change_password(store, request.app.state.hash_pool, login.user, old, new)
    except (AuthenticationError, signin.RateLimitedError, signin.BusyError) as exc:
        log_event("password.change.failed", client=address, user=str(login.user.id),
                  reason=type(exc).__name__)  # fmt: skip
        raise
    log_event("password.change", client=address, user=str(login.user.id))
    token = accounts.start_session(store, login.user)
    return set_session_cookie(
        redirect("/account", "Password changed; other devices are signed out."), request, token
    )


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, login: Login, store: Db) -> HTMLResponse:
    return page(
        request, None, "admin.html", title="Users", active="/admin", login=login,
        users=access.admin_users(store, login), trail=access.audit_trail(store, login, 100),
        roles=[r.value for r in Role],
    )  # fmt: skip


@router.post("/admin/users")
def admin_add(
    request: Request, login: Login, store: Db, email: Text,
    password: Annotated[str, Form(max_length=1024)], role: Annotated[Role, Form()] = Role.PERSON,
) -> Response:  # fmt: skip
    user = access.admin_add_user(
        store, login, email, password, role, request.app.state.settings.timezone
    )
    return redirect("/admin", f"Added {user.role.value} {user.email}.")


@router.post("/admin/users/{user_id}/disable")
def admin_disable(login: Login, store: Db, user_id: uuid.UUID) -> Response:
    user = access.admin_set_disabled(store, login, user_id, True)
    return redirect("/admin", f"Disabled {user.email}; their sessions ended.")


@router.post("/admin/users/{user_id}/enable")
def admin_enable(login: Login, store: Db, user_id: uuid.UUID) -> Response:
    user = access.admin_set_disabled(store, login, user_id, False)
    return redirect("/admin", f"Enabled {user.email}.")


@router.get("/s/{token}", response_class=HTMLResponse, name="shared_report")
def shared_report(request: Request, store: Db, token: str) -> HTMLResponse:
    """The read-only doctor report behind a share link (no account needed)."""
    holders: DiaryHolders = request.app.state.holder
    holder = holders.holder_for(access.diary_for_link(store, token))
    ctx = holder.get()
    reads = DiaryReads(ctx=ctx, generation=holder.generation, cache=request.app.state.cache)
    data = reads.report(None, None, ctx.now().date())
    return HTMLResponse(report_svc.report_html(data, standalone=True))
