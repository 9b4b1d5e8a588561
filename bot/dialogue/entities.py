"""Which extracted details we trust enough to write into the rep's packet.

The entity tagger reads "SOC 2" as a team size of 2 and "before my CEO signs" as a timeline.
A wrong fact in a rep's packet is worse than a missing one, so each value must also look like
what it claims to be, in the words around it; anything else is dropped (the buyer's own words
stay in the transcript, which the rep reads anyway).
"""

from __future__ import annotations

import re
from datetime import date

_NUMBER = r"\d[\d,.]*\s*(?:k\b)?"
_PEOPLE = (
    r"(?:people|persons?|folks|users?|seats?|employees|staff|engineers?|developers?|devs|pms|"
    r"product managers?|analysts?|reps?|members?|heads?|fte|logins?|marketers|ppl|of us|"
    r"(?:person|people|strong|seat|member|user)\b)"
)
_TEAM_CONTEXT = re.compile(
    rf"(?:\b(?:team|company|org|organisation|organization|startup|department|group|crew|staff)"
    rf"\s+(?:of|is|are|has|with|size(?: is)?)?\s*(?:about|around|roughly|~|approx\.?|almost|"
    rf"nearly|over|under|just)?\s*(?P<a>{_NUMBER})\b)"
    rf"|(?:(?P<b>{_NUMBER})\s*[- ]?\s*(?:[a-z]+[ -]){{0,2}}{_PEOPLE})"
    rf"|(?:\bwe(?:'re|\s+are)\s+(?:about|around|roughly|~|only|just)?\s*(?P<c>{_NUMBER})\s+"
    r"(?:in total|total|all in|all told|strong)\b)",
    re.IGNORECASE,
)
_NOT_A_TEAM = re.compile(
    r"(?:soc|iso|iec|type|version|v|tls|sla|hipaa|gdpr|q|\$|€|£|tier|plan|step|phase|"
    r"level|article|section|x|page|pci)\s*[-/ ]?\s*$",
    re.IGNORECASE,
)
# "50k monthly active users", "2 million users": their customers, not their team
_NOT_THE_TEAM = re.compile(
    r"\b(?:active|monthly|daily|weekly|end|unique|registered|paying|concurrent|million|"
    r"billion|bn|mil|m)\b",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# A timeline is a time the buyer plans by: a point or period that can be put in a calendar
# ("Q3", "the end of March", "next month", "in six weeks", "before our renewal"), said about
# what they mean to do (decide, go live, switch). The grammar below is that point or period;
# ``_PLAN`` is the intent around it.
_COUNT = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|sixty|ninety|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few)"
)
_UNIT = r"(?:days?|weeks?|wks?|months?|quarters?|years?)"
_PERIOD = (
    r"(?:week|month|quarter|year|(?:fiscal|financial|calendar)\s+year|fy|sprint|half|summer|"
    r"spring|fall|autumn|winter)"
)
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?)"
_YEAR = r"(?:20\d\d)"
_QUARTER = r"(?:(?:q[1-4]|h[12])(?:\s*(?:fy)?\s*'?(?:20)?\d\d\b)?|fy\s*'?(?:20)?\d\d)"
# a time that stands on its own ("Q3", "next month", "the end of March")...
_RELATIVE = (
    rf"(?:{_QUARTER}"
    rf"|(?:early|mid|late)[- ]?(?:{_MONTHS}|q[1-4]|{_YEAR})"
    rf"|{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\b|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)\b"
    rf"|(?:the\s+)?(?:end|start|beginning|middle|close|(?:first|second|third|last|final)\s+"
    r"(?:week|weeks|days|half))\s+of\s+(?:the\s+|this\s+|next\s+|our\s+)?"
    rf"(?:{_PERIOD}|{_QUARTER}|{_MONTHS}|{_YEAR})"
    rf"|(?:the\s+)?(?:this|next|coming)\s+(?:{_COUNT}\s+)?(?:{_UNIT}|{_PERIOD})"
    rf"|year[- ]end|eo[yqm])"
)
# ...and one that needs a preposition to be a time: "may", "march" and "2027" alone are not
_ANCHORED = (
    rf"(?:(?:{_MONTHS})(?:\s+{_DAY}\b)?(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+(?:of\s+)?(?:{_MONTHS})(?:,?\s+{_YEAR})?|{_YEAR})"
)
_DATE = rf"(?:{_RELATIVE}|{_ANCHORED})"
_DAY_NAME = r"(?:monday|tuesday|wednesday|thursday|friday|tomorrow|the weekend)"
_EVENT = (
    r"(?:(?:our|the)\s+)?(?:contract\s+)?renewal(?:\s+date)?|black friday|cyber monday|"
    r"christmas|xmas|thanksgiving|the holidays|new year"
)
_WHEN = re.compile(
    # a deadline: "by Q3", "before our renewal", "no later than June 30"
    rf"\b(?:(?:by|before|until|till|no later than|ahead of)\s+(?:the\s+)?"
    rf"(?:{_DATE}|{_EVENT}|{_DAY_NAME}|{_COUNT}\s+{_UNIT}\s+from\s+now)"
    # a period from now: "in six weeks", "within 30 days", "in the next 30 days"
    rf"|(?:in|within|inside)\s+(?:the\s+next\s+|the\s+coming\s+)?{_COUNT}\s+{_UNIT}"
    # a point or period: "in Q2", "from september", "next month", "end of Q4"
    rf"|(?:in|from|starting|around|during|for|at)\s+(?:the\s+)?{_DATE}|{_RELATIVE}"
    r"|asap|as soon as possible)\b",
    re.IGNORECASE,
)
# What a buyer says about their own plan, in present or future form ("we moved to Heap in
# January" is history, "we need to move by March" is a plan).
_KICK_OFF = r"kick(?:ing)?\s+(?:\w+\s+){0,2}off|kickoff|roll(?:ing)?\s+(?:\w+\s+){0,2}out|rollout"
_PLAN = re.compile(
    rf"\b(?:need|needs|want|wants|wanna|would like|hope|hoping|hopefully|aim|aiming|target|"
    r"targeting|expect|expecting|decide|deciding|decision|choose|choosing|pick|plan to|"
    r"plans to|planning|planned|scheduled|make a call|live|launch|launching|start|starting|"
    rf"get started|begin|{_KICK_OFF}|switch|switching|move|moving|migrate|migrating|"
    r"migration|sign|signing|buy|buying|purchase|implement|deploy|replace|replacing|"
    r"have to|has to|must|deadline|timeline|timeframe|time frame|goal|ready|up and running|"
    r"sorted|wrap up|finali[sz]e|commit|will|won't|wont|going to|gonna|looking to|intend)\b"
    r"|'ll\b|'d like\b",
    re.IGNORECASE,
)
# Of those, what a date for a question to us still needs to be the buyer's plan: "can you
# do a demo tomorrow?" is not a timeline, "can you get us live by Q3?" is.
_GO = re.compile(
    rf"\b(?:decide|deciding|decision|make a call|live|launch|start|starting|get started|"
    rf"{_KICK_OFF}|switch|switching|move|moving|migrate|migrating|sign|signing|buy|buying|"
    r"purchase|implement|up and running|deadline|timeline)\b",
    re.IGNORECASE,
)
# History: a past-tense verb in a clause that says nothing of what comes next ("we went live
# with Heap in March", "Acme moved over in 3 weeks").
_PAST_FORM = (
    r"(?:was|were|had|did|went|got|took|came|made|chose|bought|began|paid|spent|left|"
    r"(?!(?:need|speed|seed|feed|indeed|exceed|proceed|succeed|embed)\b)[a-z]{2,}ed)"
)
_PAST_VERB = re.compile(rf"\b{_PAST_FORM}\b", re.IGNORECASE)
# a past tense with its subject ("we moved", "they finally switched"), not a participle
# ("to be fully migrated", "get started")
_SAID_PAST = re.compile(
    rf"\b(?:we|i|they|he|she|it|who)\s+(?:\w+ly\s+)?{_PAST_FORM}\b", re.IGNORECASE
)
_AHEAD = re.compile(
    r"\b(?:need|needs|want|wants|will|would|going to|gonna|have to|has to|must|hope|hoping|"
    r"plan to|plans to|planning|aim|aiming|should|can|could|looking to|expect|target|goal|"
    r"deadline|timeline|planned|scheduled|needed|required|won't|wont)\b|'ll\b|'d\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|i|my|me)\b|\b(?:we|i)'", re.IGNORECASE)
