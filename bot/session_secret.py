"""The secret that signs rep sessions and socket.io session ids.

Anyone who knows it can forge a rep's session, so the web app refuses to start on a missing,
short or published one unless development mode is explicitly on. ``make run`` needs no setup:
``bot secret ensure`` writes a random secret to ``var/`` once and the app reads it from there.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bot.config import Settings

# Secrets that were ever defaults or examples somewhere: public, so never a real secret.
KNOWN_SECRETS = frozenset(
    {"dev-only-change-me", "change-me", "changeme", "secret", "candor", "candor-demo"}
)


class InsecureSecret(RuntimeError):
    """The configured session secret would let anyone forge a rep session."""


def configured(settings: Settings) -> str:
    """``CANDOR_SESSION_SECRET``, else the contents of ``session_secret_file`` (or "")."""
    if settings.session_secret:
        return settings.session_secret
    path = settings.session_secret_file
    return path.read_text().strip() if path.is_file() else ""


def weakness(secret: str, min_chars: int) -> str | None:
    """Why this secret is unsafe, or None."""
    if not secret:
        return "no session secret is set"
    if secret.strip().lower() in KNOWN_SECRETS:
        return "the session secret is a published default"
    if len(secret) < min_chars:
        return f"the session secret has {len(secret)} characters; at least {min_chars} are needed"
    return None


def require(settings: Settings) -> str:
    """The secret to sign with; raises InsecureSecret outside development mode if it is weak.

    In development mode a missing secret becomes a random one for this process (sessions then
    end when it restarts); a weak one is used as given.
    """
    secret = configured(settings)
    problem = weakness(secret, settings.session_secret_min_chars)
    if problem is None:
        return secret
    if settings.dev_mode:
        return secret or secrets.token_urlsafe(48)
    raise InsecureSecret(
        f"refusing to serve: {problem}. Set CANDOR_SESSION_SECRET to a random value of at least "
        f"{settings.session_secret_min_chars} characters (e.g. `python -c 'import secrets; "
        f"print(secrets.token_urlsafe(48))'`), run `bot secret ensure` to keep one in "
        f"{settings.session_secret_file}, or set CANDOR_DEV_MODE=true on a development machine."
    )


def ensure_file(path: Path) -> bool:
    """Write a random secret to ``path`` (owner-only) unless one is there; True if written."""
    if path.is_file() and weakness(path.read_text().strip(), 1) is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    return True
