"""Ask the action server to start embedding a buyer's message while Rasa is still parsing it.

A question's reply waits on Rasa's NLU and policies (on this machine about 100 ms), then on the
action's query embedding (about 25 ms on one core). Both need the same text, and the embedding
runs in another process on the other core, so starting it when the message arrives takes it
off the reply's critical path. It is only a hint: it never delays or fails a reply, and a
message that needs no retrieval costs one wasted embedding on an otherwise idle core.
"""

from __future__ import annotations

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)
PREFETCH_PATH = "/candor/prefetch"  # served by the action server (rasa_sdk_plugins)


def prefetch_url(action_server_url: str) -> str:
    """The prefetch endpoint next to the action server's ``/webhook``."""
    base = action_server_url.rstrip("/").removesuffix("/webhook")
    return f"{base}{PREFETCH_PATH}"


class QueryPrefetcher:
    def __init__(self, url: str, timeout_s: float, max_in_flight: int = 8) -> None:
        self.url = url
        self.max_in_flight = max_in_flight
        self._client = httpx.AsyncClient(timeout=timeout_s)
        self._tasks: set[asyncio.Task[None]] = set()
        self.skipped = 0  # hints dropped because too many were already on their way

    def prefetch(self, text: str) -> None:
        """Fire and forget; returns at once. Under load hints are dropped, never queued."""
        text = text.strip()
        if not text or text.startswith("/"):
            return  # empty, or a button payload: nothing to search for
        if len(self._tasks) >= self.max_in_flight:
            self.skipped += 1
            return
        task = asyncio.create_task(self._post(text))
        self._tasks.add(task)  # keep a reference until it is done (asyncio holds weak ones)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, text: str) -> None:
        try:
            await self._client.post(self.url, json={"text": text})
        except httpx.HTTPError as error:  # the action server will simply embed it itself
            log.debug("query prefetch failed: %s", error)

    async def aclose(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._client.aclose()
