"""How far a Rasa-protocol client has read a conversation, so a reopened tab gets what it missed.

Rasa's socket.io clients send nothing but their session id when they come back, and keep their
own copy of the history. What they saw is everything stored up to the moment their last socket
went away (while connected they got every push), so on disconnect we note the newest message id
and on ``session_request`` replay the messages after it. The note lives in Redis in the shared
mode (the tab may come back through another web process), else in this process, bounded.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.config import Settings

log = logging.getLogger(__name__)

# A tab closed longer ago than this starts from its own stored history, with no replay.
MARK_TTL_S = 7 * 24 * 3600
LOCAL_MARKS = 10_000


class SeenMarks:
    def __init__(self, settings: Settings) -> None:
        self._redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        self._prefix = f"{settings.redis_prefix}:seen:"
        self._local: OrderedDict[str, int] = OrderedDict()

    async def set(self, conversation_id: str, message_id: int) -> None:
        if self._redis is not None:
            try:
                await self._redis.set(self._prefix + conversation_id, message_id, ex=MARK_TTL_S)
                return
            except RedisError:
                log.warning("could not store a seen mark in Redis; keeping it in this process")
        self._local[conversation_id] = message_id
        self._local.move_to_end(conversation_id)
        while len(self._local) > LOCAL_MARKS:
            self._local.popitem(last=False)

    async def get(self, conversation_id: str) -> int | None:
        if self._redis is not None:
            try:
                value = await self._redis.get(self._prefix + conversation_id)
                if value is not None:
                    return int(value)
            except (RedisError, ValueError):
                log.warning("could not read a seen mark from Redis")
        return self._local.get(conversation_id)

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
