"""Only details that look like what they claim reach the rep's packet."""

import pytest

from bot.dialogue.entities import trusted_budget, trusted_team_size, trusted_timeline, trusted_tool


@pytest.mark.parametrize(
    ("value", "text", "kept"),
    [
        ("40", "we're a team of 40 on Pipit", "40"),
        ("35", "35 seats, maybe more", "35"),
        ("60", "about 60 engineers and PMs", "60"),
        ("2", "we need SOC 2 before anything", None),
        ("27001", "and ISO 27001 too", None),
        ("2", "SOC 2 Type 2 report please, we're a team of 12", None),
        ("12", "SOC 2 Type 2 report please, we're a team of 12", "12"),
    ],
)
def test_team_size_needs_people_around_the_number(value: str, text: str, kept) -> None:
    assert trusted_team_size(value, text) == kept


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("by Q3", "by Q3"),
        ("next month", "next month"),
        ("quarter", None),
        ("before my CEO signs", None),
        ("in 6 weeks", "in 6 weeks"),
    ],
)
def test_timeline_must_pin_down_a_time(value: str, kept) -> None:
    assert trusted_timeline(value) == kept


def test_budget_must_look_like_money_and_tools_like_products() -> None:
    assert trusted_budget("$30k", "our budget is about $30k") == "$30k"
    assert trusted_budget("$900", "saw the $900 plan on your site, is that monthly?") is None
    assert trusted_budget("60 people", "budget for 60 people") is None
    assert trusted_tool("Mixpanel") == "Mixpanel"
    assert trusted_tool("SOC 2") is None


def test_details_the_tagger_missed_are_found_in_the_words() -> None:
    from bot.dialogue.entities import trusted_details

    found = trusted_details(
        {"team_size": "2"}, "team of 12 product folks, SOC 2 needed, must decide by end of March"
    )
    assert found["team_size"] == "12"
    assert found["timeline"] == "by end of March"
    assert trusted_details({}, "can you do a demo tomorrow after 3pm?")["team_size"] is None


def _timeline(text: str) -> str | None:
    from bot.dialogue.entities import trusted_details

    return trusted_details({}, text)["timeline"]


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("we're locked in with Pipit till our renewal in April, want to switch then", None),
        ("we need to choose before our renewal in April", "before our renewal"),
        ("our plan is to sign in the next 45 days", "in the next 45 days"),
        ("timeline: end of Q1 ideally", "end of Q1"),
        ("leadership wants a go/no-go by Thursday", "by Thursday"),
        ("we'd kick the pilot off the second week of May", "the second week of May"),
        ("we're hoping to be up and running by 1 March", "by 1 March"),
    ],
)
def test_a_date_the_buyer_plans_by_becomes_the_timeline(text: str, timeline) -> None:
    assert _timeline(text) == timeline


@pytest.mark.parametrize(
    "text",
    [
        "are you ISO 27001 and is support 24/7?",
        "is 3 weeks of onboarding part of every plan?",
        "in 2018 we moved everything to Heap",
        "we went live with our current tool in March",
        "could your team demo it to us on Friday?",
        "does billing restart in January on the yearly plan?",
        "we're comparing three vendors this week",
        "I may have more questions later",
        "we need this signed off before the CFO is back",
    ],
)
def test_history_product_questions_and_vague_events_are_not_a_timeline(text: str) -> None:
    assert _timeline(text) is None


def test_nlu_timeline_is_kept_only_where_the_words_are_a_plan() -> None:
    text = "we moved to Heap in June and now want to leave it by September"
    assert trusted_timeline("in June", text) is None
    assert trusted_timeline("by September", text) == "by September"


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("procurement signed off on 60k for this", "60k"),
        ("we've got about $9k a year for it", "$9k"),
        ("the most we could stretch to is 25 thousand dollars", "25 thousand dollars"),
        ("our ARR is $6M and the budget for analytics is $70k", "$70k"),
        ("we raised $15M in March, spending is still careful", None),
        ("Pipit quoted us 38k, what would you charge?", None),
        ("your scale tier is $3,000 a month, right? we'd pay less for fewer seats", None),
        ("we have 80k monthly active users, what would that cost us?", None),
        ("we ingest 40 million events a month, what's the spend at that volume?", None),
    ],
)
def test_budget_is_money_the_buyer_spends(text: str, budget) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["budget"] == budget
    assert trusted_budget(budget or "", text) == budget


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("we're 14 in total", "14"),
        ("there are 7 of us doing product", "7"),
        ("team is like 25 ppl", "25"),
        ("we have 80k monthly active users and 3 million installs", None),
    ],
)
def test_team_size_said_in_other_words(text: str, team) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["team_size"] == team


