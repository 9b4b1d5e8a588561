"""What the README promises and no other test checked (issue 14, item 8): CSRF with a wrong
token on every state-changing rep call, `?after=ID` on the transcript, the routing reasons a
rep reads in the API, an email address a buyer types reaching the rep's handoff, a slow (not
dead) Rasa, and a bot reply dropped when a rep claims the conversation mid-reply."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.db import session_scope
from bot.handoff import request_handoff
from bot.models import HandoffStatus
from bot.store import handoffs as handoff_store
from bot.web.app import create_app
from bot.web.auth import CSRF_HEADER
from tests.handoff.factories import PASSWORD, add_rep, summary_json
from tests.support.slow_rasa import SlowRasa, slow_rasa

WRONG = {CSRF_HEADER: "not-the-token-login-gave"}


@pytest.fixture
def reps(offline_rasa_settings: Settings) -> dict[str, int]:
    url = offline_rasa_settings.database_url
    return {
        "alice": add_rep(url, "alice@example.com", name="Alice Archer", role="Solutions Engineer"),
        "bob": add_rep(url, "bob@example.com", name="Bob Baker", role="Account Executive"),
    }


def login(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/reps/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {CSRF_HEADER: response.json()["csrf_token"]}


def buyer(client: TestClient) -> tuple[str, dict[str, str]]:
    data = client.post("/api/conversations", json={}).json()
    return data["conversation_id"], {"Authorization": f"Bearer {data['token']}"}


def say(client: TestClient, conversation_id: str, auth: dict[str, str], text: str) -> dict:
    response = client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": text}, headers=auth
    )
    assert response.status_code == 200, response.text
    return response.json()


def open_handoff(settings: Settings, conversation_id: str) -> int:
    reply = request_handoff(
        conversation_id,
        "asked_for_person",
        "The buyer asked to talk to a person.",
        summary_json(situation="evaluating", main_worry="price"),
        settings=settings,
        background=False,
    )
    return reply["json_message"]["handoff"]["id"]


def test_a_wrong_csrf_token_changes_nothing_on_any_rep_call(
    client: TestClient,
    offline_rasa_settings: Settings,
    reps,
) -> None:
    conversation_id, auth = buyer(client)
    say(client, conversation_id, auth, "hello")
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    right = login(client, "alice@example.com")
    bot_message = next(
        m["id"]
        for m in client.get(f"/api/handoffs/{handoff_id}").json()["messages"]
        if m["sender"] == "bot"
    )
    calls = [
        ("claim", None),
        ("messages", {"text": "hi"}),
        ("reassign", {"rep_id": reps["bob"]}),
        ("release", None),
        ("close", {"outcome": "lost"}),
        ("flags", {"message_id": bot_message, "kind": "wrong", "note": "x"}),
    ]
    for action, body in calls:
        refused = client.post(f"/api/handoffs/{handoff_id}/{action}", json=body, headers=WRONG)
        assert refused.status_code == 403, (action, refused.status_code, refused.text)
    assert client.post("/api/reps/logout", headers=WRONG).status_code == 403

    detail = client.get(f"/api/handoffs/{handoff_id}").json()
    assert detail["handoff"]["status"] == "waiting" and detail["flags"] == []
    assert detail["handoff"]["rep"]["id"] != reps["bob"]
    assert [m["text"] for m in detail["messages"] if m["sender"] == "rep"] == []
    # The session itself still works with the right token: only the forged calls failed.
    assert client.post(f"/api/handoffs/{handoff_id}/claim", headers=right).status_code == 200


def test_the_transcript_after_an_id_holds_only_the_later_messages(client: TestClient) -> None:
    conversation_id, auth = buyer(client)
    first = say(client, conversation_id, auth, "first question")
    second = say(client, conversation_id, auth, "second question")
    url = f"/api/conversations/{conversation_id}/messages"

    everything = client.get(url, headers=auth).json()["messages"]
    mark = first["messages"][-1]["id"]  # the reply to the first question
    later = client.get(url, params={"after": mark}, headers=auth).json()["messages"]

    assert later[0]["text"] == "second question"
    assert [m["id"] for m in later] == [m["id"] for m in everything if m["id"] > mark]
    assert later[-1]["id"] == second["messages"][-1]["id"]
    assert client.get(url, params={"after": later[-1]["id"]}, headers=auth).json()["messages"] == []


def test_a_rep_reads_why_the_handoff_came_to_them(
    client: TestClient,
    offline_rasa_settings: Settings,
    reps,
) -> None:
    conversation_id, _ = buyer(client)
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    login(client, "alice@example.com")
    routing = client.get(f"/api/handoffs/{handoff_id}").json()["handoff"]["routing"]
    reasons = routing["reasons"]
    assert "no rep matched the topic's expertise" in reasons
    assert "not online in the console" in reasons and "within working hours" in reasons
    assert any(r.endswith("open handoff(s)") for r in reasons)


def test_an_email_the_waiting_buyer_types_reaches_the_handoff(
    client: TestClient,
    offline_rasa_settings: Settings,
    reps,
) -> None:
    conversation_id, auth = buyer(client)
    handoff_id = open_handoff(offline_rasa_settings, conversation_id)
    say(client, conversation_id, auth, "you can reach me at jo.buyer@acme.io")
    with session_scope(offline_rasa_settings.database_url) as session:
        handoff = handoff_store.get_handoff(session, handoff_id=handoff_id)
        assert handoff.status == HandoffStatus.WAITING
        assert handoff.buyer_email == "jo.buyer@acme.io"


def test_a_slow_rasa_gets_the_honest_trouble_reply_not_a_hang(
    offline_rasa_settings: Settings,
) -> None:
    """Rasa alive but slower than CANDOR_RASA_TIMEOUT_S: the buyer is told plainly, promptly,
    and the message is kept (README: "If Rasa is down ... an honest reply")."""
    with slow_rasa(delay_s=4.0) as rasa:
        settings = offline_rasa_settings.model_copy(
            update={"rasa_url": rasa.url, "rasa_timeout_s": 1}
        )
        with TestClient(create_app(settings)) as client:
            conversation_id, auth = buyer(client)
            turn = say(client, conversation_id, auth, "do you support SSO?")
            assert rasa.calls[(conversation_id, "do you support SSO?")] == 1  # it was asked
            [reply] = turn["messages"]
            assert "having trouble" in reply["text"] and "saved" in reply["text"]
            assert not reply["text"].startswith(SlowRasa.echo(""))
            stored = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)
            texts = [m["text"] for m in stored.json()["messages"]]
            assert texts[0] == "do you support SSO?"


def test_a_bot_reply_is_dropped_when_a_rep_claims_while_rasa_thinks(
    offline_rasa_settings: Settings, reps
) -> None:
    """The buyer asks while waiting for a rep; the rep claims before Rasa answers. The rep has
    the conversation now, so the late bot reply is not shown or stored (it would interleave
    with the rep's), and the buyer's turn says who has it."""
    with slow_rasa(delay_s=3.0) as rasa:
        settings = offline_rasa_settings.model_copy(
            update={"rasa_url": rasa.url, "rasa_timeout_s": 20}
        )
        with TestClient(create_app(settings)) as client:
            conversation_id, auth = buyer(client)
            handoff_id = open_handoff(settings, conversation_id)
            csrf = login(client, "alice@example.com")
            question = "is the price negotiable?"
            with ThreadPoolExecutor(1) as pool:
                turn = pool.submit(say, client, conversation_id, auth, question)
                deadline = time.monotonic() + 20
                while not rasa.calls[(conversation_id, question)]:  # Rasa is now thinking
                    assert time.monotonic() < deadline, "the message never reached Rasa"
                    time.sleep(0.02)
                claimed = client.post(f"/api/handoffs/{handoff_id}/claim", headers=csrf)
                assert claimed.status_code == 200, claimed.text
                result = turn.result(timeout=30)
            assert result["messages"] == [] and result["mode"] == "with_rep"
            stored = client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)
            texts = [m["text"] for m in stored.json()["messages"]]
            assert question in texts
            assert SlowRasa.echo(question) not in texts
