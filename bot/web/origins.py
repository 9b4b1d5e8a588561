"""Which browser origins may talk to the gateway, and on what.

Three audiences, three rules:

- **Our own pages** (this host, or ``CANDOR_PUBLIC_BASE_URL``) may use everything. An
  allow-list for embedding sites must never lock out the gateway's own chat page and console:
  python-engineio treats a configured list as the *only* origins it accepts, so the check here
  always adds our own.
- **Sites embedding the widget** (``CANDOR_SOCKET_CORS_ORIGINS``, ``*`` or a comma list) may
  open the buyer socket.io channel and call the buyer API (``/api/conversations…``), which is
  authorised by a bearer token, never by a cookie, so no credentials are allowed cross-origin.
- **The reps' console namespace** accepts our own origin only, whatever the allow-list says: a
  script on an embedding site must not ride on a rep's session cookie (sites on other ports of
  the same host, or sibling subdomains, count as "same site" for SameSite cookies).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.config import Settings

# The buyer API an embedded widget calls; everything else (reps, handoffs) stays same-origin.
BUYER_API_PREFIX = "/api/conversations"


def embedding_origins(settings: Settings) -> list[str]:
    """The configured allow-list (``["*"]`` for any site), trailing slashes dropped."""
    return [o.strip().rstrip("/") for o in settings.socket_cors_origins.split(",") if o.strip()]


def public_origin(settings: Settings) -> str:
    public = urlsplit(settings.public_base_url)
    return f"{public.scheme}://{public.netloc}"


def own_origins(settings: Settings, environ: dict[str, Any]) -> set[str]:
    """This host (over http or https: python-engineio's ASGI environ does not say which) and the
    public URL. The Host header is what the browser connected to, which a page cannot forge."""
    origins = {public_origin(settings)}
    host = environ.get("HTTP_HOST")
    if host:
        origins |= {f"http://{host}", f"https://{host}"}
    return origins


def is_own_origin(settings: Settings, environ: dict[str, Any]) -> bool:
    """No Origin header (not a browser) or our own: the console namespace's rule."""
    origin = environ.get("HTTP_ORIGIN")
    return not origin or origin in own_origins(settings, environ)


def socket_origin_check(settings: Settings):
    """python-engineio's ``cors_allowed_origins``: our own origin always, plus the allow-list."""
    allowed = embedding_origins(settings)
    if not allowed:
        return None  # engineio's default: same origin only

    def check(origin: str, environ: dict[str, Any]) -> bool:
        return "*" in allowed or origin in allowed or origin in own_origins(settings, environ)

    return check


class BuyerApiCors:
    """CORS headers for the buyer API only, for the embedding sites, without credentials."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        allowed = embedding_origins(settings)
        self.cors = (
            CORSMiddleware(
                app,
                allow_origins=allowed,
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                allow_credentials=False,
                max_age=600,
            )
            if allowed
            else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.cors is not None
            and scope["type"] == "http"
            and scope.get("path", "").startswith(BUYER_API_PREFIX)
        ):
            await self.cors(scope, receive, send)
            return
        await self.app(scope, receive, send)
