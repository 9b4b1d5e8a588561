"""Answers as a buyer reads them, on the real sample content."""

from dataclasses import replace

from bot.dialogue.answer import (
    DONT_KNOW,
    DONT_KNOW_AGAIN,
    SAME_PASSAGE,
    compose_answer,
    not_quoted_again,
    only_repeats,
)
from bot.dialogue.profile import BuyerProfile


def paths(answer) -> list[str]:
    return [s["path"] for s in answer.sources]


def test_a_list_question_quotes_the_bullet_that_decides_it(context) -> None:
    answer = compose_answer("Which plan comes with unlimited seats?", context())

    assert answer.confident
    assert "Business: $2,400 a month" in answer.text and "unlimited seats" in answer.text
    assert "Source: Pricing and plans (https://tessellate.example/pricing)" in answer.text
    assert paths(answer)[0] == "buying/pricing.md"


def test_where_the_competitor_wins_quotes_that_whole_list(context) -> None:
    answer = compose_answer(
        "where does Ordinal beat you?", context(competitor="Ordinal"), comparison=True
    )

    assert answer.text.startswith("Where Ordinal is the better choice:")
    for bullet in ("versioned with dbt", "never leave your own warehouse", "compute you control"):
        assert bullet in answer.text
    assert paths(answer) == ["compare/ordinal.md"]


def test_a_comparison_brings_the_honest_caveat_uncut(context) -> None:
    answer = compose_answer(
        "why should we pick you over Northwind?", context(competitor="Northwind"), comparison=True
    )

    assert "To be fair, where Northwind is the better choice:" in answer.text
    assert "self-hosted edition" in answer.text
    assert "the switching cost is real" in answer.text  # the last bullet, not cut off
    assert set(paths(answer)) == {"compare/northwind.md"}


def test_a_yes_no_question_gets_a_plain_no_first(context) -> None:
    answer = compose_answer("is there an SDK for Flutter?", context())

    assert answer.text.startswith("No. There is no official SDK for PHP, .NET, Flutter")
    assert paths(answer) == ["product/integrations.md"]


def test_a_two_part_question_is_answered_part_by_part(context) -> None:
    answer = compose_answer("Where is our data hosted, and will you sign a DPA?", context())

    assert "eu-central-1" in answer.text
    assert "data processing agreement (DPA)" in answer.text
    assert answer.text.count("Source: Security and compliance") == 2
    assert answer.unanswered == []


def test_an_on_topic_question_the_pages_do_not_answer_is_declined(context) -> None:
    answer = compose_answer("who are your investors?", context())

    assert not answer.confident
    assert answer.text == DONT_KNOW
    assert answer.sources == []
    assert answer.unanswered == ["who are your investors?"]


def test_a_standard_the_pages_do_not_name_is_declined(context) -> None:
    answer = compose_answer("Are you ISO 9001 certified?", context())
    assert not answer.confident  # the pages say ISO 27001, which is not what was asked


def test_the_second_miss_in_a_row_does_not_offer_a_person_again(context) -> None:
    answer = compose_answer("what's your office address?", context(), first_miss=False)
    assert answer.text == DONT_KNOW_AGAIN


def test_the_part_the_pages_do_not_cover_is_named_as_open(context) -> None:
    answer = compose_answer("do you sign a DPA, and who are your investors?", context())

    assert answer.confident
    assert "data processing agreement" in answer.text
    assert "Our pages don't say" in answer.text
    assert answer.unanswered == ["who are your investors?"]


def test_what_the_buyer_said_matters_leads_the_answer_when_it_is_on_point(context) -> None:
    answer = compose_answer(
        "Which plan comes with unlimited seats?",
        context(profile=BuyerProfile(criteria="unlimited seats")),
    )
    assert answer.text.startswith("You said unlimited seats matters most, so:")


def test_a_follow_up_prefers_the_page_of_the_previous_answer(context) -> None:
    answer = compose_answer(
        "and on the Free plan?", context(previous_page="product/support-slas.md")
    )
    assert paths(answer)[0] == "product/support-slas.md"


