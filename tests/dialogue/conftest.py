"""The dialogue logic on the real sample content: a real model, index and search, as the
action server runs it (built once per session)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.answering import answer_context
from bot.config import PROJECT_ROOT, get_settings
from bot.dialogue.answer import AnswerContext
from bot.knowledge import Embedder, KnowledgeBase


@pytest.fixture(scope="session")
def sample_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    settings = get_settings()
    embedder = Embedder(settings.embedding_model, threads=settings.embedding_threads)
    return KnowledgeBase.open(
        PROJECT_ROOT / "knowledge",
        tmp_path_factory.mktemp("dialogue-index"),
        settings=settings,
        embedder=embedder,
    )


@pytest.fixture
def context(sample_kb: KnowledgeBase) -> Callable[..., AnswerContext]:
    """``context(**options)``: the answer context the action server would build."""

    def build(**options) -> AnswerContext:
        return answer_context(sample_kb, get_settings(), **options)

    return build
