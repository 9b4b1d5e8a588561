"""Per-conversation locks in Redis, for several web processes (``CANDOR_REDIS_URL``).

redis-py's lock is atomic (SET NX with an expiry, released by a token-checked script), and it
expires on its own if its holder dies mid-turn, so a killed process never blocks a buyer.
With Redis away, turns go on ordered within each process only: a buyer must still get
answers during a Redis outage.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import LockError, RedisError

from bot.config import Settings
from bot.turn_gate import ConversationBusy

log = logging.getLogger(__name__)


class RedisTurnLocks:
    def __init__(self, settings: Settings) -> None:
        self._redis = Redis.from_url(settings.redis_url)
        self._prefix = f"{settings.redis_prefix}:turn:"
        # A turn lasts at most Rasa's timeout plus storing the reply; the lock outlives it a
        # little, and waiting for it is bounded by the same span.
        self._hold_s = settings.rasa_timeout_s + settings.db_retry_s + 5
        self._wait_s = self._hold_s

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._redis.lock(
            self._prefix + key, timeout=self._hold_s, blocking_timeout=self._wait_s
        )
        try:
            acquired: bool | None = await lock.acquire()
        except RedisError as error:
            log.warning(
                "Redis unavailable; turn of %s ordered in this process only: %s", key, error
            )
            acquired = None
        if acquired is None:
            yield
            return
        if not acquired:
            raise ConversationBusy("this conversation's earlier message is still being answered")
        try:
            yield
        finally:
            try:
                await lock.release()
            except (LockError, RedisError) as error:  # expired or Redis away: nothing to undo
                log.warning("could not release the turn lock of %s: %s", key, error)

    async def aclose(self) -> None:
        await self._redis.aclose()
