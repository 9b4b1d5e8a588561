"""Rate limits by the ``limits`` library: in this process, or in Redis when processes share.

With ``CANDOR_REDIS_URL`` set, every web process counts against the same window, so running
more processes does not multiply what one address may do.
"""

from __future__ import annotations

import logging

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from bot.config import Settings

log = logging.getLogger(__name__)


class RateLimiter:
    """Named limits ("30/minute") checked per key (a client address, an account)."""

    def __init__(self, storage: Storage, limits: dict[str, str]) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._limits: dict[str, RateLimitItem] = {
            name: parse(text) for name, text in limits.items()
        }

    def hit(self, name: str, key: str) -> bool:
        """Count one use; False when the key is over the named limit.

        With its storage (Redis) away the limit is not enforced rather than refusing every
        buyer: a short outage must not close the door on the website's visitors.
        """
        try:
            return self._limiter.hit(self._limits[name], name, key)
        except Exception:
            log.exception("rate limit storage unavailable; %s not limited", name)
            return True


def rate_limiter_for(settings: Settings) -> RateLimiter:
    # Keys under CANDOR_REDIS_PREFIX: deployments sharing one Redis keep separate counts.
    storage: Storage = (
        RedisStorage(settings.redis_url, key_prefix=f"{settings.redis_prefix}:limits")
        if settings.redis_url
        else MemoryStorage()
    )
    return RateLimiter(
        storage,
        {"open_conversation": f"{settings.conversations_per_minute_per_address}/minute"},
    )
