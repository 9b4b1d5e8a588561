"""Every reader of the handoff summary reads fields its writer writes (DecisionSummary)."""

from __future__ import annotations

import re

from bot.config import PROJECT_ROOT
from bot.dialogue.summary import FIELD_LABELS, DecisionSummary
from bot.handoff.notify import EMAIL_FIELDS, email_body
from tests.handoff.factories import SOURCE, make_summary

FIELDS = set(DecisionSummary.model_fields)
CONSOLE_JS = PROJECT_ROOT / "bot" / "web" / "static" / "console" / "console.js"


def console_summary_keys() -> list[str]:
    script = CONSOLE_JS.read_text()
    block = re.search(r"var SUMMARY_FIELDS = \[(.*?)\];", script, re.S)
    assert block, "SUMMARY_FIELDS not found in console.js"
    keys = re.findall(r'\[\s*"(\w+)"\s*,', block.group(1))
    # The other summary keys renderDetail reads directly (``var s = h.summary``; ``s.<key>``).
    detail = re.search(r"function renderDetail\(.*?\n  }\n", script, re.S)
    assert detail and "var s = h.summary" in detail.group(0)
    keys += re.findall(r"\bs\.(\w+)\b", detail.group(0))
    return keys


def test_the_console_reads_only_fields_the_summary_has() -> None:
    keys = console_summary_keys()
    assert {"situation", "worry", "competitors", "sources_shown", "content_says"} <= set(keys)
    assert set(keys) <= FIELDS


def test_labels_and_email_fields_are_summary_fields() -> None:
    assert set(FIELD_LABELS) <= FIELDS
    assert set(EMAIL_FIELDS) <= set(FIELD_LABELS)


def test_email_lists_what_the_buyer_said_and_the_competitors() -> None:
    summary = make_summary(
        situation="analytics team",
        current_tool="Northwind",
        competitor="Pipit",
        criteria="SQL access",
        main_worry="migration effort",
        questions_asked=["Is there SSO?", "Can we export?"],
        sources_shown=[SOURCE],
        open_questions=["Do you do SCIM?"],
    )
    handoff = {"reason": "The buyer asked to talk to a person.", "summary": summary.to_json()}
    body = email_body(handoff, "http://console.example/console#handoff=1")
    assert "Situation: analytics team; using Northwind today" in body
    assert "What matters most: SQL access" in body
    assert "Main worry: migration effort" in body
    assert "Competitors named: Pipit; Northwind" in body
    assert "Questions asked: Is there SSO?; Can we export?" in body
    assert "Open questions: Do you do SCIM?; Which" not in body  # criteria were given
    assert "Open questions: Do you do SCIM?" in body
    assert "Sources shown: Tessellate vs Northwind — Pricing" in body


def test_email_of_a_summary_stored_before_a_field_existed() -> None:
    handoff = {"reason": "Asked.", "summary": {"situation": "evaluating", "reason": "x"}}
    body = email_body(handoff, "http://console.example/console#handoff=2")
    assert "Situation: evaluating" in body
    assert "Competitors named" not in body and "Main worry" not in body
