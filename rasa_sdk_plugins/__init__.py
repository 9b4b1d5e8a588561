"""rasa-sdk's plugin hook: it imports a top-level ``rasa_sdk_plugins`` package if one exists.

We use it for two things:
- open the knowledge base (embedding model + index, 10-25 s on a small machine) in the
  background as soon as the action server's worker starts, instead of making the first buyer's
  question wait for it. Nothing is loaded at import time;
- ``POST /candor/prefetch {"text": ...}``: the web gateway sends each buyer message here while
  Rasa is still parsing it, so the query embedding is ready when ``action_answer`` needs it.
  It answers 202 at once and never opens the knowledge base itself.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pluggy

from bot.config import get_settings
from bot.query_prefetch import PREFETCH_PATH

hookimpl = pluggy.HookimplMarker("rasa_sdk")
log = logging.getLogger(__name__)


def _open_knowledge_base() -> None:
    from actions.knowledge import get_knowledge_base

    try:
        get_knowledge_base()
        log.info("knowledge base ready")
    except Exception:  # the first action call will retry and report it to the buyer honestly
        log.exception("could not open the knowledge base at start-up")
    try:
        from bot.dialogue.language import warm_up

        warm_up()  # the language detector takes seconds to build; not on a buyer's message
    except Exception:
        log.exception("could not build the language detector at start-up")


class KnowledgeWarmup:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Any) -> None:
        async def warm_up(_app: Any, _loop: Any = None) -> None:
            threading.Thread(target=_open_knowledge_base, name="kb-warmup", daemon=True).start()

        app.register_listener(warm_up, "after_server_start")


class QueryPrefetch:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Any) -> None:
        from sanic import response

        async def prefetch(request: Any) -> Any:
            from actions.answering import searched_texts
            from actions.knowledge import opened_knowledge_base

            try:
                body = request.json
            except Exception:  # sanic raises on a body that is not JSON
                body = None
            text = body.get("text") if isinstance(body, dict) else None
            if not isinstance(text, str) or not text.strip():
                return response.json(
                    {"detail": 'expected a JSON body {"text": "<the buyer\'s message>"}'},
                    status=422,
                )
            kb = opened_knowledge_base()
            if kb is not None:
                # The texts the answer will search (shorthand written out, one per question).
                for query in searched_texts(text[: get_settings().max_message_chars]):
                    kb.prefetch_query(query)
            return response.empty(status=202)

        app.add_route(prefetch, PREFETCH_PATH, methods=["POST"], name="candor_prefetch")


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(KnowledgeWarmup())
    manager.register(QueryPrefetch())
