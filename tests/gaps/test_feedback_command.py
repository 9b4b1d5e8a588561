"""Which ``user_uttered`` messages are feedback, and how a malformed one is refused."""

from __future__ import annotations

import pytest

from bot.gaps.feedback import FeedbackRejected, is_feedback_command, parse_feedback


def test_only_the_feedback_command_is_feedback() -> None:
    assert is_feedback_command('/feedback{"message_id": 3, "helpful": true}')
    assert is_feedback_command(" /feedback ")  # refused below, but never sent to Rasa
    assert not is_feedback_command("/feedbacks")
    assert not is_feedback_command("/affirm")
    assert not is_feedback_command("my feedback: /feedback{}")
    assert not is_feedback_command(None)


def test_a_malformed_command_says_what_is_missing() -> None:
    request = parse_feedback('/feedback{"message_id": 3, "helpful": false, "reason": "vague"}')
    assert (request.message_id, request.helpful, request.reason) == (3, False, "vague")
    with pytest.raises(FeedbackRejected, match="helpful"):
        parse_feedback('/feedback{"message_id": 3}')
    with pytest.raises(FeedbackRejected, match="message_id"):
        parse_feedback({"message_id": 0, "helpful": True})
    with pytest.raises(FeedbackRejected, match="/feedback"):
        parse_feedback("/feedback{not json")
    with pytest.raises(FeedbackRejected, match="object"):
        parse_feedback(["helpful"])
