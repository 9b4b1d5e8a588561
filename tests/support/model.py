"""The real embedding model, loaded once per test session and shared by every suite that needs
it (knowledge, dialogue, actions): loading it is the slowest part of the run."""

from __future__ import annotations

from functools import cache

from bot.config import get_settings
from bot.knowledge import Embedder


@cache
def shared_embedder() -> Embedder:
    settings = get_settings()
    model = Embedder(settings.embedding_model, threads=settings.embedding_threads)
    model.encode_query("warm up")
    return model
