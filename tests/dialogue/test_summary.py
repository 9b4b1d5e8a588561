import pytest

from bot.dialogue.profile import SKIPPED, BuyerProfile
from bot.dialogue.summary import (
    ContentSays,
    DecisionSummary,
    Finding,
    Source,
    build_summary,
    competitors_named,
    render_summary,
    topics_to_check,
)


@pytest.fixture
def pricing_hit(sample_kb):
    """A real hit from the sample content, as the summary action finds it."""
    hits = sample_kb.search("How much are the Team and Business plans?", k=5)
    return next(h for h in hits if h.heading == "The four plans")


def profile() -> BuyerProfile:
    return BuyerProfile.from_slots(
        {
            "situation": "B2B SaaS, product team",
            "team_size": "40",
            "current_tool": "Northwind",
            "criteria": "price and setup time",
            "main_worry": "the migration",
            "worry_type": "switching_risk",
            "timeline": SKIPPED,
        }
    )


def test_skipped_answers_count_as_unknown() -> None:
    assert profile().timeline is None
    assert profile().situation_line() == (
        "B2B SaaS, product team; team of 40, using Northwind today"
    )


def test_topics_are_what_matters_and_the_worry_not_the_situation() -> None:
    # A search on the buyer's own facts finds pages by their words, not an answer.
    labels = [label for label, _ in topics_to_check(profile())]
    assert labels == ["“price and setup time”", "the risk of switching"]
    assert topics_to_check(BuyerProfile(situation="We're 55 people on Pipit")) == []


def test_criteria_are_given_without_their_lead_in_or_full_stop() -> None:
    said = BuyerProfile.from_slots(
        {"criteria": "What matters most to us is that product managers can self-serve."}
    )
    [(label, query)] = topics_to_check(said)
    assert (label, query) == (
        "“product managers can self-serve”",
        "product managers can self-serve",
    )
    summary = build_summary(said, [Finding(label, None)], [], [], [])
    assert summary.criteria == "product managers can self-serve"
    assert summary.open_questions == [
        "What does our content say on “product managers can self-serve”?"
    ]


def test_summary_says_what_content_says_and_lists_open_questions(pricing_hit) -> None:
    team_price = "Team: $900 a month billed annually ($10,800 a year)."
    findings = [
        Finding("price and setup time", pricing_hit, team_price),
        Finding("the risk of switching", None),
    ]
    shown = [
        {
            "title": "Pricing and plans",
            "url": "https://tessellate.example/pricing",
            "path": "buying/pricing.md",
            "heading": "The four plans",
        }
    ] * 2

    summary = build_summary(profile(), findings, ["How much?"], shown, ["Do you do SCIM?"])
    text = render_summary(summary)

    assert summary.sources_shown == [Source(**shown[0])]
    assert summary.content_says == [
        ContentSays(
            topic="price and setup time",
            text=team_price,
            source=Source(**shown[0]),
        )
    ]
    assert summary.open_questions == [
        "Do you do SCIM?",
        "What does our content say on the risk of switching?",
    ]
    assert "Situation: B2B SaaS, product team; team of 40, using Northwind today" in text
    assert "What matters most: price and setup time" in text
    assert "Main worry: the migration" in text
    assert (
        f"- On price and setup time: {team_price} "
        "(Pricing and plans, https://tessellate.example/pricing)"
    ) in text
    assert "- Pricing and plans: https://tessellate.example/pricing" in text
    assert "*" not in text and "#" not in text  # plain text, forwardable


def test_empty_summary_is_honest_about_gaps() -> None:
    text = render_summary(build_summary(BuyerProfile(), [], [], [], []))
    assert "Situation: not given yet" in text
    assert "Which two or three criteria matter most?" in text


def test_the_json_is_every_field_and_reads_back_the_same(pricing_hit) -> None:
    summary = build_summary(
        profile(),
        [Finding("price", pricing_hit)],
        ["How much?"],
        [],
        [],
        known_competitors=["Northwind"],
    )
    data = summary.to_json()
    assert list(data) == list(DecisionSummary.model_fields)
    assert data["worry"] == "the migration" and data["current_tool"] == "Northwind"
    assert data["content_says"][0]["source"] == {
        "title": "Pricing and plans",
        "url": "https://tessellate.example/pricing",
        "path": "buying/pricing.md",
        "heading": "The four plans",
    }
    assert DecisionSummary.from_json(data) == summary
    assert DecisionSummary.from_json(summary) is summary