_PAST = re.compile(r"\b(?:last|since|past|previous)\s+$|^\s+ago\b", re.IGNORECASE)
_TO_US = re.compile(r"\b(?:you|your|yours|tessellate)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")
_CLAUSE_END = re.compile(
    r"[.!?;,()]+(?=\s|$)|\n|\s(?:but|so|because|though|although|while|whereas|then|once|"
    r"when|after|if)\s|\s[-\u2013\u2014]\s"
    # "and" joins two clauses only when a new subject follows ("up and running" is one)
    r"|\sand\s(?=(?:we|i|they|it|he|she|our|my|their|the|that|this|there)\b)",
    re.IGNORECASE,
)
_YEAR_IN = re.compile(r"\b20\d\d\b")
_NOT_A_TOOL = re.compile(
    r"^(?:soc ?\d|iso.*|gdpr|hipaa|sso|saml|scim|sql|dbt|aws|the|it|we|us|our|this|that)$",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"\b(?:moved|switched|migrated|came|churned)\s+(?:\w+\s+)?(?:off|from|away from)\s+"
    r"(?:of\s+)?$|\b(?:left|ditched|dropped|used to use|used to be on)\s+$"
    r"|\b(?:like|than|vs\.?|versus|compared? to|compared with|against)\s+$",
    re.IGNORECASE,
)
_IN_USE = re.compile(
    r"(?:\b(?:using|use|on|with|off|from|replac\w*|leav\w*|renew\w*)"
    r"|\bpay\w*\b[^.!?;]*\bfor)\s+$",
    re.IGNORECASE,
)
MAX_TEAM = 200_000


