"""Rep accounts: log in and out of the console, who am I, the roster (for reassigning)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import Rep, utcnow
from bot.store import reps as rep_store
from bot.web import auth
from bot.web.deps import SessionDep, get_settings_dep

router = APIRouter(prefix="/api/reps", tags=["reps"])


class Login(BaseModel):
    email: str
    password: str


def _me(rep: Rep, settings: Settings) -> dict[str, Any]:
    return rep_store.rep_to_dict(rep, now=utcnow(), ttl_s=settings.presence_ttl_s)


@router.post("/login")
def login(
    body: Login,
    response: Response,
    session: Session = SessionDep,
    settings: Settings = Depends(get_settings_dep),
) -> dict[str, Any]:
    rep = auth.authenticate(session, email=body.email, password=body.password)
    if rep is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong email or password")
    csrf = auth.start_session(response, settings, rep)
    return {"rep": _me(rep, settings), "csrf_token": csrf}


@router.post("/logout")
def logout(response: Response, _: Rep = Depends(auth.rep_for_change)) -> dict[str, bool]:
    auth.end_session(response)
    return {"ok": True}


@router.get("/me")
def me(
    request: Request,
    rep: Rep = Depends(auth.current_rep),
    settings: Settings = Depends(get_settings_dep),
) -> dict[str, Any]:
    """The console's start-up call; returns the CSRF token the page must echo."""
    return {"rep": _me(rep, settings), "csrf_token": request.state.csrf}


@router.get("")
def roster(
    _: Rep = Depends(auth.current_rep),
    session: Session = SessionDep,
    settings: Settings = Depends(get_settings_dep),
) -> dict[str, Any]:
    now = utcnow()
    reps = rep_store.list_reps(session, active_only=True)
    return {
        "reps": [rep_store.rep_to_dict(r, now=now, ttl_s=settings.presence_ttl_s) for r in reps]
    }
