"""Security headers on every page and API response.

The content security policy allows scripts, styles and connections from our own origin only (no
inline script anywhere: the pages load their code from /static), so an injected ``<script>`` or
``onerror=`` does nothing even if escaping ever failed. Pages may be framed only by
``settings.frame_ancestors``. Over https, browsers are told to stay on https.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The API docs (development mode only) are the one page that needs inline script.
DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")


def content_security_policy(frame_ancestors: str, host: str) -> str:
    """Own origin only; websockets to this host (older browsers do not count ws: as 'self')."""
    sockets = f" ws://{host} wss://{host}" if host else ""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self'",
            f"connect-src 'self'{sockets}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        )
    )


class SecurityHeaders:
    """Pure ASGI middleware (no buffering of bodies), so streaming responses are untouched."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: str) -> None:
        self.app = app
        self.frame_ancestors = frame_ancestors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        # A Host header is attacker-controlled: keep only what a host and port are made of.
        host = "".join(c for c in host if c.isalnum() or c in ".-:[]")
        docs = scope.get("path", "").startswith(DOCS_PATHS)
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if not docs:
                    policy = content_security_policy(self.frame_ancestors, host)
                    extra.append((b"content-security-policy", policy.encode("latin-1")))
                if https:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                headers += [(name, value) for name, value in extra if name not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
