"""Shared fixtures: one real embedding model per session, small folders copied per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.config import Settings, get_settings
from bot.knowledge import Embedder, KnowledgeBase
from tests.support.model import shared_embedder

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
SAMPLE_KNOWLEDGE = HERE.parent.parent / "knowledge"
REPORT: dict[str, list[str]] = {}  # filled by tests, printed by pytest_terminal_summary


@pytest.fixture(scope="session")
def report() -> dict[str, list[str]]:
    """Sections of lines shown in pytest's terminal summary (visible without ``-s``)."""
    return REPORT


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings().model_copy()


@pytest.fixture(scope="session")
def embedder(settings: Settings) -> Embedder:
    """The real model, loaded once for the whole session (it is the slow part)."""
    assert settings.embedding_model == shared_embedder().model_name
    return shared_embedder()


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A private copy of the small fixture folder, safe to edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def open_kb(settings: Settings, embedder: Embedder, tmp_path: Path):
    """``open_kb(folder)`` opens a knowledge base with a private index folder."""

    def opener(folder: Path, index: Path | None = None, **overrides) -> KnowledgeBase:
        custom = settings.model_copy(update=overrides) if overrides else settings
        return KnowledgeBase.open(
            folder, index or tmp_path / "index", settings=custom, embedder=embedder
        )

    return opener


@pytest.fixture(scope="session")
def sample_kb(settings: Settings, embedder: Embedder, tmp_path_factory) -> KnowledgeBase:
    """The real sample content in knowledge/, indexed once per session."""
    index = tmp_path_factory.mktemp("sample-index")
    return KnowledgeBase.open(SAMPLE_KNOWLEDGE, index, settings=settings, embedder=embedder)


@pytest.fixture
def write():
    """``write(path, text)``: save a file the way an editor would."""
    return write_file


def write_file(path: Path, text: str) -> None:
    """Write a file and make sure its mtime moves even on coarse-grained file systems."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == old:
        os.utime(path, ns=(old + 1_000_000, old + 1_000_000))


def pytest_terminal_summary(terminalreporter) -> None:
    for title, lines in REPORT.items():
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)
