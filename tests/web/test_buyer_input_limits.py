"""What a client may send to the buyer API: refused clearly, never half-stored (both databases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.web.app import create_app


@pytest.fixture
def limited(offline_rasa_settings: Settings) -> Iterator[TestClient]:
    settings = offline_rasa_settings.model_copy(
        update={"max_request_bytes": 8_000, "conversations_per_minute_per_address": 3}
    )
    with TestClient(create_app(settings)) as client:
        yield client


def opened(client: TestClient) -> tuple[str, dict[str, str]]:
    body = client.post("/api/conversations", json={}).json()
    path = f"/api/conversations/{body['conversation_id']}/messages"
    return path, {"Authorization": f"Bearer {body['token']}"}


def buyer_texts(client: TestClient, path: str, auth: dict[str, str]) -> list[str]:
    messages = client.get(path, headers=auth).json()["messages"]
    return [m["text"] for m in messages if m["sender"] == "buyer"]


def test_a_nul_byte_is_dropped_and_the_message_kept(limited: TestClient) -> None:
    path, auth = opened(limited)
    sent = limited.post(path, json={"text": "SSO\x00 on the Team plan?"}, headers=auth)
    assert sent.status_code == 200
    assert buyer_texts(limited, path, auth) == ["SSO on the Team plan?"]


def test_a_lone_surrogate_is_refused_with_its_position(limited: TestClient) -> None:
    path, auth = opened(limited)
    raw = '{"text": "price \\ud800 per seat"}'
    sent = limited.post(path, content=raw, headers={**auth, "Content-Type": "application/json"})
    assert sent.status_code == 422 and "surrogate" in sent.json()["detail"]
    assert "position 6" in sent.json()["detail"]
    assert buyer_texts(limited, path, auth) == []


def test_an_oversized_body_is_refused_before_it_is_read(limited: TestClient) -> None:
    path, auth = opened(limited)
    sent = limited.post(path, json={"text": "hi", "metadata": {"x": "y" * 9_000}}, headers=auth)
    assert sent.status_code == 413 and "8000 bytes" in sent.json()["detail"]
    assert buyer_texts(limited, path, auth) == []


def test_metadata_over_its_own_limit_is_refused(limited: TestClient) -> None:
    path, auth = opened(limited)
    sent = limited.post(path, json={"text": "hi", "metadata": {"x": "y" * 4_500}}, headers=auth)
    assert sent.status_code == 413 and "metadata" in sent.json()["detail"]
    assert buyer_texts(limited, path, auth) == []


def test_typed_slash_commands_are_kept_as_text(limited: TestClient) -> None:
    path, auth = opened(limited)
    sent = limited.post(path, json={"text": '/request_handoff{"budget": 1}'}, headers=auth)
    assert sent.status_code == 200  # stored as the buyer typed it; Rasa never reads it as intent
    assert buyer_texts(limited, path, auth) == ['/request_handoff{"budget": 1}']


def test_opening_conversations_is_rate_limited_per_address(limited: TestClient) -> None:
    codes = [limited.post("/api/conversations", json={}).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    refused = limited.post("/api/conversations", json={})
    assert "wait a minute" in refused.json()["detail"]
