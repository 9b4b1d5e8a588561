"""Reading an amount of money out of what a buyer typed ("$150k", "80,000", "1.2m").

Whether an amount is the buyer's budget is ``bot.dialogue.entities.budget``'s question;
``budget_in`` and ``budget_spans`` are importable from here too.
"""

from __future__ import annotations

import re

from bot.dialogue.entities.budget import budget_in, budget_spans

__all__ = ["budget_in", "budget_spans", "format_amount", "parse_amount"]

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
