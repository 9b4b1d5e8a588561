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
from bot.knowledge import KnowledgeBase
from tests.support.model import shared_embedder


@pytest.fixture(scope="session")
def sample_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return KnowledgeBase.open(
        PROJECT_ROOT / "knowledge",
        tmp_path_factory.mktemp("dialogue-index"),
        settings=get_settings(),
        embedder=shared_embedder(),
    )


@pytest.fixture
def context(sample_kb: KnowledgeBase) -> Callable[..., AnswerContext]:
    """``context(**options)``: the answer context the action server would build."""

    def build(**options) -> AnswerContext:
        return answer_context(sample_kb, get_settings(), **options)

    return build
