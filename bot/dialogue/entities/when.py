"""What a time one can plan by looks like: a point or period that can be put in a calendar
("Q3", "the end of March", "next month", "in six weeks", "before our renewal").

``WHEN`` finds such times; whether one is the buyer's plan is for ``timeline.py`` to say.
"may", "march" and "2027" alone are not times (they need "in", "by", "from"...), and a time
that names a thing ("our Q4 peak", "the Q3 roadmap") is not one either.
"""

from __future__ import annotations

import re

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
COUNT = (
    r"(?:\d{1,3}(?:\s*(?:-|–|to)\s*\d{1,3})?|a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|(?:a\s+)?couple(?:\s+of)?|"
    r"(?:a\s+)?few)"
)
UNIT = r"(?:days?|weeks?|wks?|months?|quarters?|years?)"
_PERIOD = (
    r"(?:week|month|quarter|year|(?:fiscal|financial|calendar)\s+year|fy|sprint|half|summer|"
    r"spring|fall|autumn|winter)"
)
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?)"
_YEAR = r"(?:20\d\d)"
_QUARTER = r"(?:(?:q[1-4]|h[12])(?:\s*(?:fy)?\s*'?(?:20)?\d\d\b)?|fy\s*'?(?:20)?\d\d)"
# a time that stands on its own ("Q3", "next month", "the end of March")...
RELATIVE = (
    rf"(?:{_QUARTER}"
    rf"|(?:early|mid|late)[- ]?(?:{MONTHS}|q[1-4]|{_YEAR})"
    rf"|{_DAY}\s+(?:of\s+)?(?:{MONTHS})\b|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)\b"
    rf"|(?:the\s+)?(?:end|start|beginning|middle|close|(?:first|second|third|last|final)\s+"
    r"(?:week|weeks|days|half)|week\s+\d{1,2})\s+of\s+(?:the\s+|this\s+|next\s+|our\s+)?"
    rf"(?:{_PERIOD}|{_QUARTER}|{MONTHS}|{_YEAR})"
    rf"|(?:the\s+)?(?:this|next|coming)\s+(?:{COUNT}\s+)?(?:{UNIT}|{_PERIOD})"
    r"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+of\s+(?:this|next)\s+month"
    rf"|year[- ]end|eo[yqm])"
)
# ...and one that needs a preposition to be a time: "may", "march" and "2027" alone are not
_ANCHORED = (
    rf"(?:(?:{MONTHS})(?:\s+{_DAY}\b)?(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+(?:of\s+)?(?:{MONTHS})(?:,?\s+{_YEAR})?|{_YEAR}|the\s+new\s+year"
    # "in the spring", "by summer 2027"
    rf"|(?:the\s+)?(?:spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?{_YEAR})?)"
)
_DATE = rf"(?:{RELATIVE}|{_ANCHORED})"
_DAY_NAME = r"(?:monday|tuesday|wednesday|thursday|friday|tomorrow|the weekend)"
_EVENT = (
    r"(?:(?:our|the)\s+)?(?:contract\s+)?renewal(?:\s+date)?|black friday|cyber monday|"
    r"christmas|xmas|thanksgiving|the holidays|new year"
)
# "the go-live date is Sept 15", "deadline: June 30": a date named as the plan's date
_DATE_NAMED = r"(?:date|deadline|go-?live|target)\s*(?:is|:|=)\s*"
WHEN = re.compile(
    # a deadline: "by Q3", "before our renewal", "no later than June 30"
    rf"\b(?:(?:by|before|until|till|no later than|ahead of)\s+(?:the\s+)?"
    rf"(?:{_DATE}|{_EVENT}|{_DAY_NAME}|{COUNT}\s+{UNIT}\s+from\s+now)"
    # a period from now: "in six weeks", "within 30 days", "in the next 30 days"
    rf"|(?:in|within|inside)\s+(?:the\s+next\s+|the\s+coming\s+)?{COUNT}\s+{UNIT}"
    r"|(?:within|inside)\s+(?:the|this)\s+(?:week|month|quarter|year)"
    # "we have 3 weeks to decide"
    rf"|{COUNT}\s+{UNIT}(?=\s+(?:left\s+)?to\s+(?:decide|choose|pick|sign|switch|move|migrate|"
    r"make\s+a\s+call|find|get))"
    # a point or period: "in Q2", "from september", "next month", "end of Q4"
    rf"|(?:in|from|starting|around|during|for|at)\s+(?:the\s+)?{_DATE}|{RELATIVE}"
    r"|asap|as soon as possible)\b"
    rf"|\b{_DATE_NAMED}(?P<named>{_ANCHORED})\b",
    re.IGNORECASE,
)
DEADLINE = re.compile(r"by|before|until|till|no later|ahead|within", re.IGNORECASE)
# "the real deadline is end of March": a time named as the deadline
NAMED_DEADLINE = re.compile(
    r"\b(?:deadline|hard stop|cut-?off|latest)\s*(?:is|:|=|would be|will be)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# a time only days away: a plan only when it is a decision or a start ("decision by Friday"),
# not a document wanted ("our DPO needs it by Friday")
SOON = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|tomorrow|today|tonight|the weekend|"
    r"this week|next week)\b",
    re.IGNORECASE,
)
# "our Q4 peak", "the Q3 roadmap", "2024 numbers": the time names a thing, not a date
_NAMES_A_THING = re.compile(
    r"^[\s-]*(?:peak|roadmap|planning|plan|review|numbers|results|targets?|okrs?|season|"
    r"report|earnings|board|budget|offsite|all-hands|freeze|release|rush)\b",
    re.IGNORECASE,
)


def times(text: str) -> list[re.Match[str]]:
    """Every time in ``text`` that can be put in a calendar, in order."""
    return [m for m in WHEN.finditer(text) if not _NAMES_A_THING.match(text[m.end() :])]


def time_words(match: re.Match[str]) -> str:
    """The time itself, as the buyer wrote it ("Sept 15", not "date is Sept 15")."""
    return (match.group("named") or match.group(0)).strip()