def test_old_or_partial_stored_summaries_still_load() -> None:
    assert DecisionSummary.from_json(None) == DecisionSummary()
    assert DecisionSummary.from_json({}).competitors == []
    old = DecisionSummary.from_json(
        {
            "situation": "40 people",
            "team_size": 40,
            "industry": "fintech",  # keys nothing writes are ignored
            "sources_shown": [{"title": "Pricing", "heading": None}],
        }
    )
    assert (old.situation, old.team_size, old.worry) == ("40 people", "40", None)
    assert old.sources_shown == [Source(title="Pricing")]


def test_competitors_are_the_one_named_and_the_current_tool_if_it_is_one() -> None:
    known = ["Northwind", "Pipit", "Ordinal"]
    named = BuyerProfile.from_slots({"competitor": "Pipit", "current_tool": "northwind"})
    assert competitors_named(named, known) == ["Pipit", "Northwind"]
    same = BuyerProfile.from_slots({"competitor": "Pipit", "current_tool": "Pipit"})
    assert competitors_named(same, known) == ["Pipit"]
    tool = BuyerProfile.from_slots({"current_tool": "spreadsheets"})
    assert competitors_named(tool, known) == []
    assert build_summary(profile(), [], [], [], [], known_competitors=known).competitors == [
        "Northwind"
    ]
    assert build_summary(profile(), [], [], [], []).competitors == []  # no content, no names


def test_the_situation_holds_statements_not_questions_and_no_fact_twice() -> None:
    # As action_note_situation recorded it before statements were cut from questions.
    said = BuyerProfile.from_slots(
        {
            "situation": "Do you use TLS 1.2, and what happens in a severity 1 incident? "
            "We're 150 staff.",
            "team_size": "150",
        }
    )
    summary = build_summary(said, [], [], [], [])
    assert summary.situation == "We're 150 staff"
    assert "Situation: We're 150 staff\n" in render_summary(summary)


def test_the_situation_keeps_the_facts_its_words_do_not_state() -> None:
    said = BuyerProfile.from_slots(
        {
            "situation": "We're a 60-person B2B SaaS company on Pipit, deciding this quarter.",
            "team_size": "60",
            "current_tool": "Pipit",
            "timeline": "this quarter",
            "budget": "$30k",
        }
    )
    assert said.situation_line() == (
        "We're a 60-person B2B SaaS company on Pipit, deciding this quarter; budget $30k"
    )
    # "150" is not said by "1500 requests a minute"; "1,500" is "1500".
    assert BuyerProfile(situation="1500 requests a minute", team_size="150").situation_line() == (
        "1500 requests a minute; team of 150"
    )
    assert BuyerProfile(situation="We're 1,500 people", team_size="1500").situation_line() == (
        "We're 1,500 people"
    )


def test_open_questions_read_as_questions_once_each() -> None:
    asked = [
        "what happens in a severity 1 incident? We're 150 staff.",
        "What happens in a severity 1 incident?",
        "We're a 110-person SaaS company, comparing you with Ordinal.",
        "IT insists on SCIM. Which plan has it?",
        "does it run on-prem",
        "we need EU hosting",
    ]
    summary = build_summary(BuyerProfile(criteria="price"), [], [], [], asked)
    assert summary.open_questions == [
        "What happens in a severity 1 incident?",
        "IT insists on SCIM. Which plan has it?",
        "Does it run on-prem?",
        "We need EU hosting",
    ]


def test_a_statement_searched_is_not_listed_as_a_question_asked() -> None:
    asked = ["We're currently on Northwind Insights.", "How long would it take to roll out?"]
    summary = build_summary(BuyerProfile(), [], asked, [], [])
    assert summary.questions_asked == ["How long would it take to roll out?"]


def test_only_a_known_kind_of_worry_is_passed_on() -> None:
    # The slot is NLU's raw worry entity: "Business" is no kind of worry.
    raw = BuyerProfile.from_slots({"main_worry": "the cost", "worry_type": "Business"})
    assert build_summary(raw, [], [], [], []).worry_type is None
    assert build_summary(profile(), [], [], [], []).worry_type == "switching_risk"


def test_a_quote_is_one_line_and_given_once_for_two_topics(pricing_hit) -> None:
    quote = "Plans:\n- Team: $900 a month\n- Business: $2,400 a month"
    findings = [Finding("price", pricing_hit, quote), Finding("the budget", pricing_hit, quote)]
    [said] = build_summary(BuyerProfile(), findings, [], [], []).content_says
    assert said.topic == "price and the budget"
    assert said.text == "Plans: Team: $900 a month; Business: $2,400 a month"
