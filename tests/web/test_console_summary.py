"""The console's handoff detail says which summary fields to show: each fact once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.config import Settings
from bot.handoff import request_handoff
from tests.handoff.factories import PASSWORD, add_rep, summary_json


def test_the_detail_leaves_out_rows_the_situation_states_and_keeps_the_data(
    client: TestClient, offline_rasa_settings: Settings
) -> None:
    add_rep(offline_rasa_settings.database_url, "alice@example.com", name="Alice Archer")
    conversation = client.post("/api/conversations", json={}).json()["conversation_id"]
    reply = request_handoff(
        conversation,
        "asked_for_person",
        "The buyer asked to talk to a person.",
        summary_json(
            situation="We're 150 staff, on Ordinal",
            team_size="150",
            current_tool="Ordinal",
            timeline="by Q3",
        ),
        settings=offline_rasa_settings,
        background=False,
    )
    handoff_id = reply["json_message"]["handoff"]["id"]
    login = client.post(
        "/api/reps/login", json={"email": "alice@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200, login.text

    detail = client.get(f"/api/handoffs/{handoff_id}").json()
    summary = detail["handoff"]["summary"]
    assert summary["situation"] == "We're 150 staff, on Ordinal; deciding by Q3"
    assert "team_size" not in detail["summary_shown"]
    assert "current_tool" not in detail["summary_shown"]
    assert "timeline" not in detail["summary_shown"]
    assert {"situation", "competitors"} <= set(detail["summary_shown"])
    assert (summary["team_size"], summary["current_tool"], summary["timeline"]) == (
        "150",
        "Ordinal",
        "by Q3",
    )