def test_current_tool_is_one_they_use_today() -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({"competitor": "Ordinal"}, "we're on Ordinal today")["current_tool"] == (
        "Ordinal"
    )
    evaluating = trusted_details({"competitor": "Ordinal"}, "we're trialling Ordinal too")
    assert evaluating["current_tool"] is None
    assert trusted_tool("Amplitude", "we moved off Amplitude last year, now on Heap") is None
    assert trusted_tool("Amplitude", "is retention longer than Amplitude?") is None


def _packet(text: str, **nlu: str) -> dict[str, str]:
    """What reaches the rep's packet from one message: only the filled details."""
    from bot.dialogue.entities import trusted_details

    return {name: value for name, value in trusted_details(nlu, text).items() if value}


@pytest.mark.parametrize(
    ("text", "packet"),
    [
        # who logs in, part of a team, the buyer counting themselves apart
        (
            "mixpanel costs us 3.5k a month and only 4 people even log in",
            {"budget": "3.5k", "current_tool": "mixpanel"},
        ),
        (
            "using posthog for now, it's 3 devs and me",
            {"team_size": "4", "current_tool": "posthog"},
        ),
        ("its me and 2 other PMs, plus a couple of engineers who dip in", {}),
        (
            "what would enterprise cost for a 1000-employee company like ours?",
            {"team_size": "1000"},
        ),
        ("is there a startup discount? we're 4 founders, pre-revenue", {"team_size": "4"}),
    ],
)
def test_team_counts_only_the_whole_team(text: str, packet: dict[str, str]) -> None:
    assert _packet(text) == packet


@pytest.mark.parametrize(
    ("text", "packet"),
    [
        ("anything under 15k/yr would be an easy yes from my VP", {"budget": "15k"}),
        (
            "we're on Adobe Analytics and it costs a fortune, like 150k a year",
            {
                "budget": "150k",
                "current_tool": "Adobe Analytics",
            },
        ),
        ("honestly the budget is whatever my VP approves, last tool was about 25k", {}),
        ("the growth plan costs $1,200/mo for us, right?", {}),
        ("it costs $500 for the starter plan?", {}),
    ],
)
def test_budget_is_what_they_spend_not_what_something_else_cost(text, packet) -> None:
    assert _packet(text) == packet


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        # a later clause of the buyer's plan points back at the date
        (
            "Q1 2027 is when the new budget kicks in, so realistically that's when we'd buy",
            "Q1 2027",
        ),
        (
            "our current contract runs out end of August, we'll need to switch before that",
            "end of August",
        ),
        ("contract is up in feb and we need a decision before then", "in feb"),
        # ...but a rule about approvals is not a plan
        ("our fiscal year starts in april so anything we buy has to be approved before then", None),
        # a time that names a thing is not the date; the deadline after it is
        ("we need to be live before our Q4 peak, realistically by mid October", "by mid October"),
        ("the go-live date is Sept 15, our app relaunch is that week", "Sept 15"),
        ("we'd like to get going in the new year, after the code freeze", "in the new year"),
        ("we'd want to kick off in 6-8 weeks once the reorg is done", "in 6-8 weeks"),
        # the vendor's plan, not the buyer's
        ("currently paying heap ~$3,200 per month, they want 40% more next year", None),
    ],
)
def test_timeline_from_plans_that_point_back_and_not_from_others_plans(text, timeline) -> None:
    assert _timeline(text) == timeline


def test_nlu_quarter_that_names_a_thing_is_dropped() -> None:
    text = "we need to be live before our Q4 peak, realistically by mid October"
    assert trusted_timeline("Q4", text) is None
    assert _packet(text, timeline="Q4") == {"timeline": "by mid October"}


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("hiya, current setup is posthog self-hosted which is a pain", "posthog"),
        ("were a small shop, 5 ppl, using plausible for now", "plausible"),
        ("we've got 6 years of data in GA, need at least 2 of them", "GA"),
        ("need to replace Woopra asap, its been down twice this week", "Woopra"),
        ("Tableau for BI, Segment for collection, nothing for product analytics", None),
        ("We're a 250-person company, GA4 for marketing, nothing for product yet", None),
        ("does it integrate with amplitude?", None),
        ("do you have a case study on amplitude migrations?", None),
    ],
)
def test_well_known_tools_the_tagger_missed_are_found_when_in_use(text: str, tool) -> None:
    assert _packet(text).get("current_tool") == tool


