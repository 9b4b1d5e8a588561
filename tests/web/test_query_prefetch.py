from fastapi.testclient import TestClient

from bot.config import Settings
from bot.query_prefetch import prefetch_url
from bot.web.app import create_app
from tests.support.receiver import receiving


def test_prefetch_url_sits_next_to_the_action_webhook() -> None:
    assert prefetch_url("http://127.0.0.1:5055/webhook") == "http://127.0.0.1:5055/candor/prefetch"
    assert prefetch_url("http://actions:80/webhook/") == "http://actions:80/candor/prefetch"


def test_each_typed_buyer_message_is_sent_for_prefetch(offline_rasa_settings: Settings) -> None:
    with receiving("/webhook") as action_server:
        # A busy machine may take more than the production timeout to accept the hint:
        # this test is about what is sent, not how fast.
        update = {"action_server_url": action_server.url, "query_prefetch_timeout_s": 60.0}
        settings = offline_rasa_settings.model_copy(update=update)
        with TestClient(create_app(settings)) as client:
            opened = client.post("/api/conversations", json={}).json()
            auth = {"Authorization": f"Bearer {opened['token']}"}
            url = f"/api/conversations/{opened['conversation_id']}/messages"
            reply = client.post(url, json={"text": "  Do you sync with BigQuery? "}, headers=auth)
            assert reply.status_code == 200  # Rasa is down here; the prefetch never blocks
        # Leaving the client shuts the app down, which waits for prefetches in flight.
        assert [(r["path"], r["json"]) for r in action_server.requests] == [
            ("/candor/prefetch", {"text": "Do you sync with BigQuery?"})
        ]
