"""rasa-sdk's plugin hook: it imports a top-level ``rasa_sdk_plugins`` package if one exists.

We use it to open the knowledge base (embedding model + index, 10-25 s on a small machine) in
the background as soon as the action server's worker starts, instead of making the first
buyer's question wait for it. Nothing is loaded at import time.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pluggy

hookimpl = pluggy.HookimplMarker("rasa_sdk")
log = logging.getLogger(__name__)


def _open_knowledge_base() -> None:
    from actions.knowledge import get_knowledge_base

    try:
        get_knowledge_base()
        log.info("knowledge base ready")
    except Exception:  # the first action call will retry and report it to the buyer honestly
        log.exception("could not open the knowledge base at start-up")


class KnowledgeWarmup:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Any) -> None:
        async def warm_up(_app: Any, _loop: Any = None) -> None:
            threading.Thread(target=_open_knowledge_base, name="kb-warmup", daemon=True).start()

        app.register_listener(warm_up, "after_server_start")


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(KnowledgeWarmup())