def test_a_warehouse_or_cdp_the_tagger_tags_is_not_their_analytics_tool() -> None:
    assert _packet("Segment for collection, Looker on top", current_tool="Segment") == {}
    assert _packet("12 years of data in a postgres db", current_tool="postgres") == {}


@pytest.mark.parametrize(
    ("text", "team"),
    [
        # groups times their size, when both are exact; a stated total after the parts
        ("two squads of 8 would use it daily", "16"),
        ("our company has 2 offices with 18 people in each", "36"),
        ("three squads of 6 engineers plus a PM each, so call it 21 people", "21"),
        ("we'd roll it out to 3 regional teams (roughly 25 people each)", None),
        ("4 product teams of 6 people plus a design team of 5", None),
        ("we have 2 teams with 12 and 8 people", None),
        # numbers in words, other words for a company, a team of one
        ("team of twelve, all remote, spread over 4 time zones", "12"),
        ("we're a games studio of 60", "60"),
        ("headcount is 64 as of this week", "64"),
        ("it's just me for now, solo founder", "1"),
        ("our business of 5 years has grown a lot", None),
        ("we have two hundred users", None),
        ("2 of the engineers will set it up", None),
        # the buyer's own team before the organisation around it, and before a pilot's seats
        ("we're a 3-person data team inside a 900 person bank", "3"),
        ("we're a 200-person company but the pilot would be 10 seats", "200"),
        ("the 2 PMs and I are the main users, the rest just read reports", None),
    ],
)
def test_team_size_from_groups_words_and_the_whole_team(text: str, team) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["team_size"] == team


def test_nlu_team_size_yields_to_the_likelier_count() -> None:
    assert trusted_team_size("8", "two squads of 8 would use it daily") == "16"
    assert trusted_team_size("900", "we're a 3-person data team inside a 900 person bank") is None


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("two squads of 8. we can do $25 per seat per month, not more", "$25"),
        ("we pay roughly 1,100 a month for Mixpanel, give or take", "1,100"),
        ("finance gave us a number: 18k all-in for year one", "18k"),
        ("we're looking at about 4k per quarter, paid quarterly if possible", "4k"),
        ("we can't go over 50k in year one", "50k"),
        ("we're on Ordinal's enterprise tier at about 72k a year", "72k"),
        ("can you beat 1.5k/month? that's what PostHog charges us today", "1.5k"),
        ("we can spend CHF 20,000 per year, VAT excluded", "CHF 20,000"),
        ("anything between 10 and 15 thousand dollars works for us", "15 thousand dollars"),
        # their funding, others' money, volumes, a question about our price
        ("we have $2M in the bank after our seed and no budget line for analytics yet", None),
        ("we onboard about 300 a month", None),
        ("we lose about 10k a month to churn", None),
        ("our AWS bill is 30k a month", None),
        ("we process $2M a month in payments", None),
        ("if we go over 10M events, what is the overage fee of $0.0004?", None),
    ],
)
def test_budget_said_in_other_words_and_not_other_money(text: str, budget) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["budget"] == budget


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("we're leaving Pipit when the contract ends in Q1", "in Q1"),
        ("hard stop: the old system gets switched off on 31 October", "31 October"),
        (
            "ideally we'd have dashboards up by 1 April, when our new fiscal year starts",
            "by 1 April",
        ),
        ("once our Series C closes we'll move fast, probably in the spring", "in the spring"),
        ("we'd want it rolled out to all 3 regional teams by Q2", "by Q2"),
        ("sometime in the next 6 months, depends on the hiring plan", "in the next 6 months"),
        ("no rush on our side, maybe sometime next year", "next year"),
        # a document wanted soon, an expansion later, a contract's date
        ("does your DPA cover US sub-processors? our DPO needs it by Friday", None),
        ("we'd start small with 5 seats, then add the sales team (another 20) in the autumn", None),
        ("Q3, that's when our Heap contract ends", None),
        ("we will know more when the reorg settles in Q3", None),
    ],
)
def test_timeline_kinds_of_plans_and_not_plans(text: str, timeline) -> None:
    assert _timeline(text) == timeline


