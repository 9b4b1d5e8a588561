from bot.dialogue.answer import DONT_KNOW, DONT_KNOW_AGAIN, build_query, compose_answer, rank_hits
from bot.dialogue.hits import excerpt
from bot.dialogue.profile import BuyerProfile
from tests.dialogue.conftest import hit

NO_CAVEAT = lambda path: None  # noqa: E731


def test_confident_answer_quotes_the_passage_and_names_the_page() -> None:
    answer = compose_answer([hit()], NO_CAVEAT, BuyerProfile(), min_confidence=0.35)

    assert answer.confident
    assert "Team costs $900 a month" in answer.text
    assert "Source: Pricing and plans (https://tessellate.example/pricing)" in answer.text
    assert answer.sources == [
        {
            "title": "Pricing and plans",
            "url": "https://tessellate.example/pricing",
            "path": "buying/pricing.md",
            "heading": "The four plans",
        }
    ]


def test_page_without_url_is_cited_by_path() -> None:
    answer = compose_answer([hit(url=None)], NO_CAVEAT, BuyerProfile(), 0.35)
    assert "Source: Pricing and plans (buying/pricing.md)" in answer.text


def test_caveat_of_the_page_is_included() -> None:
    caveat = hit(
        heading="Where Northwind is the better choice",
        text="You must deploy on-premises. Northwind has a self-hosted edition.",
    )
    best = hit(
        path="compare/northwind.md",
        title="Tessellate vs Northwind Insights",
        heading="The short version",
        text="Tessellate is narrower and faster to adopt.",
    )

    answer = compose_answer([best], lambda path: caveat, BuyerProfile(), 0.35)

    assert (
        "To be fair, where Northwind is the better choice: You must deploy on-premises."
        in answer.text
    )


def test_caveat_is_not_repeated_when_it_is_the_answer_itself() -> None:
    same = hit(heading="Where Northwind is the better choice", text="Self-hosting.")
    answer = compose_answer([same], lambda path: same, BuyerProfile(), 0.35)
    assert "To be fair" not in answer.text


def test_low_confidence_says_i_dont_know_and_has_no_sources() -> None:
    answer = compose_answer([hit(confidence=0.2)], NO_CAVEAT, BuyerProfile(), 0.35)

    assert not answer.confident
    assert answer.text == DONT_KNOW
    assert answer.sources == []


def test_second_miss_does_not_offer_again() -> None:
    answer = compose_answer([], NO_CAVEAT, BuyerProfile(), 0.35, first_miss=False)
    assert answer.text == DONT_KNOW_AGAIN


def test_criteria_break_near_ties_and_phrase_the_answer() -> None:
    setup = hit(
        path="buying/onboarding.md",
        title="Onboarding",
        heading="Setup",
        text="Most teams finish setup in two to six weeks.",
        confidence=0.70,
    )
    price = hit(confidence=0.71)
    profile = BuyerProfile(criteria="setup speed")

    ranked = rank_hits([price, setup], profile, 0.35)
    answer = compose_answer([price, setup], NO_CAVEAT, profile, 0.35)

    assert ranked[0] is setup
    assert answer.text.startswith("You said setup speed matters most, so: Most teams")


def test_second_page_is_offered_when_it_is_nearly_as_good() -> None:
    other = hit(path="buying/tco.md", title="Total cost", confidence=0.78)
    answer = compose_answer([hit(), other], NO_CAVEAT, BuyerProfile(), 0.35)
    assert "See also: Total cost" in answer.text
    assert len(answer.sources) == 2


def test_query_adds_the_competitor_only_when_missing() -> None:
    assert build_query("is it cheaper?", "Pipit") == "is it cheaper? Pipit"
    assert build_query("is pipit cheaper?", "Pipit") == "is pipit cheaper?"
    assert build_query("why you?", "Pipit", comparison=True) == "Tessellate vs Pipit: why you?"
    assert build_query("why you?") == "why you?"


def test_excerpt_cuts_at_sentence_boundaries() -> None:
    text = "One two three. " * 10 + "## Heading\n- bullet"
    short = excerpt(text, max_words=10)
    assert short.endswith(".")
    assert len(short.split()) <= 10


def test_no_criteria_lead_in_for_a_single_stray_word() -> None:
    profile = BuyerProfile(criteria="price and ease of setup")
    passage = hit(text="Historical events can be imported; setup of imports takes a day.")
    answer = compose_answer([passage], NO_CAVEAT, profile, 0.35)
    assert not answer.text.startswith("You said")
