"""Signed socket.io session ids: knowing a conversation's id is not enough to resume it."""

from __future__ import annotations

from itsdangerous import BadSignature, Signer

_SALT = "candor.socket-session"


class SessionIds:
    """``<conversation id>.<signature>``, signed with the session secret: the proof of access."""

    def __init__(self, secret: str) -> None:
        self._signer = Signer(secret, salt=_SALT)

    def sign(self, conversation_id: str) -> str:
        return self._signer.sign(conversation_id).decode()

    def unsign(self, session_id: str) -> str | None:
        """The conversation id inside a validly signed session id, else None."""
        try:
            return self._signer.unsign(session_id).decode()
        except (BadSignature, UnicodeEncodeError):
            return None