def test_a_follow_up_on_a_new_topic_leaves_the_previous_page(context) -> None:
    # After "do you do SSO?" (the security page): the price is on the pricing page.
    answer = compose_answer(
        "and Enterprise starts at what price?",
        context(previous_page="product/security-compliance.md"),
    )
    assert paths(answer)[0] == "buying/pricing.md"
    assert "$60,000" in answer.text


def test_a_checklist_question_is_not_quoted_as_the_answer_about_us(context) -> None:
    answer = compose_answer("do you have a SOC 2 Type II report?", context())

    assert paths(answer)[0] != "buying/questions-to-ask-any-vendor.md"
    assert answer.text.startswith("Yes.") and "Can we see" not in answer.text


def test_the_checklist_answers_a_buyer_who_asks_what_to_ask(context) -> None:
    answer = compose_answer("what questions should we put to every vendor about exit?", context())

    assert paths(answer)[0] == "buying/questions-to-ask-any-vendor.md"


def test_chat_shorthand_is_answered_like_the_written_out_question(context) -> None:
    answer = compose_answer("r u soc2 type 2 or just type 1", context())

    assert answer.confident and "SOC 2 Type II report" in answer.text


def test_asking_what_plans_there_are_lists_every_plan(context) -> None:
    answer = compose_answer("What plans do you have?", context())
    assert answer.sources[0]["heading"] == "The four plans"
    for plan in ("Free:", "Team:", "Business:", "Enterprise:"):
        assert plan in answer.text


def test_a_heading_made_of_question_words_does_not_win_the_question(context) -> None:
    # "What it does" shares only "what" with the question: not a reason to pick it.
    answer = compose_answer("What is Tessellate, in a nutshell?", context())
    assert "hosted product analytics platform" in answer.text


def test_a_new_question_answered_by_the_quote_just_sent_is_declined(context) -> None:
    first = compose_answer("What kind of companies use it?", context())
    waiting = (
        f"While you wait for Priya, here's what our pages say (I'm the assistant):\n{first.text}"
    )

    for previous in (first.text, waiting):
        again = not_quoted_again(first, "How many people work at Tessellate?", previous)
        assert again.text == SAME_PASSAGE and not again.confident
        assert again.unanswered == ["How many people work at Tessellate?"]


def test_a_quote_that_is_part_of_the_previous_reply_still_answers(context) -> None:
    plans = compose_answer("What plans do you have?", context())
    dollars = compose_answer("Are those prices in dollars?", context())

    assert not_quoted_again(dollars, "Are those prices in dollars?", plans.text) == dollars


def test_a_follow_up_read_with_the_previous_question_looks_past_what_was_said(context) -> None:
    first = "is the 99.9 uptime sla actually in the contract or just marketing"
    uptime = compose_answer(first, context())
    assert "Only the Enterprise plan carries" in uptime.text
    follow_up = context(previous_page="product/support-slas.md", shown=uptime.sources)
    assert not compose_answer("and if you miss it?", follow_up).confident

    # Read with the previous question (as the action server then does), it finds the
    # uptime figure again, which adds nothing...
    question = f"{first} and if you miss it?"
    assert only_repeats(compose_answer(question, follow_up, split=False), uptime.text)
    # ...so it is read once more, past what that reply quoted.
    fresh = compose_answer(question, replace(follow_up, just_said=uptime.text), split=False)
    assert "credit of 10%" in fresh.text
    assert not only_repeats(fresh, uptime.text)


def test_a_company_fact_the_pages_lack_is_declined_though_every_page_names_us(context) -> None:
    for question in ("Who is Tessellate's CEO?", "is Tessellate profitable yet?"):
        answer = compose_answer(question, context())

        assert not answer.confident, question
        assert answer.text == DONT_KNOW


def test_what_the_product_is_is_still_answered_from_the_overview(context) -> None:
    answer = compose_answer("What is Tessellate, in a nutshell?", context())

    assert answer.confident
    assert paths(answer)[0] == "product/overview.md"
