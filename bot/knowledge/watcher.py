"""Hot reload: keep a ``KnowledgeBase`` in step with the editors' folder.

It polls rather than using OS file events: ``KnowledgeBase.refresh()`` only stats the files when
nothing changed (microseconds for hundreds of files), polling works the same on network mounts,
in containers and for a folder that does not exist yet, and editors' tools that save by
"write temp file + rename" need no special handling. With the default 2 s interval a saved edit
is served within a few seconds, re-embedding only the changed sections.
"""

from __future__ import annotations

import logging
import threading

from bot.knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)


class Watcher:
    """A daemon thread calling ``kb.refresh()`` every ``interval`` seconds until stopped."""

    def __init__(self, kb: KnowledgeBase, interval: float):
        self.kb = kb
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kb-watcher", daemon=True)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.kb.refresh():
                    log.info("knowledge: reloaded (%d chunks)", len(self.kb.chunks()))
            except Exception:  # keep watching: the next save may fix it
                log.exception("knowledge: reload failed; still serving the previous content")


def start_watching(kb: KnowledgeBase, interval: float | None = None) -> Watcher:
    """Start hot reload for ``kb``; ``interval`` defaults to ``settings.kb_reload_interval_s``."""
    return Watcher(kb, interval or kb.settings.kb_reload_interval_s).start()
