"""Issue 11: each attack against the real web app, on SQLite and PostgreSQL.

Every test makes the attempt an attacker would, asserts the refusal they would see, and checks
that nothing stored was lost or changed. Live socket.io attacks are in test_abuse_sockets.py.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from bot.config import Settings
from bot.db import session_scope
from bot.models import HandoffStatus, Mode
from bot.session_secret import InsecureSecret
from bot.store import conversations as conversation_store
from bot.store import handoffs as handoff_store
from bot.store import reps as rep_store
from bot.web.app import create_app
from bot.web.auth import CSRF_HEADER, SESSION_COOKIE
from tests.handoff.factories import PASSWORD, add_rep

HUGE = 10**30


def unique(name: str) -> str:
    """An email no other test uses (the PostgreSQL database is shared by the session)."""
    return f"{name}.{uuid.uuid4().hex[:8]}@example.com"


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/reps/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {CSRF_HEADER: response.json()["csrf_token"]}


def waiting_handoff(database_url: str, rep_id: int | None) -> tuple[int, str, str]:
    """A conversation with a buyer message, handed off and waiting for ``rep_id``."""
    with session_scope(database_url) as session:
        conversation, token = conversation_store.create_conversation(session)
        conversation_store.add_message(
            session, conversation_id=conversation.id, sender="buyer", text="a person, please"
        )
        handoff = handoff_store.create_handoff(
            session,
            conversation_id=conversation.id,
            trigger="asked_for_person",
            reason="The buyer asked for a person.",
            summary={},
            rep_id=rep_id,
            routing={},
        )
        return handoff.id, conversation.id, token


def handoff_row(database_url: str, handoff_id: int) -> tuple:
    with session_scope(database_url) as session:
        h = handoff_store.get_handoff(session, handoff_id=handoff_id)
        return h.status, h.rep_id, h.outcome, h.conversation.mode


def message_count(database_url: str, conversation_id: str) -> int:
    with session_scope(database_url) as session:
        return len(conversation_store.list_messages(session, conversation_id=conversation_id))


# --- 1. the session secret -----------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["", "dev-only-change-me", "short-but-not-default"])
def test_the_app_refuses_to_start_on_a_weak_session_secret(tmp_path, secret: str) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/x.db",
        session_secret=secret,
        session_secret_file=tmp_path / "no-such-file",
    )
    with pytest.raises(InsecureSecret, match="CANDOR_SESSION_SECRET"):
        create_app(settings)
    # Only an explicit development mode accepts it.
    create_app(settings.model_copy(update={"dev_mode": True}))


def test_a_cookie_forged_with_the_old_default_secret_gets_nothing(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    rep_id = add_rep(offline_rasa_settings.database_url, unique("forged"))
    forged = URLSafeTimedSerializer("dev-only-change-me", salt="candor.rep-session").dumps(
        {"rep_id": rep_id, "v": 0, "csrf": "x"}
    )
    client.cookies.set(SESSION_COOKIE, forged)
    assert client.get("/api/reps/me").status_code == 401
    assert client.post("/api/reps/logout", headers={CSRF_HEADER: "x"}).status_code == 401


def test_make_run_keeps_a_generated_secret(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from bot.cli import app
    from bot.config import get_settings

    path = tmp_path / "var" / "session-secret"
    monkeypatch.setenv("CANDOR_SESSION_SECRET", "")
    monkeypatch.setenv("CANDOR_SESSION_SECRET_FILE", str(path))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        assert runner.invoke(app, ["secret", "check"]).exit_code == 1  # nothing yet: refused
        assert runner.invoke(app, ["serve", "web"]).exit_code == 1  # the server will not start
        assert runner.invoke(app, ["secret", "ensure"]).exit_code == 0
        first = path.read_text()
        assert len(first.strip()) >= 32 and path.stat().st_mode & 0o077 == 0  # owner only
        assert runner.invoke(app, ["secret", "ensure"]).exit_code == 0
        assert path.read_text() == first  # kept: sessions survive a restart
        assert runner.invoke(app, ["secret", "check"]).exit_code == 0
    finally:
        get_settings.cache_clear()


# --- 2. demo reps and default passwords ----------------------------------------------------------


def test_demo_reps_are_announced_only_in_demo_mode(offline_rasa_settings: Settings) -> None:
    with TestClient(create_app(offline_rasa_settings)) as plain:
        info = plain.get("/api/reps/login-info").json()
        assert info["demo_mode"] is False and info["demo_reps"] == []
    demo = offline_rasa_settings.model_copy(update={"demo_mode": True})
    with TestClient(create_app(demo)) as shown:
        info = shown.get("/api/reps/login-info").json()
        assert info["demo_mode"] is True
        assert "priya.raman@tessellate.example" in info["demo_reps"]


@pytest.mark.parametrize("how", ["seeded demo password", "too short"])
def test_a_default_or_short_password_must_be_changed_before_anything_else(
    client: TestClient, offline_rasa_settings: Settings, how: str
) -> None:
    url = offline_rasa_settings.database_url
    email = unique("first.login")
    given = "candor-demo" if how == "seeded demo password" else "short1"
    with session_scope(url) as session:
        rep_store.upsert_rep(
            session,
            email=email,
            name="First Login",
            password=given,
            must_change_password=how == "seeded demo password",
        )
    handoff_id, _, _ = waiting_handoff(url, None)
    before = handoff_row(url, handoff_id)

    logged_in = client.post("/api/reps/login", json={"email": email, "password": given})
    assert logged_in.status_code == 200 and logged_in.json()["must_change_password"] is True
    csrf = {CSRF_HEADER: logged_in.json()["csrf_token"]}
    assert client.get("/api/handoffs").status_code == 403
    refused = client.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf)
    assert refused.status_code == 403 and "new password" in refused.json()["detail"]
    assert handoff_row(url, handoff_id) == before

    weak = client.post(
        "/api/reps/password",
        json={"current_password": given, "new_password": "tiny"},
        headers=csrf,
    )
    assert weak.status_code == 422 and "at least 12" in weak.json()["detail"]
    old_cookie = client.cookies.get(SESSION_COOKIE)
    changed = client.post(
        "/api/reps/password",
        json={"current_password": given, "new_password": "a long one of my own"},
        headers=csrf,
    )
    assert changed.status_code == 200 and changed.json()["must_change_password"] is False
    csrf = {CSRF_HEADER: changed.json()["csrf_token"]}
    assert client.get("/api/handoffs").status_code == 200
    # The session from before the change is over, wherever a copy of it went.
    with TestClient(client.app) as thief:
        thief.cookies.set(SESSION_COOKIE, old_cookie)
        assert thief.get("/api/reps/me").status_code == 401


# --- 3. login throttling -------------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_for_a_while(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    email = unique("guessed")
    add_rep(offline_rasa_settings.database_url, email)
    limit = offline_rasa_settings.login_failures_per_account
    for _ in range(limit):
        wrong = client.post("/api/reps/login", json={"email": email, "password": "guess"})
        assert wrong.status_code == 401
    locked = client.post("/api/reps/login", json={"email": email, "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "too many failed logins" in locked.json()["detail"]
    assert client.get("/api/reps/me").status_code == 401  # even the right password got nothing


def test_one_address_trying_many_accounts_is_throttled(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    limit = offline_rasa_settings.login_failures_per_address
    codes = [
        client.post(
            "/api/reps/login", json={"email": unique("nobody"), "password": "x"}
        ).status_code
        for _ in range(limit + 1)
    ]
    assert codes[:limit] == [401] * limit and codes[-1] == 429


def test_a_login_flood_is_turned_away_instead_of_queued(
    offline_rasa_settings: Settings,
) -> None:
    """With one hashing slot and a short wait, a burst gets quick 429s, not minutes of argon2."""
    settings = offline_rasa_settings.model_copy(
        update={"login_concurrent_hashes": 1, "login_hash_wait_s": 0.01}
    )
    with TestClient(create_app(settings)) as client:

        def attempt(i: int) -> int:
            body = {"email": f"flood{i}@example.com", "password": "x"}
            return client.post("/api/reps/login", json=body).status_code

        with ThreadPoolExecutor(12) as pool:
            codes = list(pool.map(attempt, range(12)))
    assert set(codes) <= {401, 429} and 429 in codes
    assert client.get("/healthz").status_code == 200


# --- 4. revocable sessions -----------------------------------------------------------------------


def test_a_copied_cookie_stops_working_at_logout(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    email = unique("copied")
    add_rep(offline_rasa_settings.database_url, email)
    csrf = login(client, email)
    stolen = client.cookies.get(SESSION_COOKIE)
    assert client.post("/api/reps/logout", headers=csrf).status_code == 200
    with TestClient(client.app) as thief:
        thief.cookies.set(SESSION_COOKIE, stolen)
        assert thief.get("/api/reps/me").status_code == 401
        assert thief.get("/api/handoffs").status_code == 401


def test_a_deactivated_rep_is_out_at_once(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    email = unique("leaver")
    add_rep(offline_rasa_settings.database_url, email)
    login(client, email)
    assert client.get("/api/handoffs").status_code == 200
    with session_scope(offline_rasa_settings.database_url) as session:
        rep_store.deactivate(session, email=email)
    assert client.get("/api/handoffs").status_code == 401


# --- 10. who may end a waiting handoff -----------------------------------------------------------


def test_only_the_assigned_rep_or_a_lead_ends_a_waiting_handoff(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    url = offline_rasa_settings.database_url
    owner, other, lead = unique("owner"), unique("other"), unique("lead")
    owner_id = add_rep(url, owner)
    other_id = add_rep(url, other)
    add_rep(url, lead, lead=True)
    handoff_id, conversation_id, _ = waiting_handoff(url, owner_id)
    before, messages = handoff_row(url, handoff_id), message_count(url, conversation_id)

    csrf = login(client, other)
    for action, body in (
        ("close", {"outcome": "lost"}),
        ("release", None),
        ("reassign", {"rep_id": other_id}),
    ):
        refused = client.post(f"/api/handoffs/{handoff_id}/{action}", json=body, headers=csrf)
        assert refused.status_code == 403, (action, refused.text)
        assert "assigned to, or a lead" in refused.json()["detail"]
    assert handoff_row(url, handoff_id) == before
    assert message_count(url, conversation_id) == messages  # the buyer was told nothing

    csrf = login(client, owner)
    moved = client.post(
        f"/api/handoffs/{handoff_id}/reassign", json={"rep_id": other_id}, headers=csrf
    )
    assert moved.status_code == 200
    csrf = login(client, lead)
    closed = client.post(
        f"/api/handoffs/{handoff_id}/close", json={"outcome": "lost"}, headers=csrf
    )
    assert closed.status_code == 200
    assert handoff_row(url, handoff_id)[0] == HandoffStatus.CLOSED


# --- 11. clean 4xx instead of 500 ----------------------------------------------------------------


def test_huge_numbers_and_odd_headers_are_clean_client_errors(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    url = offline_rasa_settings.database_url
    email = unique("odd")
    add_rep(url, email)
    handoff_id, conversation_id, token = waiting_handoff(url, None)
    before = handoff_row(url, handoff_id)
    csrf = login(client, email)
    for method, path, body in (
        ("GET", f"/api/handoffs/{HUGE}", None),
        ("GET", f"/api/handoffs/{HUGE}/transcript", None),
        ("POST", f"/api/handoffs/{HUGE}/claim", None),
        ("POST", f"/api/handoffs/{handoff_id}/reassign", {"rep_id": HUGE}),
        ("POST", f"/api/handoffs/{handoff_id}/flags", {"message_id": HUGE, "kind": "wrong"}),
        ("GET", f"/api/handoffs/{-1}", None),
    ):
        response = client.request(method, path, json=body, headers=csrf)
        assert response.status_code == 422, (path, response.status_code)
    after = client.get(
        f"/api/conversations/{conversation_id}/messages",
        params={"after": HUGE},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert after.status_code == 422 and "after" in after.text
    non_ascii = client.post(
        f"/api/handoffs/{handoff_id}/claim", headers={CSRF_HEADER: "tökén-ü".encode()}
    )
    assert non_ascii.status_code == 403 and CSRF_HEADER in non_ascii.json()["detail"]
    assert handoff_row(url, handoff_id) == before


# --- 13. hardening -------------------------------------------------------------------------------


def test_pages_and_api_carry_security_headers(client: TestClient) -> None:
    for path in ("/", "/console", "/api/reps/login-info", "/static/widget.js"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'self'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_api_docs_only_in_development(offline_rasa_settings: Settings) -> None:
    with TestClient(create_app(offline_rasa_settings)) as production:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert production.get(path).status_code == 404
    dev = offline_rasa_settings.model_copy(update={"dev_mode": True})
    with TestClient(create_app(dev)) as development:
        assert development.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("trusted", [True, False])
def test_cookies_are_secure_behind_an_https_proxy(
    offline_rasa_settings: Settings, trusted: bool
) -> None:
    email = unique("https")
    add_rep(offline_rasa_settings.database_url, email)
    settings = offline_rasa_settings.model_copy(
        update={"trusted_proxies": "*" if trusted else "10.9.9.9"}
    )
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/api/reps/login",
            json={"email": email, "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
        )
    assert response.status_code == 200
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    assert ("Secure" in session_cookie) is trusted  # an untrusted sender cannot claim https
    assert ("strict-transport-security" in response.headers) is trusted


def test_state_changing_rep_requests_from_another_origin_are_refused(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    url = offline_rasa_settings.database_url
    email = unique("origin")
    add_rep(url, email)
    evil = {"Origin": "https://evil.example"}
    refused = client.post(
        "/api/reps/login", json={"email": email, "password": PASSWORD}, headers=evil
    )
    assert refused.status_code == 403 and "evil.example" in refused.json()["detail"]
    csrf = login(client, email)
    handoff_id, _, _ = waiting_handoff(url, None)
    before = handoff_row(url, handoff_id)
    claim = client.post(f"/api/handoffs/{handoff_id}/claim", headers={**csrf, **evil})
    assert claim.status_code == 403
    assert handoff_row(url, handoff_id) == before
    own = client.post(
        f"/api/handoffs/{handoff_id}/claim", headers={**csrf, "Origin": "http://testserver"}
    )
    assert own.status_code == 200


def test_an_unknown_conversation_looks_exactly_like_a_wrong_token(client: TestClient) -> None:
    opened = client.post("/api/conversations", json={}).json()
    bearer = {"Authorization": f"Bearer {opened['token']}"}
    other = client.post("/api/conversations", json={}).json()
    wrong = client.get(f"/api/conversations/{other['conversation_id']}/messages", headers=bearer)
    unknown = client.get(f"/api/conversations/{uuid.uuid4().hex}/messages", headers=bearer)
    assert (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())
    posted = client.post(
        f"/api/conversations/{uuid.uuid4().hex}/messages", json={"text": "hi"}, headers=bearer
    )
    assert (posted.status_code, posted.json()) == (wrong.status_code, wrong.json())


def test_a_rep_cannot_be_reached_through_an_unhanded_conversation(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    """The store's rule behind item 9: a conversation never handed off is no rep's to see."""
    opened = client.post("/api/conversations", json={}).json()
    with session_scope(offline_rasa_settings.database_url) as session:
        assert handoff_store.visible_to(session, conversation_id=opened["conversation_id"]) == (
            False,
            None,
        )
        conversation = conversation_store.get_conversation(
            session, conversation_id=opened["conversation_id"]
        )
        assert conversation.mode == Mode.BOT
