"""Talk to the Rasa server's REST channel and turn its replies into transcript messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, timed out, or answered with an error)."""


@dataclass
class BotReply:
    """One bot message as we store it; Rasa may have sent it as several REST items."""

    text: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float) -> None:
        self._client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout_s)

    async def send(
        self, *, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        try:
            response = await self._client.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            items = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise RasaUnavailable(f"unexpected reply from Rasa: {items!r:.200}")
        return items

    async def start_new_session(self, sender: str) -> bool:
        """Start a new Rasa session for this conversation, carrying its slots over.

        Rasa loads, featurizes and sends to the action server every event of the current
        session on every turn, so a long conversation gets slower turn by turn. A new session
        bounds that work. Only at a safe point: no form running, so nothing half-asked is lost.
        Returns whether a session was started; any failure leaves the conversation as it was.

        The session start is appended as events (Rasa's ``/tracker/events`` API takes a list
        beginning with ``action_session_start`` + ``session_started``), carrying one ``slot``
        event per slot with its current value. Not ``/session_start`` through the webhook:
        Rasa's own ``action_session_start`` carries slots over by replaying *every* ``SlotSet``
        of the ending session (``ActionSessionStart._slot_set_events_from_tracker``), carried
        ones included, so each new session held all the slot events of the whole conversation
        and a turn at 150 still loaded ~1,000 of them (p50 2.03x a fresh turn's).
        """
        try:
            response = await self._client.get(
                f"/conversations/{sender}/tracker", params={"include_events": "NONE"}
            )
            response.raise_for_status()
            state = response.json()
            if (state.get("active_loop") or {}).get("name"):
                return False
            started = await self._client.post(
                f"/conversations/{sender}/tracker/events",
                params={"include_events": "NONE"},
                json=session_start_events(state.get("slots") or {}),
            )
            started.raise_for_status()
        except (httpx.HTTPError, ValueError, AttributeError):
            return False
        return True

    async def aclose(self) -> None:
        await self._client.aclose()


def session_start_events(slots: dict[str, Any]) -> list[dict[str, Any]]:
    """The events of a new Rasa session carrying ``slots`` over: what Rasa's default
    ``action_session_start`` appends, but one ``slot`` event per slot that has a value (a slot
    without one starts the new session at its initial value, as it would anyway)."""
    return [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        *(
            {"event": "slot", "name": name, "value": value}
            for name, value in slots.items()
            if value is not None
        ),
        {"event": "action", "name": "action_listen"},
    ]


def group_replies(items: list[dict[str, Any]]) -> list[BotReply]:
    """Rebuild bot messages from Rasa's REST items.

    Rasa's collecting channel splits a text on blank lines into several items and sends an
    utterance's custom JSON as a separate item after its text, so consecutive plain texts are
    joined again and ``custom.sources`` is attached to the text it belongs to.
    """
    replies: list[BotReply] = []
    open_text = False  # the last reply is plain text that later text items may extend
    for item in items:
        text = item.get("text") or ""
        if not isinstance(text, str):
            text = str(text)
        custom = item.get("custom")
        if text and not item.get("buttons") and open_text:
            replies[-1].text += "\n\n" + text
            continue
        if custom is not None and not text and replies and _attachable(custom):
            _attach_custom(replies[-1], custom)
            open_text = False
            continue
        reply = BotReply(text=text)
        for key in ("buttons", "image", "attachment"):
            if item.get(key):
                reply.payload[key] = item[key]
        if "buttons" in reply.payload:
            # Only well-formed buttons are shown (and may later be clicked).
            buttons = reply.payload["buttons"]
            kept = [b for b in buttons if isinstance(b, dict)] if isinstance(buttons, list) else []
            reply.payload["buttons"] = kept
            if not kept:
                del reply.payload["buttons"]
        if _attachable(custom):
            _attach_custom(reply, custom)
        replies.append(reply)
        open_text = bool(text) and not reply.payload and custom is None
    return replies


def _attachable(custom: Any) -> bool:
    return isinstance(custom, dict)


def _attach_custom(reply: BotReply, custom: dict[str, Any]) -> None:
    custom = dict(custom)
    sources = custom.pop("sources", None)
    if isinstance(sources, list):
        reply.sources.extend(s for s in sources if isinstance(s, dict))
    if custom:
        reply.payload["custom"] = {**reply.payload.get("custom", {}), **custom}
