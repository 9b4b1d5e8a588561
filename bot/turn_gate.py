"""One buyer turn at a time per conversation, and only a few waiting behind it.

Rasa's lock store orders turns inside Rasa; this gate keeps the gateway from storing a
conversation's messages out of order and lets one noisy tab queue only a few messages, so a
flood costs its own conversation and not everyone else's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ConversationBusy(RuntimeError):
    """Too many messages of one conversation are already waiting for their reply."""


class TurnGate:
    def __init__(self, max_in_flight: int) -> None:
        self.max_in_flight = max_in_flight
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}

    @asynccontextmanager
    async def turn(self, conversation_id: str) -> AsyncIterator[None]:
        """Hold the conversation's turn; raises ConversationBusy when its queue is full."""
        if self._waiting.get(conversation_id, 0) >= self.max_in_flight:
            raise ConversationBusy(
                f"{self.max_in_flight} earlier messages of this conversation are still being "
                "answered; wait for their replies and send again"
            )
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._waiting[conversation_id] = self._waiting.get(conversation_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[conversation_id] -= 1
            if self._waiting[conversation_id] == 0:
                del self._waiting[conversation_id]
                self._locks.pop(conversation_id, None)

    @property
    def conversations_in_flight(self) -> int:
        return len(self._waiting)
