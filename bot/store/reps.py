"""The rep roster: who can take a handoff, their expertise, hours, password and presence."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import Rep, utcnow

_hasher = PasswordHash.recommended()  # argon2id

DEFAULT_HOURS: dict[str, Any] = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """False for reps without a password, so they cannot log in until one is set."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # a malformed hash is a failed login, not a 500
        return False


def normalise_tags(tags: list[str] | str | None) -> list[str]:
    """Expertise tags compare case-insensitively: store them lower-case, trimmed, unique."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags or []:
        tag = str(tag).strip().lower()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def get_rep(session: Session, *, rep_id: int) -> Rep | None:
    return session.get(Rep, rep_id)


def get_rep_by_email(session: Session, *, email: str) -> Rep | None:
    return session.scalar(select(Rep).where(Rep.email == email.strip().lower()))


def list_reps(session: Session, *, active_only: bool = False) -> list[Rep]:
    query = select(Rep).order_by(Rep.name)
    if active_only:
        query = query.where(Rep.active.is_(True))
    return list(session.scalars(query))


def upsert_rep(
    session: Session,
    *,
    email: str,
    name: str,
    role: str = "",
    bio: str = "",
    photo: str | None = None,
    expertise: list[str] | str | None = None,
    timezone: str = "UTC",
    working_hours: dict[str, Any] | None = None,
    active: bool = True,
    is_lead: bool = False,
    password: str | None = None,
    keep_existing_password: bool = False,
    must_change_password: bool = False,
    team: str | None = None,
) -> tuple[Rep, bool]:
    """Create or update a rep by email; returns (rep, created).

    With ``keep_existing_password`` a password is only set on reps that have none, so
    re-seeding the demo never overwrites a password a rep changed. ``must_change_password``
    marks a password that is not the rep's own (a seeded demo one): the console then asks for
    a new one before anything else. Deactivating a rep ends their sessions.
    """
    rep = get_rep_by_email(session, email=email)
    created = rep is None
    if rep is None:
        rep = Rep(email=email.strip().lower())
        session.add(rep)
    rep.name = name
    rep.role = role
    rep.bio = bio
    rep.photo = photo
    rep.expertise = normalise_tags(expertise)
    rep.timezone = timezone
    rep.working_hours = working_hours or dict(DEFAULT_HOURS)
    if rep.active and not active:
        rep.session_version = (rep.session_version or 0) + 1
    rep.active = active
    rep.is_lead = is_lead
    if team:
        rep.team = team.strip().lower()
    if password and not (keep_existing_password and rep.password_hash):
        rep.password_hash = hash_password(password)
        rep.must_change_password = must_change_password
    session.flush()
    return rep, created


def set_password(session: Session, *, email: str, password: str) -> Rep:
    """A password the rep chose: clears the forced change and ends every older session."""
    rep = get_rep_by_email(session, email=email)
    if rep is None:
        raise LookupError(f"no rep with email {email!r}")
    rep.password_hash = hash_password(password)
    rep.must_change_password = False
    rep.session_version = (rep.session_version or 0) + 1
    session.flush()
    return rep


def password_problem(password: str, min_chars: int) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < min_chars:
        return f"the password has {len(password)} characters; at least {min_chars} are needed"
    if not password.strip():
        return "the password is only spaces"
    return None


def end_sessions(session: Session, *, rep_id: int) -> None:
    """Log the rep out everywhere: every session cookie issued so far stops working."""
    session.execute(
        update(Rep).where(Rep.id == rep_id).values(session_version=Rep.session_version + 1)
    )


def deactivate(session: Session, *, email: str) -> Rep:
    """The rep can no longer log in or be routed to; open sessions and sockets end."""
    rep = get_rep_by_email(session, email=email)
    if rep is None:
        raise LookupError(f"no rep with email {email!r}")
    rep.active = False
    rep.session_version = (rep.session_version or 0) + 1
    session.flush()
    return rep


def touch_presence(session: Session, *, rep_id: int, at: datetime | None = None) -> None:
    """The rep's console is open (connect or heartbeat)."""
    session.execute(update(Rep).where(Rep.id == rep_id).values(last_seen_at=at or utcnow()))


def clear_presence(session: Session, *, rep_id: int) -> None:
    """The rep's last console closed: offline for routing at once, not after the TTL."""
    session.execute(update(Rep).where(Rep.id == rep_id).values(last_seen_at=None))


def is_online(rep: Rep, *, now: datetime, ttl_s: int) -> bool:
    return rep.last_seen_at is not None and now - rep.last_seen_at < timedelta(seconds=ttl_s)


def photo_url(rep: Rep) -> str | None:
    return f"/static/reps/{rep.photo}" if rep.photo else None


def rep_to_public(rep: Rep) -> dict[str, Any]:
    """What a buyer and other reps may see of a rep."""
    return {
        "id": rep.id,
        "name": rep.name,
        "role": rep.role,
        "email": rep.email,
        "bio": rep.bio,
        "photo_url": photo_url(rep),
    }


def rep_to_dict(rep: Rep, *, now: datetime, ttl_s: int) -> dict[str, Any]:
    """The roster view for the console and the CLI (never the password hash)."""
    return {
        **rep_to_public(rep),
        "expertise": rep.expertise or [],
        "timezone": rep.timezone,
        "working_hours": rep.working_hours or {},
        "active": rep.active,
        "lead": bool(rep.is_lead),
        "team": rep.team,
        "must_change_password": bool(rep.must_change_password),
        "online": is_online(rep, now=now, ttl_s=ttl_s),
    }
