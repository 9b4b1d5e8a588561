"""The five kinds of doubt buyers bring, and how to look them up in the content."""

from __future__ import annotations

WORRY_LABELS: dict[str, str] = {
    "cost": "cost",
    "switching_risk": "the risk of switching",
    "buy_in": "getting buy-in inside your company",
    "fit": "whether it fits your team",
    "vendor_trust": "trusting us as a vendor",
}

# The question each worry stands for, asked the way a buyer would: answers are chosen by
# how close a sentence is to the question, so a natural question finds the sentence that
# addresses the worry even when the buyer only sighed "pricey...".
WORRY_QUERIES: dict[str, str] = {
    "cost": "What will it really cost us over three years, beyond the licence?",
    "switching_risk": "What is the biggest risk when switching analytics tools?",
    "buy_in": "What will my CFO want to see before approving this purchase?",
    "fit": "Who is this product not the right fit for?",
    # Not "can we take our data…?": the vendor checklist is made of questions like that.
    "vendor_trust": "Do we own our data, and can we leave without fees?",
}

_KEYWORDS: dict[str, tuple[str, ...]] = {
    "cost": ("cost", "price", "pricing", "expensive", "afford", "budget", "pricey", "cheap"),
    "switching_risk": (
        "switch",
        "migrat",
        "moving off",
        "move off",
        "historical",
        "re-instrument",
        "lose our",
        "break our",
        "risk",
    ),
    "buy_in": (
        "boss",
        "buy-in",
        "buy in",
        "convince my",
        "convince our",
        "convince the",
        "sign off",
        "sign-off",
        "stakeholder",
        "finance",
        "cfo",
        "cto",
        "leadership",
        "my team",
        # Whether people will use it is buy-in inside the company: adoption.
        "adoption",
        "shelfware",
        "won't use",
        "wont use",
        "won't bother",
        "wont bother",
        "stop using",
        "learn another",
        "learning another",
    ),
    "fit": ("fit", "overkill", "too small", "too big", "right for us", "nobody used", "adopt"),
    "vendor_trust": (
        "trust",
        "acquired",
        "lock-in",
        "lock in",
        "locked in",
        "around in",
        "young company",
        "startup like you",
        "go out of business",
        "security",
    ),
}


def classify_worry(text: str | None, entity_value: str | None = None) -> str | None:
    """The worry type for a message: the NLU entity when it gave one, else keywords.

    Keywords back up the entity because a short doubt ("pricey...") is often too small for
    the entity extractor to tag, and the answer is better when we know the worry.
    """
    if entity_value in WORRY_LABELS:
        return entity_value
    lowered = (text or "").lower()
    for worry, words in _KEYWORDS.items():
        if any(word in lowered for word in words):
            return worry
    return None


def worry_label(worry_type: str | None) -> str | None:
    """Plain words for a worry type, for messages and summaries."""
    return WORRY_LABELS.get(worry_type or "")


def worry_query(worry_type: str | None, text: str | None) -> str:
    """What to search for to address this worry."""
    return " ".join(part for part in (WORRY_QUERIES.get(worry_type or ""), text) if part)
