"""The action server's one KnowledgeBase, opened lazily on first use.

Opening loads the embedding model and the index, so it must not happen at import time (the
action server imports every module at start-up, and tests import without a knowledge folder).
The hot-reload watcher starts together with it, once per process.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from bot.config import get_settings

if TYPE_CHECKING:
    from bot.dialogue.site_wording import SiteNames
    from bot.knowledge import KnowledgeBase, Watcher

log = logging.getLogger(__name__)

_lock = threading.Lock()
_kb: KnowledgeBase | None = None
_watcher: Watcher | None = None


def get_knowledge_base() -> KnowledgeBase:
    """The process-wide KnowledgeBase, opened (and watched for edits) on first call."""
    global _kb, _watcher
    if _kb is None:
        with _lock:
            if _kb is None:
                from bot.knowledge import KnowledgeBase, start_watching

                settings = get_settings()
                kb = KnowledgeBase.open(settings.knowledge_dir, settings.index_dir)
                for problem in kb.problems:
                    log.warning("knowledge: %s", problem)
                _watcher = start_watching(kb, settings.kb_reload_interval_s)
                _kb = kb
    return _kb


def opened_knowledge_base() -> KnowledgeBase | None:
    """The KnowledgeBase if it is already open; never opens it (cheap, for hints)."""
    return _kb


def use_knowledge_base(kb: KnowledgeBase | None) -> None:
    """Serve ``kb`` instead of opening the configured folder (tests), or reset with None.

    Stops the watcher of a KnowledgeBase this module opened itself.
    """
    global _kb, _watcher
    with _lock:
        if _watcher is not None:
            _watcher.stop()
            _watcher = None
        _kb = kb


def site_names() -> SiteNames:
    """The product and competitor names for the assistant's own sentences.

    Generic wording if the knowledge base cannot be opened: a sentence must never fail.
    """
    from bot.dialogue.site_wording import SiteNames

    try:
        kb = get_knowledge_base()
        return SiteNames(kb.site.product, tuple(kb.competitors()))
    except Exception:
        log.exception("knowledge base unavailable for site names")
        return SiteNames()
