"""One buyer turn at a time per conversation, and only a few waiting behind it.

Within a process an asyncio lock orders a conversation's turns; with several web processes
(the shared mode) a Redis lock does it across them as well, so a conversation's transcript
stays buyer, bot, buyer, bot whichever process each message reached. A process lets one
noisy tab queue only a few messages, so a flood costs its own conversation and not everyone
else's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Protocol

log = logging.getLogger(__name__)


class ConversationBusy(RuntimeError):
    """Too many messages of one conversation are already waiting for their reply."""


class SharedLocks(Protocol):
    """Locks every web process sees (Redis in the shared mode)."""

    def hold(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold ``key``; raises ConversationBusy if it stays taken too long."""
        ...


class TurnGate:
    def __init__(self, max_in_flight: int, shared: SharedLocks | None = None) -> None:
        self.max_in_flight = max_in_flight
        self.shared = shared
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
                shared = self.shared.hold(conversation_id) if self.shared else nullcontext()
                async with shared:
                    yield
        finally:
            self._waiting[conversation_id] -= 1
            if self._waiting[conversation_id] == 0:
                del self._waiting[conversation_id]
                self._locks.pop(conversation_id, None)

    @property
    def conversations_in_flight(self) -> int:
        return len(self._waiting)
