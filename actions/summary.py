"""The decision summary (any time) and the short recap when the decision form finishes."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import answer_question
from actions.handoff_slots import deal_size_events
from actions.knowledge import get_knowledge_base, site_names
from actions.tracker_info import appended, profile_of
from bot.answering import policy_from
from bot.config import get_settings
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.selection import answerable, quote, select
from bot.dialogue.summary import (
    DecisionSummary,
    Finding,
    build_summary,
    criteria_said,
    render_summary,
    topics_to_check,
)
from bot.dialogue.worries import worry_label, worry_query

STILL_UNSURE_HINT = (
    "If you're still unsure after reading this, say so and I'll bring in a person from our team."
)


def decision_summary(tracker: Tracker) -> DecisionSummary:
    """The summary (its JSON is also what ``action_handoff`` passes on to the rep)."""
    profile = profile_of(tracker)
    return build_summary(
        profile,
        findings(profile),
        tracker.get_slot("questions_asked") or [],
        tracker.get_slot("sources_shown") or [],
        tracker.get_slot("open_questions") or [],
        known_competitors=known_competitors(),
    )


def known_competitors() -> set[str]:
    """The competitor names the content knows (each page's ``competitors``)."""
    return {name for doc in get_knowledge_base().documents() for name in doc.competitors}


def findings(profile: BuyerProfile) -> list[Finding]:
    """What the content says on each part of the decision (None where it says nothing):
    the sentences that answer it, chosen as for any answer."""
    kb = get_knowledge_base()
    policy = policy_from(get_settings())
    result = []
    for label, query in topics_to_check(profile):
        selection = select(kb.search(query, k=3), policy)
        if answerable(selection, kb.unknown_terms(query), policy):
            assert selection is not None
            result.append(Finding(label, selection.hit, quote(selection.units)))
        else:
            result.append(Finding(label, None))
    return result


class ActionDecisionSummary(Action):
    """Plain-text summary the buyer can forward, with its sources attached."""

    def name(self) -> str:
        return "action_decision_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        summary = decision_summary(tracker)
        data = summary.to_json()
        sources = [item["source"] for item in data["content_says"]]
        shown = data["sources_shown"]
        dispatcher.utter_message(
            # One newline, not a blank line: Rasa's REST channel splits text on blank lines,
            # and the sources must stay attached to this one message.
            text=f"{render_summary(summary, site_names().product)}\n{STILL_UNSURE_HINT}",
            json_message={
                "sources": shown + [s for s in sources if s not in shown],
                "summary": data,
            },
        )
        return [
            SlotSet("summary_given", True),
            SlotSet("sources_shown", appended(tracker, "sources_shown", sources)),
        ]


class ActionDecisionRecap(Action):
    """After the form: repeat back what we heard and answer the main worry if we can."""

    def name(self) -> str:
        return "action_decision_recap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        profile = profile_of(tracker)
        situation = profile.situation_line()
        heard = [
            f"situation: {situation}" if situation else None,
            f"what matters most: {criteria_said(profile.criteria)}"
            if criteria_said(profile.criteria)
            else None,
            f"main worry: {profile.main_worry}" if profile.main_worry else None,
        ]
        lines = [
            "Thanks. Here's what I have: " + "; ".join(h for h in heard if h) + "."
            if any(heard)
            else "Thanks. No problem that you skipped those."
        ]
        events: list[dict[str, Any]] = []
        if profile.main_worry:
            answer = answer_question(
                tracker, worry_query(profile.worry_type, profile.main_worry)
            ).answer
            if answer.confident:
                label = worry_label(profile.worry_type) or "your worry"
                lines.append(f"On {label}, our content says:\n{answer.text}")
                events.append(
                    SlotSet("sources_shown", appended(tracker, "sources_shown", answer.sources))
                )
                _send(dispatcher, lines, answer.sources)
                return events + deal_size_events(tracker.get_slot("budget"))
        lines.append('Ask me anything, or say "summary" for a write-up you can forward.')
        _send(dispatcher, lines, [])
        return events + deal_size_events(tracker.get_slot("budget"))


def _send(dispatcher: CollectingDispatcher, lines: list[str], sources: list[Any]) -> None:
    if sources:
        dispatcher.utter_message(text="\n".join(lines), json_message={"sources": sources})
    else:
        dispatcher.utter_message(text="\n".join(lines))
