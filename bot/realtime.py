"""The live transport the services push through, as they need it.

``bot.chat`` and ``bot.handoff`` say *who* should see an event (a buyer's open widgets, every
console, one rep's consoles); how that reaches a browser — socket.io, its rooms and namespaces —
is the web layer's business (``bot/web/realtime.py`` implements this). Keeping the Protocol here
lets the services be tested, and run, without importing the web app.
"""

from __future__ import annotations

from typing import Any, Protocol


class Realtime(Protocol):
    """Pushes events to the buyer's open widgets and to reps' consoles."""

    async def to_conversation(self, conversation_id: str, message: dict[str, Any]) -> None:
        """A stored message, to every widget that has this conversation open."""
        ...

    async def to_console(self, event: str, data: dict[str, Any]) -> None:
        """An event for reps' consoles (the transport decides which consoles may see it)."""
        ...


class RelayTransport(Realtime, Protocol):
    """What the rep relay pushes beyond messages: buyer-side events and one rep's consoles."""

    async def to_conversation_event(
        self, conversation_id: str, event: str, data: dict[str, Any]
    ) -> None:
        """A non-message event (mode change, rep typing) to the buyer's open widgets."""
        ...

    async def to_rep(self, rep_id: int, event: str, data: dict[str, Any]) -> None:
        """An event for one rep's consoles only (e.g. a handoff assigned to them)."""
        ...


def buyer_facing_rep(rep: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a buyer may know of a rep: name, role, photo (never the email or the id)."""
    if not rep:
        return None
    return {"name": rep.get("name"), "role": rep.get("role"), "photo_url": rep.get("photo_url")}
