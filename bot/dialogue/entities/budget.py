"""Budget: an amount of money the buyer spends or may spend.

What the tagger calls a budget is often other money: "10m ARR" is their revenue, "the $900
plan" our price, "Northwind quoted us $45k" another vendor's offer, "our last tool was about
25k" a price they no longer pay, "20 million events" not money at all. An amount counts only
when it looks like money, in a sentence about what they spend or may spend, and none of the
words next to it say it is someone else's money. Weaker signs ("we can do $25 a seat", "we
can't go over 50k", "PostHog charges us 1.5k") count only outside a question, and a bare
number ("we pay roughly 1,100 a month") only with a word like "pay" or "budget".
"""

from __future__ import annotations

import re

from bot.dialogue.entities._words import overlaps

_CODE = r"(?:usd|eur|gbp|chf|cad|aud|nzd|sgd|sek|nok|dkk|pln|inr|jpy)"
_CURRENCY_WORD = rf"(?:{_CODE}|dollars?|euros?|pounds?|bucks|francs?|kronor|krona|rupees)"
_BIG = r"(?:k|m|mn|thousand|million|mil|grand|lakh|crore)"
# a bare number paid by the month or year: "we pay roughly 1,100 a month"
_RATE = (
    r"(?:/|an?|per|each|every)\s*(?:mo|mth|month|yr|year|annum|quarter|qtr)\b|"
    r"(?:monthly|annually|yearly|quarterly)\b"
)
_MONEY = re.compile(
    rf"(?:[$€£¥₹]|\b{_CODE}\s?)\s?\d[\d,.]*(?:\s*{_BIG}\b)?(?:\s*{_CURRENCY_WORD}\b)?"
    rf"|\b\d[\d,.]*\s*(?:{_BIG}\b(?:\s*{_CURRENCY_WORD}\b)?|{_CURRENCY_WORD}\b)"
    rf"|\b\d{{1,3}}(?:,\d{{3}})+(?=\s*(?:{_RATE}))|\b\d{{2,6}}(?=\s*(?:{_RATE}))",
    re.IGNORECASE,
)
# The buyer talking about what they spend or may spend, in the sentence that holds the amount.
_BUDGET_WORDS = re.compile(
    r"\b(?:budget\w*|spend\w*|spent|pay|pays|paying|afford|allocated|approved|"
    r"sign(?:ed)? off|set aside|stretch to|most we (?:can|could)|earmarked|cap|capped|"
    r"ceiling|to play with|invest\w*|money|max(?:imum)?|up to|worth|deal|ballpark|"
    r"costs?\s+(?:us|me|a fortune|a ton|a lot|too much|way too much)|costing\s+(?:us|me)|"
    r"anything (?:under|below|less than|between|up to)|"
    r"(?:stay|keep (?:it|us)|come in)\s+(?:under|below|around|at|within))\b",
    re.IGNORECASE,
)
# Weaker signs of the same, counted only outside a question ("if we go over 10M events,
# what's the overage fee of $0.0004?" is a question about our price): "we can do $25 a seat",
# "we can't go over 50k", "PostHog charges us 1.5k", "18k all-in for year one"
_SPEND_CUES = re.compile(
    r"\b(?:(?:can|could)(?:n't|not| not)?\s+(?:do|go\s+(?:over|above|beyond)|manage|justify)|"
    r"(?:go|going)\s+(?:over|above|beyond)|works? for us|charges?\s+(?:us|me)|"
    r"charging\s+(?:us|me)|bills?\s+us|all-?in|(?:in|for)\s+year\s+one|"
    r"(?:finance|procurement|leadership|the board|(?:my|our|the)?\s*(?:vp|boss|cfo|ceo))\s+"
    r"(?:gave|approved|allocated|agreed|set|says|said)|the number is|"
    r"(?:is|are|would be)\s+(?:fine|ok|okay|doable|workable|affordable))\b",
    re.IGNORECASE,
)
# Money that is not what they would spend with us: their revenue or funding, our price,
# another vendor's quote, what an old tool cost.
_NOT_THEIR_SPEND = re.compile(
    r"\b(?:arr|mrr|revenue|turnover|sales|gmv|raised?|raising|funding|series\s+[a-e]|"
    r"valuation|round|seed|runway|in the bank|cash|your|quoted?|quoting|offered|offer|"
    r"proposal|list price|fees?|overages?|surcharge|wanted|asked for|asking for|"
    r"(?:last|previous|old|former)\s+(?:tool|vendor|provider|contract|platform|solution))\b",
    re.IGNORECASE,
)
# "the $900 plan", "the growth plan costs $1,200": a price of a plan, ours or theirs
_PRODUCT_PRICE_AFTER = re.compile(r"^\s*(?:plan|tier|package|edition|option)\b", re.IGNORECASE)
_PRODUCT_PRICE_BEFORE = re.compile(
    r"\b(?:plan|tier|package|edition)\s+(?:is|costs|at|=)\s*(?:about|around|roughly|like)?\s*$",
    re.IGNORECASE,
)
# "we're on Ordinal's enterprise tier at about 72k": the plan they pay for today
_THEIR_PLAN = re.compile(
    r"\b(?:we(?:'re|\s+are)\s+on|we\s+(?:have|pay for|bought)|our)\b[^.!?;]*$", re.I
)
# "the price went from 18k to 31k": what they pay now, after a rise
_WENT_UP_TO = re.compile(
    r"\b(?:went|jumped|increased|rose|climbed|gone)\s+(?:up\s+)?(?:from\s+\S+\s+)?to\s*$", re.I
)
# "we're looking at about 4k per quarter", "thinking 20k": the amount they have in mind
_HAVE_IN_MIND = re.compile(
    r"\b(?:we(?:'re|\s+are)\s+(?:looking at|thinking|aiming for|targeting|hoping for)|"
    r"we'?d\s+be\s+(?:comfortable|fine|ok|okay|happy)\s+with|"
    r"(?:comfortable|fine|ok|okay|happy)\s+(?:with|at))\s+"
    r"(?:about|around|roughly|maybe|approx\w*|something like|~)?\s*"
    r"(?:[$€£]?\d[\d,.]*k?\s*(?:to|-|–|or)\s*)?$",  # "looking at 20 to 30 thousand euros"
    re.IGNORECASE,
)
# "can you beat 1.5k/month? that's what PostHog charges us": the next sentence says whose
_THATS_WHAT = re.compile(
    r"^\s*(?:that's|that is|which is)\s+what\s+[^.!?;]*\b(?:pay|paying|charges?|charging|"
    r"bills?|costs?)\s+(?:us|me)?",
    re.IGNORECASE,
)
_FUNCTION_WORD = re.compile(
    r"(?:a|an|the|per|each|every|in|on|for|to|or|and|but|is|was|of|with|at|we|that|this|"
    r"which|including|incl|tops|total|max|ish|all|from|so|if|as|right|now|now|"
    # verbs after the amount: "15 thousand dollars works for us"
    r"works|fits|sounds|seems|makes|gets|covers|includes|does|goes|means|feels|looks|says)$",
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
    best = _best_span(text or value)
    return value if best and overlaps(value, text or value, [best]) else None


def budget_in(text: str | None) -> str | None:
    """A budget stated in ``text`` ("budget around 150k"), when the entity tagger missed it.

    Only an amount that looks like money in a sentence about what the buyer spends counts, so
    "team of 60", "10m ARR" or "the $900 plan" never becomes a deal size.
    """
    best = _best_span(text)
    return text[best[0] : best[1]].strip() if text and best else None


def _best_span(text: str | None) -> tuple[int, int] | None:
    """Of several amounts, the budget: one they may spend before what they pay today ("we pay
    Heap 40k and want to get that under 30k": 30k), both before a past one ("last year's
    budget was 20k, this year we have 35k": 35k), and a main amount before an aside ("45k,
    maybe 50k at a stretch": 45k); the first of the same kind."""
    if not text:
        return None
    spans = budget_spans(text)
    ranked = []
    previous = 0
    for start, end in spans:
        lead = text[max(previous, start - 60) : start]
        previous = end
        rank = 3 if _PAST_MONEY.search(lead) else 1 if _PAID_NOW.search(lead) else 0
        if _ASIDE_BEFORE.search(lead) or _ASIDE_AFTER.match(text[end:]):
            rank += 0.5
        ranked.append((rank, start, end))
    return min(ranked)[1:] if ranked else None


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
        question = _asks(text, end)
        if _bare(match[0]) and not _BUDGET_WORDS.search(sentence):
            continue  # "we onboard about 300 a month": a bare number needs "pay", "budget"...
        if not (
            _BUDGET_WORDS.search(sentence)
            or (_SPEND_CUES.search(sentence) and not question)
            or _has_it(text, start)
            or (_HAVE_IN_MIND.search(text[max(0, start - 50) : start]) and not question)
            or _THATS_WHAT.match(_next_sentence(text, end))
            or _WENT_UP_TO.search(text[max(0, start - 30) : start])
            or _on_their_plan(text, start)
        ):
            continue
        before = " ".join(text[max(0, start - 40) : start].split()[-5:])
        after = text[end : end + 30]
        if _NOT_THEIR_SPEND.search(before + " " + " ".join(after.split()[:3])):
            continue
        if _PRODUCT_PRICE_AFTER.search(after) or (
            _PRODUCT_PRICE_BEFORE.search(before) and not _on_their_plan(text, start)
        ):
            continue
        if _counts_something(after):
            continue
        spans.append((start, end))
    return spans


# the words leading to an amount: a past one, what they pay today, an aside
_PAST_MONEY = re.compile(
    r"\b(?:was|were|last year'?s?|previously|used to|originally|paid|spent|charged)\b"
    r"[^.;!?]*$",
    re.IGNORECASE,
)
_PAID_NOW = re.compile(
    r"\b(?:pay|pays|paying|spending|costs?\s+us|charges?\s+us|charging\s+us)\b[^.;!?]*$",
    re.IGNORECASE,
)
_ASIDE_BEFORE = re.compile(
    r"(?:\b(?:maybe|or|perhaps|possibly|another|plus)|\+)\s*(?:about|around|~)?\s*$", re.I
)
_ASIDE_AFTER = re.compile(
    r"^\s*(?:at a (?:push|stretch)|if (?:we|i) (?:must|have to|really)|from year (?:two|2)|"
    r"(?:in|for) year (?:two|2)|after that|on top)\b",
    re.IGNORECASE,
)


def _sentence(text: str, start: int, end: int) -> str:
    begin, stop = 0, len(text)
    for mark in _SENTENCE_END.finditer(text):
        if mark.end() <= start:
            begin = mark.end()
        elif mark.start() >= end:
            stop = mark.start()
            break
    return text[begin:stop]


def _bare(money: str) -> bool:
    """No currency and no unit: "1,100" in "we pay roughly 1,100 a month"."""
    return not re.search(r"[^\d\s,.]", money)


def _on_their_plan(text: str, start: int) -> bool:
    """ "we're on Ordinal's enterprise tier at about 72k": the price of the plan they pay for."""
    before = text[max(0, start - 80) : start]
    return bool(_PRODUCT_PRICE_BEFORE.search(before) and _THEIR_PLAN.search(before))


def _asks(text: str, end: int) -> bool:
    """The sentence holding the amount that ends at ``end`` is a question."""
    mark = _SENTENCE_END.search(text, end)
    return bool(mark and "?" in mark.group(0))


def _next_sentence(text: str, end: int) -> str:
    mark = _SENTENCE_END.search(text, end)
    return text[mark.end() :] if mark else ""


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
