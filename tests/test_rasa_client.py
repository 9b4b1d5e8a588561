"""Rebuilding bot messages from the items Rasa's REST channel really sends."""

from __future__ import annotations

from bot.rasa_client import group_replies, session_start_events


def test_text_split_on_blank_lines_is_joined_and_sources_attached() -> None:
    # What Rasa 3.6 sends for one utter_message(text="A\n\nB", json_message={"sources": [...]})
    items = [
        {"recipient_id": "c", "text": "A"},
        {"recipient_id": "c", "text": "B"},
        {"recipient_id": "c", "custom": {"sources": [{"title": "Pricing", "url": "u"}]}},
    ]
    replies = group_replies(items)
    assert len(replies) == 1
    assert replies[0].text == "A\n\nB"
    assert replies[0].sources == [{"title": "Pricing", "url": "u"}]
    assert replies[0].payload == {}


def test_buttons_images_and_other_custom_json_are_kept() -> None:
    items = [
        {
            "recipient_id": "c",
            "text": "Pick one",
            "buttons": [{"title": "Yes", "payload": "/affirm"}],
        },
        {"recipient_id": "c", "custom": {"handoff": {"rep": {"name": "Ana"}}}},
        {"recipient_id": "c", "image": "https://x.example/a.png"},
        {"recipient_id": "c", "text": "Next"},
    ]
    replies = group_replies(items)
    assert [r.text for r in replies] == ["Pick one", "", "Next"]
    assert replies[0].payload["buttons"][0]["payload"] == "/affirm"
    assert replies[0].payload["custom"] == {"handoff": {"rep": {"name": "Ana"}}}
    assert replies[1].payload == {"image": "https://x.example/a.png"}


def test_odd_item_shapes_are_kept_safe_rather_than_failing_the_turn() -> None:
    replies = group_replies(
        [
            {"text": 42, "custom": ["not", "a", "dict"]},
            {"text": "Pick one", "buttons": ["junk", {"title": "Yes", "payload": "/affirm"}]},
            {"text": "No buttons here", "buttons": "junk"},
        ]
    )
    assert [r.text for r in replies] == ["42", "Pick one", "No buttons here"]
    assert replies[1].payload["buttons"] == [{"title": "Yes", "payload": "/affirm"}]
    assert "buttons" not in replies[2].payload and "custom" not in replies[0].payload


def test_a_new_session_carries_each_slot_once_with_its_current_value() -> None:
    events = session_start_events(
        {"last_answer_page": "product/integrations.md", "questions_asked": ["a", "b"], "x": None}
    )
    # Rasa's /tracker/events appends a session start only when it begins with these two.
    assert events[:2] == [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
    ]
    assert events[2:-1] == [
        {"event": "slot", "name": "last_answer_page", "value": "product/integrations.md"},
        {"event": "slot", "name": "questions_asked", "value": ["a", "b"]},
    ]
    assert events[-1] == {"event": "action", "name": "action_listen"}
