"""The action server opens the configured knowledge folder lazily, once, and watches it."""

from actions import knowledge
from bot.config import Settings
from tests.actions.conftest import FIXTURE_KNOWLEDGE


def test_opens_once_on_first_use_and_starts_the_watcher(monkeypatch, tmp_path, knowledge_base):
    settings = Settings(
        knowledge_dir=FIXTURE_KNOWLEDGE, index_dir=tmp_path / "index", kb_reload_interval_s=0.5
    )
    monkeypatch.setattr(knowledge, "get_settings", lambda: settings)
    knowledge.use_knowledge_base(None)
    try:
        first = knowledge.get_knowledge_base()
        assert knowledge.get_knowledge_base() is first
        assert first.knowledge_dir == FIXTURE_KNOWLEDGE
        assert knowledge._watcher is not None and knowledge._watcher.running
    finally:
        knowledge.use_knowledge_base(knowledge_base)  # back to the session's KB
    assert knowledge._watcher is None
