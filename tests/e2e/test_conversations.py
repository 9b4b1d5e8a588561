"""A fast subset of the conversation evaluation on the real stack (the whole tuning and
held-out sets run in `make bench`): one conversation per failure class of issue 9, each of
which must pass every check, turn by turn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.conversation_eval import failure_report, load_set, run_set, seed_reps
from tests.support.databases import sqlite_database
from tests.support.prestart import taken
from tests.support.stack import Stack, running_stack

pytestmark = pytest.mark.stack

FAST_SUBSET = [
    "situation-pipit-team-asks-flutter-sdk",  # a question inside a situation, then a follow-up
    "situation-sales-call-about-45-seat-deal",  # a person asked for inside a situation
    "section-where-ordinal-beats-us",  # the section that answers, not the top one
    "late-which-plan-unlimited-seats",  # the deciding bullet of a list
    "two-part-rudderstack-and-databricks",  # two questions in one message
    "unknown-iso-9001-then-27001",  # "our pages don't say", then the near miss answered
    "context-competitor-hop-by-name-only",  # "and against Northwind?"
    "doubt-cost-repeated",  # doubt without loops, a person offered
    "voice-doubt-shelfware-last-time",  # the worry told after a doubt reply; "still dont know"
    "stakes-uptime-in-writing-or-no-deal",  # an ultimatum goes to a person
    "waiting-email-confirmed-then-when",  # email confirmed, the rep's real availability
    "noise-gdpr-article-28",  # "Article 28" is not a team size
    "language-portuguese-sso",  # another language: an honest English reply
    "ordinary-northwind-comparison-with-caveat",  # the honest caveat, uncut
]


@pytest.fixture(scope="module")
def seeded_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Its own stack with the sample reps, as `make run` seeds them (started in the background
    when the run was planned: tests/support/prestart.py)."""
    with taken("seeded_stack") as started:
        if started is not None:
            yield started
            return
    workdir = tmp_path_factory.mktemp("conversations")
    database_url = sqlite_database(str(workdir / "candor.db"))
    with running_stack(database_url, Path(workdir)) as stack:
        seed_reps(stack.env)
        yield stack


def test_fast_subset_of_the_tuning_conversations_passes(seeded_stack: Stack) -> None:
    conversations = [c for c in load_set("tuning") if c["id"] in FAST_SUBSET]
    assert len(conversations) == len(FAST_SUBSET)

    results = run_set(seeded_stack.web_url, conversations)

    assert all(r.passed for r in results), failure_report(results)


def test_the_checks_catch_a_wrong_reply(seeded_stack: Stack) -> None:
    """The evaluation itself can fail: a conversation whose expectation is wrong is caught."""
    wrong = {
        "id": "deliberately-wrong",
        "turns": [
            {
                "buyer": "Which plan comes with unlimited seats?",
                "expect": {"cites": ["compare/pipit.md"], "says": ["unlimited coffee"]},
            }
        ],
    }
    [result] = run_set(seeded_stack.web_url, [wrong])
    assert not result.passed
    failures = result.turns[0].failures
    assert any("compare/pipit.md" in f for f in failures)
    assert any("unlimited coffee" in f for f in failures)