def trusted_team_size(value: str | None, text: str) -> str | None:
    """The number of people, only when the message says people around a plausible number."""
    if not value:
        return None
    digits = re.sub(r"[^\d]", "", value)
    if not digits:
        return None
    for match in _TEAM_CONTEXT.finditer(text):
        number = match.group("a") or match.group("b") or match.group("c") or ""
        if re.sub(r"[^\d]", "", number) != digits:
            continue
        group = next(g for g in "abc" if match.group(g))
        before = text[: match.start(group)]
        if _NOT_A_TEAM.search(before[-8:]):
            continue
        if match.group("b") and _NOT_THE_TEAM.search(text[match.end("b") : match.end()]):
            continue
        size = _as_int(number)
        if size is not None and 0 < size <= MAX_TEAM:
            return str(size)
    return None


def trusted_timeline(value: str | None, text: str = "") -> str | None:
    """NLU's timeline, kept only when it names a time one can plan on ("by Q3", "in six
    weeks", "before our renewal") and the words around it are the buyer's plan: a bare
    "quarter", "before my CEO signs", "in 2019 we moved…", "a demo tomorrow?" are dropped."""
    if not value or not value.strip():
        return None
    value = value.strip()
    text = text or value
    at = text.lower().find(value.lower())
    if at < 0:
        return None
    for match in _WHEN.finditer(text):
        if match.start() < at + len(value) and at < match.end() and _plans_by(match, text):
            return value
    return None


def timeline_in(text: str) -> str | None:
    """A decision date stated in the words ("by end of March", "in six weeks"), when the
    tagger missed it: the same checks as ``trusted_timeline``; a deadline ("by", "before")
    comes before any other time in the message."""
    found = [m for m in _WHEN.finditer(text) if _plans_by(m, text)]
    deadlines = [m for m in found if re.match(r"by|before|until|till|no later|ahead", m[0], re.I)]
    best = (deadlines or found or [None])[0]
    return best.group(0).strip() if best else None


def _plans_by(match: re.Match[str], text: str) -> bool:
    """The time in ``match`` is one the buyer plans by, said about their own plan."""
    if _is_past(match, text):
        return False
    words = match.group(0)
    if _only_the_time(match, text):
        return True  # "by Q3" in answer to "when do you need it?"
    clause = _around(match, text, _CLAUSE_END)
    sentence = _around(match, text, _SENTENCE_END, keep_end=True)
    rest = clause.replace(words, " ")
    if not _PLAN.search(rest) or _told_as_history(clause, words):
        return False
    if sentence.rstrip().endswith("?"):
        # a question about us or the product with a date in it ("a demo tomorrow?", "does the
        # plan renew in January?") is not the buyer's plan; "can we go live by Q3?" is
        return bool(_FIRST_PERSON.search(sentence)) and (
            not _TO_US.search(sentence) or bool(_GO.search(clause))
        )
    return True


def _told_as_history(clause: str, words: str) -> bool:
    """The clause tells what happened: a past-tense verb and nothing ahead ("we went live
    in March"), or a past-tense verb after the last word that looks ahead, before the time
    ("we moved to Heap in June and now want to leave it by September": June is history)."""
    rest = clause.replace(words, " ")
    if _PAST_VERB.search(rest) and not _AHEAD.search(rest):
        return True
    before = clause[: max(clause.find(words), 0)]
    last_past = max((m.end() for m in _SAID_PAST.finditer(before)), default=-1)
    last_ahead = max((m.end() for m in _AHEAD.finditer(before)), default=-1)
    return last_past > last_ahead


