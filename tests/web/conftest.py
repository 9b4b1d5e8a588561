from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.web.app import create_app
from tests.support.stack import free_port


@pytest.fixture
def offline_rasa_settings(database_url: str, tmp_path) -> Settings:
    """Settings whose Rasa URL points at a port nothing listens on: Rasa really is down."""
    return Settings(
        database_url=database_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_timeout_s=3,
        index_dir=tmp_path / "index",
    )


@pytest.fixture
def client(offline_rasa_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(offline_rasa_settings)) as test_client:
        yield test_client
