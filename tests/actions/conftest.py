"""Real trackers, a real dispatcher and a real KnowledgeBase over a small fixture folder.

The fixture pages are copies of three real pages (pricing, switching, Northwind comparison).
The embedding model loads once per test session; the index is built into a temp folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from actions.knowledge import use_knowledge_base
from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase
from tests.support.model import shared_embedder

FIXTURE_KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"
DOMAIN: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


@pytest.fixture(scope="session")
def knowledge_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase.open(
        FIXTURE_KNOWLEDGE, tmp_path_factory.mktemp("index"), embedder=shared_embedder()
    )
    assert not kb.is_empty, kb.problems
    use_knowledge_base(kb)
    yield kb
    use_knowledge_base(None)


@pytest.fixture(autouse=True)
def action_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """The actions read handoff state (who a waiting buyer waits for) from Candor's database:
    a real migrated SQLite file per test, through the settings the actions use."""
    from bot.config import get_settings
    from tests.support.databases import sqlite_database

    url = sqlite_database(str(tmp_path_factory.mktemp("actions-db") / "candor.db"))
    monkeypatch.setattr(get_settings(), "database_url", url)
    return url


@pytest.fixture
def domain() -> dict[str, Any]:
    return DOMAIN


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def initial_slots() -> dict[str, Any]:
    return {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}


def make_tracker(
    text: str = "",
    intent: str = "ask_product_question",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker as the Rasa server sends it, after the buyer's latest message."""
    return Tracker(
        sender_id="conversation-42",
        slots={**initial_slots(), **(slots or {})},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.95},
            "entities": entities or [],
        },
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the action set, as a dict (later events win)."""
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}