def test_nlu_timeline_yields_to_the_deadline() -> None:
    text = "the plan is to kick off the evaluation in January and choose by March"
    assert trusted_timeline("january", text) is None
    assert _packet(text, timeline="january") == {"timeline": "by March"}


@pytest.mark.parametrize(
    ("text", "nlu", "tool"),
    [
        # negated, past, only evaluated, only a trial, someone else's past
        ("we're not on Heap anymore, switched to PostHog last spring", "Heap", None),
        ("we don't use Mixpanel anymore, it's Heap now", "Mixpanel", None),
        ("we were on Heap until last year, now it's Looker dashboards", "Heap", None),
        ("evaluating you and Mixpanel right now", "Mixpanel", None),
        ("for context, our CTO used Amplitude at her last company", "Amplitude", None),
        ("we are thinking of switching to Heap", "Heap", None),
        ("we have used Amplitude for 3 years", "Amplitude", "Amplitude"),
    ],
)
def test_nlu_tool_they_left_or_only_evaluate_is_dropped(text: str, nlu: str, tool) -> None:
    assert trusted_tool(nlu, text) == tool


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("we're not on Heap anymore, switched to PostHog last spring", "PostHog"),
        ("we don't use Mixpanel anymore, it's Heap now", "Heap"),
        ("we switched from GA to Matomo in 2021 and we're still on it", "Matomo"),
        ("we've outgrown Plausible, we need product funnels now", "Plausible"),
        ("can you beat 1.5k/month? that's what PostHog charges us today", "PostHog"),
        ("our GA4 property has 25 data streams, will the import cope?", "GA4"),
        ("we dropped Mixpanel in March. for now it's Excel", "Excel"),
        ("we're on GA360 via our agency", "GA360"),
        ("we're a 2 person startup on firebase analytics", "firebase analytics"),
        ("we went to Heap for a demo", None),
        ("can I export to spreadsheets?", None),
    ],
)
def test_tools_in_use_said_in_other_words(text: str, tool) -> None:
    assert _packet(text).get("current_tool") == tool


def test_a_competitor_in_a_trial_is_not_their_tool() -> None:
    from bot.dialogue.entities import trusted_details

    text = "our trial with Northwind ends Friday and we're not convinced"
    assert trusted_details({"competitor": "Northwind"}, text)["current_tool"] is None


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        # of several amounts: what they may spend, not what they pay today or paid before
        ("we pay Heap 40k a year today and want to get that under 30k", "30k"),
        ("last year's budget was 20k, this year we have 35k for analytics", "35k"),
        ("we were paying 15k for Woopra until last year; now we have 25k to spend", "25k"),
        ("Amplitude wanted 90k, we negotiated down to 70k and that's what we pay now", "70k"),
        # ...and the main amount, not the aside after it
        ("the budget is 45k, maybe 50k at a stretch", "45k"),
        ("budget: 25k year one, 30k from year two", "25k"),
        ("our old vendor charged 30k, we'd like to stay around 20k", "20k"),
    ],
)
def test_budget_of_several_amounts(text: str, budget) -> None:
    from bot.dialogue.entities import trusted_details

    assert trusted_details({}, text)["budget"] == budget
    assert trusted_budget("50k" if "50k" in text else "90k", text) in (None, budget)


@pytest.mark.parametrize(
    ("text", "nlu", "timeline"),
    [
        ("we could start in January but the real deadline is end of March", "january", None),
        ("we're 40 people now, will be 60 by summer", "by summer", None),
        (
            "we'll review options in 2 weeks and want to sign within the month",
            "within",
            "within the month",
        ),
    ],
)
def test_nlu_timeline_named_deadline_growth_and_fragments(text: str, nlu: str, timeline) -> None:
    assert trusted_timeline(nlu, text) == timeline


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("we could start in January but the real deadline is end of March", "end of March"),
        ("we'll review options in 2 weeks and want to sign within the month", "within the month"),
        ("we have 3 weeks to decide, and the budget is 45k", "3 weeks"),
        ("we're 40 people now, will be 60 by summer", None),
    ],
)
def test_timeline_of_several_times(text: str, timeline) -> None:
    assert _timeline(text) == timeline
