"""Budget: an amount of money the buyer spends or may spend.

What the tagger calls a budget is often other money: "10m ARR" is their revenue, "the $900
plan" our price, "Northwind quoted us $45k" another vendor's offer, "our last tool was about
25k" a price they no longer pay, "20 million events" not money at all. An amount counts only
when it looks like money, in a sentence about what they spend or may spend, and none of the
words next to it say it is someone else's money.
"""

from __future__ import annotations

import re

from bot.dialogue.entities._words import overlaps

_CURRENCY_WORD = r"(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)"
_BIG = r"(?:k|m|mn|thousand|million|mil|grand)"
_MONEY = re.compile(
    rf"(?:[$€£]|\b(?:usd|eur|gbp)\s?)\s?\d[\d,.]*(?:\s*{_BIG}\b)?(?:\s*{_CURRENCY_WORD}\b)?"
    rf"|\b\d[\d,.]*\s*(?:{_BIG}\b(?:\s*{_CURRENCY_WORD}\b)?|{_CURRENCY_WORD}\b)",
    re.IGNORECASE,
)
# The buyer talking about what they spend or may spend, in the sentence that holds the amount.
_BUDGET_WORDS = re.compile(
    r"\b(?:budget\w*|spend\w*|spent|pay|pays|paying|afford|allocated|approved|"
    r"sign(?:ed)? off|set aside|stretch to|most we (?:can|could)|earmarked|cap|capped|"
    r"ceiling|to play with|invest\w*|money|max(?:imum)?|up to|worth|deal|ballpark|"
    r"costs?\s+(?:us|me|a fortune|a ton|a lot|too much|way too much)|costing\s+(?:us|me)|"
    r"anything (?:under|below|less than)|"
    r"(?:stay|keep (?:it|us)|come in)\s+(?:under|below))\b",
    re.IGNORECASE,
)
# Money that is not what they would spend with us: their revenue or funding, our price,
# another vendor's quote, what an old tool cost.
_NOT_THEIR_SPEND = re.compile(
    r"\b(?:arr|mrr|revenue|turnover|sales|gmv|raised?|raising|funding|series\s+[a-e]|"
    r"valuation|round|your|quoted?|quoting|offered|offer|proposal|list price|"
    r"(?:last|previous|old|former)\s+(?:tool|vendor|provider|contract|platform|solution))\b",
    re.IGNORECASE,
)
# "the $900 plan", "the growth plan costs $1,200": a price of a plan, ours or theirs
_PRODUCT_PRICE_AFTER = re.compile(r"^\s*(?:plan|tier|package|edition|option)\b", re.IGNORECASE)
_PRODUCT_PRICE_BEFORE = re.compile(
    r"\b(?:plan|tier|package|edition)\s+(?:is|costs|at|=)\s*(?:about|around|roughly|like)?\s*$",
    re.IGNORECASE,
)
_FUNCTION_WORD = re.compile(
    r"(?:a|an|the|per|each|every|in|on|for|to|or|and|but|is|was|of|with|at|we|that|this|"
    r"which|including|incl|tops|total|max|ish|all|from|so|if|as|right|now|now)$",
    re.IGNORECASE,
)
_MONEY_NOUN = re.compile(rf"(?:{_CURRENCY_WORD}|years?|months?|quarters?|yrs?|mos?)$", re.I)
_SENTENCE_END = re.compile(r"[!?;]+(?=\s|$)|\.(?=\s|$)|\n")


def trusted_budget(value: str | None, text: str = "") -> str | None:
    """NLU's budget, kept only when it is an amount of money the buyer says they spend or may
    spend ("budget around $30k", "we pay 60k/yr")."""
    if not value or not value.strip():
        return None
    value = value.strip()
    return value if overlaps(value, text or value, budget_spans(text or value)) else None


def budget_in(text: str | None) -> str | None:
    """A budget stated in ``text`` ("budget around 150k"), when the entity tagger missed it.

    Only an amount that looks like money in a sentence about what the buyer spends counts, so
    "team of 60", "10m ARR" or "the $900 plan" never becomes a deal size.
    """
    spans = budget_spans(text)
    return text[spans[0][0] : spans[0][1]].strip() if text and spans else None


def budget_spans(text: str | None) -> list[tuple[int, int]]:
    """Where ``text`` states the buyer's budget: an amount that looks like money (a currency
    sign or word, or a k/thousand/million unit), not counting something else ("20 million
    events", "50k MAU"), in a sentence about what they spend or may spend, and not their
    revenue, their funding, our price or another vendor's quote."""
    if not text:
        return []
    spans = []
    for match in _MONEY.finditer(text):
        start, end = match.span()
        sentence = _sentence(text, start, end)
        if not _BUDGET_WORDS.search(sentence) and not _has_it(text, start):
            continue
        before = " ".join(text[max(0, start - 40) : start].split()[-5:])
        after = text[end : end + 30]
        if _NOT_THEIR_SPEND.search(before + " " + " ".join(after.split()[:3])):
            continue
        if _PRODUCT_PRICE_AFTER.search(after) or _PRODUCT_PRICE_BEFORE.search(before):
            continue
        if _counts_something(after):
            continue
        spans.append((start, end))
    return spans


def _sentence(text: str, start: int, end: int) -> str:
    begin, stop = 0, len(text)
    for mark in _SENTENCE_END.finditer(text):
        if mark.end() <= start:
            begin = mark.end()
        elif mark.start() >= end:
            stop = mark.start()
            break
    return text[begin:stop]


def _has_it(text: str, start: int) -> bool:
    """ "we have 10k", "we've got about $8k": money they hold for this."""
    before = text[max(0, start - 30) : start].lower()
    return bool(re.search(r"\b(?:have|got)\s+(?:about|around|roughly|maybe|~)?\s*$", before))


def _counts_something(after: str) -> bool:
    """ "20 million events", "50k monthly active users", "100k MAU": the words right after
    the number name what it counts (a plural or an acronym), so it is not money."""
    for token in re.findall(r"[A-Za-z][\w-]*|\S", after)[:4]:
        if not token[0].isalpha() or _FUNCTION_WORD.match(token) or _MONEY_NOUN.match(token):
            return False
        plural = token.lower().endswith("s") and not token.lower().endswith("ss")
        if plural or (token.isupper() and len(token) > 1):
            return True
    return False
