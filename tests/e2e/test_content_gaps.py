"""Content gaps for real: buyers' questions go through the gateway, trained Rasa and the action
server; what the pages could not answer, and an answer a buyer marked not helpful in the
widget, then show up in ``bot kb gaps`` and ``bot kb stats``."""

from __future__ import annotations

import json
import subprocess

import httpx

from bot.config import PROJECT_ROOT
from tests.support.stack import BOT, Stack

INVESTORS = [
    "which venture capital firms have backed Tessellate?",
    "how much money have you raised from investors so far?",
]
COVERED = "Which CRMs and warehouses do you integrate with?"


def open_conversation(stack: Stack) -> tuple[str, dict[str, str]]:
    body = httpx.post(f"{stack.web_url}/api/conversations", json={}).json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def ask(stack: Stack, cid: str, auth: dict[str, str], text: str) -> list[dict]:
    response = httpx.post(
        f"{stack.web_url}/api/conversations/{cid}/messages",
        json={"text": text},
        headers=auth,
        timeout=90,
    )
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def bot(stack: Stack, *args: str) -> str:
    done = subprocess.run(
        [BOT, "kb", *args], env=stack.env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_declined_questions_and_a_not_helpful_answer_reach_the_editors(stack: Stack) -> None:
    for question in INVESTORS:  # two buyers, same question in other words
        cid, auth = open_conversation(stack)
        [reply] = [m for m in ask(stack, cid, auth, question) if m["text"]][:1]
        assert "don't know" in reply["text"], reply["text"]
        assert reply["custom"]["answer_record"]["status"] == "declined"

    cid, auth = open_conversation(stack)
    cited = [m for m in ask(stack, cid, auth, COVERED) if m["sources"]]
    assert cited, "the integrations question is answered from a cited page"
    record = cited[0]["custom"]["answer_record"]
    assert record["status"] in {"answered", "weak"} and record["path"].endswith(".md")
    clicked = httpx.post(
        f"{stack.web_url}/api/conversations/{cid}/messages/{cited[0]['id']}/feedback",
        json={"helpful": False, "reason": "I asked about Pipedrive, it listed others"},
        headers=auth,
    )
    assert clicked.status_code == 200, clicked.text

    report = json.loads(bot(stack, "gaps", "--json"))

    investors = next(g for g in report["groups"] if any(q in g["examples"] for q in INVESTORS))
    assert sorted(q for q in investors["examples"] if q in INVESTORS) == sorted(INVESTORS)
    assert investors["buyers"] >= 2 and investors["reasons"].get("declined", 0) >= 2
    unhelpful = next(g for g in report["groups"] if COVERED in g["examples"])
    assert unhelpful["reasons"].get("not_helpful") == 1
    assert "I asked about Pipedrive, it listed others" in unhelpful["buyer_reasons"]

    pages = json.loads(bot(stack, "stats", "--json"))["pages"]
    page = next(p for p in pages if p["path"] == record["path"])
    assert page["cited"] >= 1 and page["not_helpful"] >= 1


def test_a_buyer_marks_a_cited_answer_not_helpful_in_the_widget(stack: Stack, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(stack.web_url + "/")
        page.get_by_test_id("chat-launcher").click()
        page.get_by_test_id("chat-input").fill("Is there an SDK for Flutter apps?")
        page.get_by_test_id("chat-send").click()
        control = page.get_by_test_id("answer-feedback").first
        control.wait_for(timeout=90_000)
        control.get_by_role("button", name="No").click()
        page.get_by_test_id("feedback-reason").fill("we need Flutter web too")
        with page.expect_response(lambda r: r.url.endswith("/feedback")) as sent:
            page.get_by_test_id("feedback-reason").press("Enter")
        assert sent.value.status == 200
        assert sent.value.json()["reason"] == "we need Flutter web too"
        page.get_by_text("Thanks, noted").wait_for(timeout=10_000)
    finally:
        context.close()

    report = json.loads(bot(stack, "gaps", "--json"))
    reasons = [r for g in report["groups"] for r in g["buyer_reasons"]]
    assert "we need Flutter web too" in reasons
