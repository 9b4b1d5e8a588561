"""Every rep endpoint needs a rep session; buyer tokens open only their own conversation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.web.auth import SESSION_COOKIE
from tests.handoff.factories import add_rep

PUBLIC = {("POST", "/api/reps/login"), ("GET", "/api/reps/login-info")}


def rep_endpoints(client: TestClient) -> list[tuple[str, str]]:
    """Every /api/reps and /api/handoffs operation, from the app's own OpenAPI schema."""
    api = client.app.other_asgi_app  # socketio.ASGIApp wraps the FastAPI app
    endpoints = []
    for path, operations in api.openapi()["paths"].items():
        if not path.startswith(("/api/reps", "/api/handoffs")):
            continue
        for method in operations:
            if (method.upper(), path) not in PUBLIC:
                endpoints.append((method.upper(), path.replace("{handoff_id}", "1")))
    return sorted(endpoints)


def test_the_rep_api_is_all_listed(client: TestClient) -> None:
    paths = {path for _, path in rep_endpoints(client)}
    for action in ("claim", "messages", "reassign", "release", "close", "transcript", "flags"):
        assert f"/api/handoffs/1/{action}" in paths
    assert {"/api/handoffs", "/api/handoffs/1", "/api/reps/logout", "/api/reps/me"} <= paths


@pytest.mark.parametrize("cookie", [None, "forged.value.sig"])
def test_every_rep_endpoint_without_a_valid_session_is_401(client: TestClient, cookie) -> None:
    if cookie:
        client.cookies.set(SESSION_COOKIE, cookie)
    for method, path in rep_endpoints(client):
        response = client.request(method, path, json={})
        assert response.status_code == 401, (method, path, response.status_code)


def test_a_buyer_token_is_not_a_rep_session(client: TestClient) -> None:
    token = client.post("/api/conversations", json={}).json()["token"]
    for method, path in rep_endpoints(client):
        response = client.request(
            method, path, json={}, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, (method, path)


def test_a_session_signed_with_another_secret_is_rejected(
    client: TestClient, offline_rasa_settings
) -> None:
    from itsdangerous import URLSafeTimedSerializer

    rep_id = add_rep(offline_rasa_settings.database_url, "alice@example.com")
    forged = URLSafeTimedSerializer("not-our-secret", salt="candor.rep-session").dumps(
        {"rep_id": rep_id, "csrf": "x"}
    )
    client.cookies.set(SESSION_COOKIE, forged)
    assert client.get("/api/handoffs").status_code == 401


def test_a_buyer_token_cannot_read_another_conversation(client: TestClient) -> None:
    first = client.post("/api/conversations", json={}).json()
    second = client.post("/api/conversations", json={}).json()
    other = {"Authorization": f"Bearer {first['token']}"}
    assert (
        client.get(
            f"/api/conversations/{second['conversation_id']}/messages", headers=other
        ).status_code
        == 403
    )
    sent = client.post(
        f"/api/conversations/{second['conversation_id']}/messages",
        json={"text": "hi"},
        headers=other,
    )
    assert sent.status_code == 403
    assert client.get(f"/api/conversations/{second['conversation_id']}/messages").status_code == 401
