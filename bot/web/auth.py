"""Rep sessions for the console: argon2 passwords, a signed session cookie, CSRF tokens.

The session cookie (HttpOnly, SameSite=Lax, Secure over https) is signed with the session
secret and carries the rep id, the rep's session version and a per-session CSRF token. Every
request re-reads the rep: a deactivated rep or a bumped session version (logout, password
change, deactivation) ends the session at once. Every state-changing rep request must echo the
CSRF token in the ``X-CSRF-Token`` header (double submit: the token is also in a readable
cookie) and, when the browser says where it comes from, come from our own origin.
"""

from __future__ import annotations

import hmac
import secrets
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response, status
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.requests import cookie_parser

from bot.config import Settings
from bot.models import Rep
from bot.store import reps as rep_store
from bot.web.deps import SessionDep, SettingsDep

SESSION_COOKIE = "candor_rep"
CSRF_COOKIE = "candor_csrf"
CSRF_HEADER = "X-CSRF-Token"
_SALT = "candor.rep-session"


@cache
def dummy_hash() -> str:
    """A real argon2 hash to verify against when the email is unknown, so login timing is
    uniform. Made once per process when the app is built (``create_app``), not at import:
    importing this module (tests, CLI commands) should not pay for an argon2 hash."""
    return rep_store.hash_password(secrets.token_hex(8))


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_secret, salt=_SALT)


def authenticate(session: Session, *, email: str, password: str) -> Rep | None:
    rep = rep_store.get_rep_by_email(session, email=email)
    if rep is None or not rep.active:
        rep_store.verify_password(password, dummy_hash())
        return None
    return rep if rep_store.verify_password(password, rep.password_hash) else None


def is_https(request: Request, settings: Settings) -> bool:
    """Served over https, directly or behind a trusted proxy (X-Forwarded-Proto)."""
    return request.url.scheme == "https" or settings.public_base_url.startswith("https://")


def start_session(request: Request, response: Response, settings: Settings, rep: Rep) -> str:
    """Set the session and CSRF cookies; returns the CSRF token for the client to echo."""
    csrf = secrets.token_urlsafe(24)
    value = _serializer(settings).dumps({"rep_id": rep.id, "v": rep.session_version, "csrf": csrf})
    secure = is_https(request, settings)
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
    """The signed session's contents, or None if missing, forged, expired or malformed."""
    if not cookie_value:
        return None
    try:
        data = _serializer(settings).loads(cookie_value, max_age=settings.session_max_age_s)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    rep_id, version = data.get("rep_id"), data.get("v")
    if type(rep_id) is not int or type(version) is not int:
        return None
    return data


def session_is_current(data: dict[str, Any], rep: Rep | None) -> bool:
    """The rep still exists, is active, and has not ended this session (logout and so on)."""
    return rep is not None and rep.active and rep.session_version == data["v"]


def session_from_environ(settings: Settings, environ: dict[str, Any]) -> dict[str, Any] | None:
    """The rep session of a socket.io handshake (the browser sends the cookie with it).

    Starlette's lenient parser: one odd cookie before ours (JSON, spaces) must not hide it.
    """
    cookies = cookie_parser(environ.get("HTTP_COOKIE", ""))
    return read_session(settings, cookies.get(SESSION_COOKIE))


def _unauthorized() -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, "log in to the console first")


def signed_in_rep(request: Request, session: SessionDep, settings: SettingsDep) -> Rep:
    """The logged-in rep (401 otherwise), even one who must still change their password."""
    data = read_session(settings, request.cookies.get(SESSION_COOKIE))
    if data is None:
        raise _unauthorized()
    rep = rep_store.get_rep(session, rep_id=data["rep_id"])
    if not session_is_current(data, rep):
        raise _unauthorized()
    request.state.csrf = data.get("csrf", "")
    return rep


SignedInRep = Annotated[Rep, Depends(signed_in_rep)]


def current_rep(rep: SignedInRep) -> Rep:
    """The logged-in rep, who has a password of their own (403 until they set one)."""
    if rep.must_change_password:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "choose a new password first (POST /api/reps/password): "
            "yours is a default or too short",
        )
    return rep


def check_origin(request: Request, settings: Settings) -> None:
    """A browser's Origin header, when sent, must be ours (this host or the public URL)."""
    origin = request.headers.get("origin")
    if origin is None:
        return  # not a browser, or a same-origin GET: the CSRF token still applies
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    public = urlsplit(settings.public_base_url)
    if origin not in (own, f"{public.scheme}://{public.netloc}"):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"requests from origin {origin!r} are not accepted"
        )


def _csrf_ok(request: Request, settings: Settings) -> None:
    check_origin(request, settings)
    sent = request.headers.get(CSRF_HEADER, "").encode("utf-8", "surrogateescape")
    expected = getattr(request.state, "csrf", "").encode()
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"missing or wrong {CSRF_HEADER} header")


CurrentRep = Annotated[Rep, Depends(current_rep)]


def rep_for_change(request: Request, rep: CurrentRep, settings: SettingsDep) -> Rep:
    """The logged-in rep, for requests that change something: origin and CSRF header checked."""
    _csrf_ok(request, settings)
    return rep


def signed_in_rep_for_change(request: Request, rep: SignedInRep, settings: SettingsDep) -> Rep:
    """Like rep_for_change, for the calls a rep who must change their password may make."""
    _csrf_ok(request, settings)
    return rep


# The logged-in rep for a change (origin and CSRF checked); the same for the few calls a rep
# who must still change their password may make.
RepForChange = Annotated[Rep, Depends(rep_for_change)]
SignedInRepForChange = Annotated[Rep, Depends(signed_in_rep_for_change)]
