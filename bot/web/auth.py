"""Rep sessions for the console: argon2 passwords, a signed session cookie, CSRF tokens.

The session cookie (HttpOnly, SameSite=Lax) is signed with ``settings.session_secret`` and
carries the rep id and a per-session CSRF token. Every state-changing rep request must echo that
token in the ``X-CSRF-Token`` header (double submit: the token is also in a readable cookie),
which a cross-site form or fetch cannot do.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any

from fastapi import Depends, HTTPException, Request, Response, status
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Rep
from bot.store import reps as rep_store
from bot.web.deps import SessionDep, get_settings_dep

SESSION_COOKIE = "candor_rep"
CSRF_COOKIE = "candor_csrf"
CSRF_HEADER = "X-CSRF-Token"
_SALT = "candor.rep-session"
# Verifying against a real hash when the email is unknown keeps login timing uniform.
_DUMMY_HASH = rep_store.hash_password(secrets.token_hex(8))


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_secret, salt=_SALT)


def authenticate(session: Session, *, email: str, password: str) -> Rep | None:
    rep = rep_store.get_rep_by_email(session, email=email)
    if rep is None or not rep.active:
        rep_store.verify_password(password, _DUMMY_HASH)
        return None
    return rep if rep_store.verify_password(password, rep.password_hash) else None


def start_session(response: Response, settings: Settings, rep: Rep) -> str:
    """Set the session and CSRF cookies; returns the CSRF token for the client to echo."""
    csrf = secrets.token_urlsafe(24)
    value = _serializer(settings).dumps({"rep_id": rep.id, "csrf": csrf})
    secure = settings.public_base_url.startswith("https://")
    max_age = settings.session_max_age_s
    response.set_cookie(
        SESSION_COOKIE, value, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, samesite="strict", secure=secure)
    return csrf


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


def read_session(settings: Settings, cookie_value: str | None) -> dict[str, Any] | None:
    """The signed session's contents, or None if missing, forged or expired."""
    if not cookie_value:
        return None
    try:
        data = _serializer(settings).loads(cookie_value, max_age=settings.session_max_age_s)
    except BadSignature:
        return None
    return data if isinstance(data, dict) and "rep_id" in data else None


def session_from_environ(settings: Settings, environ: dict[str, Any]) -> dict[str, Any] | None:
    """The rep session of a socket.io handshake (the browser sends the cookie with it)."""
    cookies = SimpleCookie()
    try:
        cookies.load(environ.get("HTTP_COOKIE", ""))
    except Exception:
        return None
    morsel = cookies.get(SESSION_COOKIE)
    return read_session(settings, morsel.value if morsel else None)


def _unauthorized() -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, "log in to the console first")


def current_rep(
    request: Request,
    session: Session = SessionDep,
    settings: Settings = Depends(get_settings_dep),
) -> Rep:
    """The logged-in rep (401 otherwise). Also stores the session's CSRF token on the request."""
    data = read_session(settings, request.cookies.get(SESSION_COOKIE))
    if data is None:
        raise _unauthorized()
    rep = rep_store.get_rep(session, rep_id=int(data["rep_id"]))
    if rep is None or not rep.active:
        raise _unauthorized()
    request.state.csrf = data.get("csrf", "")
    return rep


def rep_for_change(request: Request, rep: Rep = Depends(current_rep)) -> Rep:
    """The logged-in rep, for requests that change something: the CSRF header must match."""
    sent = request.headers.get(CSRF_HEADER, "")
    expected = getattr(request.state, "csrf", "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"missing or wrong {CSRF_HEADER} header")
    return rep
