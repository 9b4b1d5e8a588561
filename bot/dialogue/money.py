"""Reading an amount of money out of what a buyer typed ("$150k", "80,000", "1.2m")."""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*)\s*(?P<unit>k|m|thousand|million|mil)?\b",
    re.IGNORECASE,
)
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mil": 1_000_000,
    "million": 1_000_000,
}


def parse_amount(text: str | None) -> float | None:
    """The first amount in ``text`` as a number, or None when there is none.

    Commas are thousands separators ("250,000"); a single dot with one or two digits after it
    is a decimal point ("1.5m").
    """
    if not text:
        return None
    match = _AMOUNT.search(text.replace("$", " ").replace("€", " ").replace("£", " "))
    if not match:
        return None
    number = match.group("number")
    if re.fullmatch(r"\d+\.\d{1,2}", number):
        value = float(number)
    else:
        value = float(re.sub(r"[.,]", "", number))
    unit = (match.group("unit") or "").lower()
    return value * _MULTIPLIERS.get(unit, 1)


def format_amount(value: float) -> str:
    """A readable amount for messages ("150,000")."""
    return f"{value:,.0f}"


_BUDGET_WORDS = re.compile(
    r"\b(budget\w*|spend|spending|pay|paying|afford|allocated|approved|deal|worth|set aside)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"[$€£]\s?\d[\d,.]*\s*(?:k|m|thousand|million)?\b|"
    r"\b\d[\d,.]*\s*(?:k|thousand|million|grand)\b",
    re.IGNORECASE,
)


def budget_in(text: str | None) -> str | None:
    """A budget stated in ``text`` ("budget around 150k"), when the entity tagger missed it.

    Only an amount that looks like money (a currency sign or a k/thousand/million unit) in a
    message that talks about budget or spend counts, so "team of 60" or "10m ARR" never
    becomes a deal size.
    """
    if not text or not _BUDGET_WORDS.search(text):
        return None
    match = _MONEY.search(text)
    return match.group(0).strip() if match else None
