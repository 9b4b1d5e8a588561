"""What a buyer's client may send, checked the same way for REST and socket.io.

A message that cannot be stored faithfully is refused with a reason the client can show,
never half-stored: control characters carry no meaning and are dropped (PostgreSQL cannot
store a NUL), a lone UTF-16 surrogate cannot be encoded at all and is refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class InputRejected(ValueError):
    """The client sent something we will not store; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def clean_text(text: str, max_chars: int) -> str:
    """The message as stored: controls dropped, trimmed; refused when empty or too long."""
    _refuse_surrogates(text, "message text")
    stripped = CONTROL_CHARS.sub("", text).strip()
    if not stripped:
        raise InputRejected(422, "message text is empty")
    if len(stripped) > max_chars:
        raise InputRejected(413, f"message is {len(stripped)} characters; the limit is {max_chars}")
    return stripped


def clean_metadata(metadata: Any, max_bytes: int) -> dict[str, Any]:
    """Page metadata (plan, page, utm...) as stored; refused when it is not small JSON."""
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise InputRejected(422, "metadata must be a JSON object")
    try:
        encoded = json.dumps(metadata, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise InputRejected(422, f"metadata is not plain JSON: {error}") from error
    _refuse_surrogates(encoded, "metadata")
    size = len(encoded.encode())
    if size > max_bytes:
        raise InputRejected(413, f"metadata is {size} bytes; the limit is {max_bytes}")
    return _without_controls(metadata)


def check_client_id(client_id: Any) -> str | None:
    """A client's id for one message (retries reuse it); None when it sent none."""
    if client_id is None:
        return None
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise InputRejected(
            422, "client_message_id must be 1-64 letters, digits, '.', ':', '-' or '_'"
        )
    return client_id


def typed_text_for_rasa(text: str) -> str:
    """Typed text as Rasa should read it: never as an ``/intent{...}`` command.

    Rasa treats a message starting with "/" as a literal intent and entities; only the
    payloads of buttons we offered may do that (they arrive as ``quick_reply``).
    """
    return text.lstrip("/").strip() or text


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return CONTROL_CHARS.sub("", value)
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    return value


def _refuse_surrogates(text: str, what: str) -> None:
    found = SURROGATE.search(text)
    if found:
        raise InputRejected(
            422,
            f"{what} holds an invalid character (a lone UTF-16 surrogate) at position "
            f"{found.start()}; send valid Unicode",
        )
