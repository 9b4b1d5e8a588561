"""What editors see of a buyer's question: the question, never who asked it."""

from __future__ import annotations

import pytest

from bot.gaps.privacy import mask_personal


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (
            "hi im Dana Whitfield from Acme, call me on +44 20 7946 0958 or dana@acme.io",
            "hi im [name] from Acme, call me on [phone] or [email]",
        ),
        (
            "my colleague Priya asked if you sign HIPAA BAAs",
            "my colleague [name] asked if you sign HIPAA BAAs",
        ),
        (
            "can you send it to our CTO, Mark Jones? thanks, Lou",
            "can you send it to our CTO, [name]? thanks, [name]",
        ),
        ("my name is José, is there a VPAT?", "my name is [name], is there a VPAT?"),
        ("This is Raj here, what about ISO 9001?", "This is [name] here, what about ISO 9001?"),
        ("reach me at 555-123-4567 after 3", "reach me at [phone] after 3"),
        ("first.last+sales@sub.example.co.uk wants a quote", "[email] wants a quote"),
    ],
)
def test_emails_phones_and_names_are_masked(written: str, shown: str) -> None:
    assert mask_personal(written) == shown


@pytest.mark.parametrize(
    "question",
    [
        "does it work with Snowflake and HubSpot?",
        "I am looking for your SOC 2 report",
        "we have 40,000 monthly users and renew on 2026-12-01",
        "is there an integration with Zendesk",
        "can we ask Northwind to export our data first?",
        "we're 250 people on Pipit, would Business fit?",
    ],
)
def test_ordinary_questions_keep_their_words(question: str) -> None:
    assert mask_personal(question) == question
