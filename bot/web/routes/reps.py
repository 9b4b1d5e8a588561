"""Rep accounts: log in and out of the console, change password, who am I, the roster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from bot.config import Settings
from bot.db import Database
from bot.models import Rep, utcnow
from bot.store import reps as rep_store
from bot.web import auth
from bot.web.deps import DatabaseDep, SessionDep, SettingsDep
from bot.web.throttle import LoginGuard, Throttled

router = APIRouter(prefix="/api/reps", tags=["reps"])

# Longer than any real email or password: argon2 never sees megabytes.
MAX_EMAIL_CHARS = 254
MAX_PASSWORD_CHARS = 1024


class Login(BaseModel):
    email: str = Field(max_length=MAX_EMAIL_CHARS)
    password: str = Field(max_length=MAX_PASSWORD_CHARS)


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=MAX_PASSWORD_CHARS)
    new_password: str = Field(max_length=MAX_PASSWORD_CHARS)


def _me(rep: Rep, settings: Settings) -> dict[str, Any]:
    return rep_store.rep_to_dict(rep, now=utcnow(), ttl_s=settings.presence_ttl_s)


def _guard(request: Request) -> LoginGuard:
    return request.app.state.login_guard


def _client_address(request: Request) -> str:
    # After the proxy-headers middleware: the real client when behind a trusted proxy.
    return request.client.host if request.client else "unknown"


def demo_emails(roster: Path) -> list[str]:
    """The sample reps' emails, for the login page's demo note."""
    try:
        data = yaml.safe_load(roster.read_text()) or {}
    except (OSError, yaml.YAMLError):
        return []
    entries = data.get("reps", []) if isinstance(data, dict) else []
    return [str(e["email"]) for e in entries if isinstance(e, dict) and e.get("email")]


@router.get("/login-info")
def login_info(settings: SettingsDep) -> dict[str, Any]:
    """What the login page says: whether this is a demo, and which sample reps exist."""
    demo = settings.demo_mode
    return {
        "demo_mode": demo,
        "demo_reps": demo_emails(settings.demo_roster) if demo else [],
        "demo_roster": settings.demo_roster.name if demo else None,
        "min_password_chars": settings.rep_password_min_chars,
    }


def _check_login(db: Database, settings: Settings, email: str, password: str) -> Rep | None:
    with db.session() as session:
        rep = auth.authenticate(session, email=email, password=password)
        if rep is not None and len(password) < settings.rep_password_min_chars:
            rep.must_change_password = True  # too short: the rep must choose a new one
            session.flush()
        if rep is not None:
            session.expunge(rep)
        return rep


@router.post("/login")
async def login(
    body: Login,
    request: Request,
    response: Response,
    settings: SettingsDep,
    db: DatabaseDep,
) -> dict[str, Any]:
    """Throttled per account and per address before any hashing; hashing runs a few at a time."""
    auth.check_origin(request, settings)
    guard, address = _guard(request), _client_address(request)
    email = body.email.strip().lower()
    try:
        guard.check(email, address)
        async with guard.hashing_slot():
            rep = await db.run(_check_login, db, settings, email, body.password)
    except Throttled as error:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            str(error),
            headers={"Retry-After": str(error.retry_after)},
        ) from error
    if rep is None:
        guard.failed(email, address)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong email or password")
    guard.succeeded(email)
    csrf = auth.start_session(request, response, settings, rep)
    return {
        "rep": _me(rep, settings),
        "csrf_token": csrf,
        "must_change_password": rep.must_change_password,
    }


@router.post("/password")
async def change_password(
    body: PasswordChange,
    request: Request,
    response: Response,
    rep: auth.SignedInRepForChange,
    settings: SettingsDep,
    db: DatabaseDep,
) -> dict[str, Any]:
    """Choose a new password; every other session of this rep ends, this one continues."""
    problem = rep_store.password_problem(body.new_password, settings.rep_password_min_chars)
    if problem is None and body.new_password == body.current_password:
        problem = "the new password must differ from the current one"
    if problem:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problem)
    guard, address = _guard(request), _client_address(request)
    try:
        guard.check(rep.email, address)
        async with guard.hashing_slot():
            changed = await db.run(
                _change_password, db, rep.email, body.current_password, body.new_password
            )
    except Throttled as error:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            str(error),
            headers={"Retry-After": str(error.retry_after)},
        ) from error
    if changed is None:
        guard.failed(rep.email, address)
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the current password is wrong")
    await request.app.state.console_socket.end_rep_sockets(changed.id)
    csrf = auth.start_session(request, response, settings, changed)
    return {"rep": _me(changed, settings), "csrf_token": csrf, "must_change_password": False}


def _change_password(db: Database, email: str, current: str, new: str) -> Rep | None:
    with db.session() as session:
        if auth.authenticate(session, email=email, password=current) is None:
            return None
        rep = rep_store.set_password(session, email=email, password=new)
        session.expunge(rep)
        return rep


@router.post("/logout")
async def logout(
    request: Request,
    response: Response,
    rep: auth.SignedInRepForChange,
    session: SessionDep,
) -> dict[str, bool]:
    """Ends every session of this rep (a copied cookie stops working) and their consoles."""
    rep_store.end_sessions(session, rep_id=rep.id)
    session.commit()
    await request.app.state.console_socket.end_rep_sockets(rep.id)
    auth.end_session(response)
    return {"ok": True}


@router.get("/me")
def me(
    request: Request,
    rep: auth.SignedInRep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """The console's start-up call; returns the CSRF token the page must echo."""
    return {
        "rep": _me(rep, settings),
        "csrf_token": request.state.csrf,
        "must_change_password": rep.must_change_password,
    }


@router.get("")
def roster(
    _: auth.CurrentRep,
    session: SessionDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    now = utcnow()
    reps = rep_store.list_reps(session, active_only=True)
    return {
        "reps": [rep_store.rep_to_dict(r, now=now, ttl_s=settings.presence_ttl_s) for r in reps]
    }
