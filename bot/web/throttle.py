"""Login throttling: failed attempts per account and per address, and bounded password hashing.

Counting lives in this web process's memory: a restart forgets it, and with several web
processes each counts its own share (an attacker then gets that many times the budget).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class Throttled(Exception):
    """Too many attempts; ``retry_after`` seconds until the next one is considered."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after + 0.999))


class FailureWindow:
    """At most ``limit`` failures per key within ``window_s`` seconds (a sliding window)."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] >= self.window_s:
            failures.popleft()
        if not failures:
            del self._failures[key]  # keeps memory bounded by keys that failed recently
            return deque()
        return failures

    def blocked_for(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            now = self.clock()
            failures = self._recent(key, now)
            if len(failures) < self.limit:
                return 0.0
            return self.window_s - (now - failures[-self.limit])

    def fail(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            self._recent(key, now)
            self._failures[key].append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class LoginGuard:
    """Everything a login attempt passes before and after its password is checked."""

    def __init__(
        self,
        *,
        per_account: int,
        per_address: int,
        window_s: float,
        concurrent_hashes: int,
        hash_wait_s: float,
    ) -> None:
        self.accounts = FailureWindow(per_account, window_s)
        self.addresses = FailureWindow(per_address, window_s)
        self.hash_wait_s = hash_wait_s
        self._hashes = asyncio.Semaphore(concurrent_hashes)

    def check(self, email: str, address: str) -> None:
        """Raise Throttled before any hashing if this account or address failed too often."""
        for window, key, what in (
            (self.addresses, address, "from your address"),
            (self.accounts, email, "for this account"),
        ):
            wait = window.blocked_for(key)
            if wait > 0:
                raise Throttled(f"too many failed logins {what}; try again later", wait)

    def failed(self, email: str, address: str) -> None:
        self.accounts.fail(email)
        self.addresses.fail(address)

    def succeeded(self, email: str) -> None:
        self.accounts.clear(email)

    @asynccontextmanager
    async def hashing_slot(self) -> AsyncIterator[None]:
        """Wait (on the event loop, holding no thread) for one of the few hashing slots."""
        try:
            await asyncio.wait_for(self._hashes.acquire(), self.hash_wait_s)
        except TimeoutError as error:
            raise Throttled("too many logins at once; try again in a moment", 2) from error
        try:
            yield
        finally:
            self._hashes.release()


class TypingThrottle:
    """At most one typing signal per interval per socket; a change (stopped typing) passes."""

    def __init__(self, interval_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval_s = interval_s
        self.clock = clock
        self._last: dict[str, tuple[float, bool]] = {}

    def due(self, sid: str, typing: bool) -> bool:
        now = self.clock()
        last = self._last.get(sid)
        if last and last[1] == typing and now - last[0] < self.interval_s:
            return False
        self._last[sid] = (now, typing)
        return True

    def forget(self, sid: str) -> None:
        self._last.pop(sid, None)