def _is_past(match: re.Match[str], text: str) -> bool:
    years = [int(y) for y in _YEAR_IN.findall(match.group(0))]
    if years and max(years) < date.today().year:
        return True
    return bool(
        _PAST.search(text[max(0, match.start() - 12) : match.start()])
        or _PAST.search(text[match.end() : match.end() + 6])
    )


def _only_the_time(match: re.Match[str], text: str) -> bool:
    rest = (text[: match.start()] + " " + text[match.end() :]).lower()
    filler = r"(?:ideally|probably|hopefully|maybe|latest|at the latest|i think|i guess|ish)"
    return len(re.sub(filler, " ", re.sub(r"[^a-z ]", " ", rest)).split()) == 0


def _around(match: re.Match[str], text: str, ends: re.Pattern[str], keep_end: bool = False) -> str:
    """The clause or sentence of ``text`` that holds ``match``."""
    start, stop = 0, len(text)
    for end in ends.finditer(text):
        if end.end() <= match.start():
            start = end.end()
        elif end.start() >= match.end():
            stop = end.end() if keep_end else end.start()
            break
    return text[start:stop]


def trusted_budget(value: str | None, text: str = "") -> str | None:
    """NLU's budget, kept only when it is an amount of money the buyer says they spend or may
    spend ("budget around $30k", "we pay 60k/yr"): "the $900 plan on your site" is our price,
    "10m ARR" their revenue, "Northwind quoted us $45k" another vendor's offer."""
    from bot.dialogue.money import budget_spans

    if not value or not value.strip():
        return None
    value = value.strip()
    text = text or value
    at = text.lower().find(value.lower())
    if at < 0:
        return None
    for start, end in budget_spans(text):
        if start < at + len(value) and at < end:
            return value
    return None


def team_size_in(text: str) -> str | None:
    """A team size stated in the words ("a team of 12", "35 seats") when NLU missed it."""
    for match in _TEAM_CONTEXT.finditer(text):
        number = match.group("a") or match.group("b") or match.group("c")
        found = trusted_team_size(number, text)
        if found:
            return found
    return None


def trusted_details(extracted: dict[str, str | None], text: str) -> dict[str, str | None]:
    """The slots to keep from one message: NLU's values that pass their checks, else what
    the plain rules find in the words. Used by ``action_validate_slot_mappings`` and measured
    by ``bench/entity_bench.py``."""
    from bot.dialogue.money import budget_in

    return {
        "team_size": trusted_team_size(extracted.get("team_size"), text) or team_size_in(text),
        "budget": trusted_budget(extracted.get("budget"), text) or budget_in(text),
        "timeline": trusted_timeline(extracted.get("timeline"), text) or timeline_in(text),
        "current_tool": trusted_tool(extracted.get("current_tool"), text)
        or tool_in(text, extracted.get("competitor")),
    }


def trusted_tool(value: str | None, text: str = "") -> str | None:
    """A current tool must look like a product name, not a standard or a pronoun, and not be
    one they have left ("we moved off Amplitude 2 years ago")."""
    if not value or _NOT_A_TOOL.match(value.strip()) or len(value.strip()) < 2:
        return None
    value = value.strip()
    at = text.lower().find(value.lower())
    if at >= 0 and _LEFT.search(text[max(0, at - 40) : at]):
        return None
    return value


def tool_in(text: str, name: str | None) -> str | None:
    """A competitor the buyer says they use today ("we're on Ordinal", "currently using
    Pipit", "we pay $25k a year for Pipit", "move off Northwind"), when the tagger named it
    only as a competitor: "evaluating Pipit", "compare to Ordinal" or "Ordinal offered us"
    are not their tool."""
    if not name or not name.strip():
        return None
    name = name.strip()
    for found in re.finditer(re.escape(name), text, re.IGNORECASE):
        if _IN_USE.search(text[max(0, found.start() - 50) : found.start()]):
            return trusted_tool(name, text)
    return None


def _as_int(number: str) -> int | None:
    cleaned = number.strip().lower().replace(",", "")
    multiplier = 1000 if cleaned.endswith("k") else 1
    cleaned = cleaned.rstrip("k").strip()
    try:
        return int(float(cleaned) * multiplier)
    except ValueError:
        return None
