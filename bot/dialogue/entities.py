"""Which extracted details we trust enough to write into the rep's packet.

The entity tagger reads "SOC 2" as a team size of 2 and "before my CEO signs" as a timeline.
A wrong fact in a rep's packet is worse than a missing one, so each value must also look like
what it claims to be, in the words around it; anything else is dropped (the buyer's own words
stay in the transcript, which the rep reads anyway).
"""

from __future__ import annotations

import re

_NUMBER = r"\d[\d,.]*\s*(?:k\b)?"
_PEOPLE = (
    r"(?:people|persons?|folks|users?|seats?|employees|staff|engineers?|developers?|devs|pms|"
    r"product managers?|analysts?|reps?|members?|heads?|fte|logins?|marketers|"
    r"(?:person|people|strong|seat|member|user)\b)"
)
_TEAM_CONTEXT = re.compile(
    rf"(?:\b(?:team|company|org|organisation|organization|startup|department|group|crew|staff)"
    rf"\s+(?:of|is|are|has|with|size(?: is)?)?\s*(?:about|around|roughly|~|approx\.?|almost|"
    rf"nearly|over|under|just)?\s*(?P<a>{_NUMBER})\b)"
    rf"|(?:(?P<b>{_NUMBER})\s*[- ]?\s*(?:[a-z]+[ -]){{0,2}}{_PEOPLE})",
    re.IGNORECASE,
)
_NOT_A_TEAM = re.compile(
    r"(?:soc|iso|iec|type|version|v|tls|sla|hipaa|gdpr|q|\$|€|£|tier|plan|step|phase|"
    r"level|article|section|x|page|pci)\s*[-/ ]?\s*$",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_TIMELINE = re.compile(
    rf"\b(?:q[1-4]|h[12]|{_MONTHS}|week|weeks|month|months|quarter|year|years|day|days|"
    r"today|tomorrow|monday|tuesday|wednesday|thursday|friday|weekend|asap|soon|summer|spring|"
    r"autumn|fall|winter|eoy|eoq|end of|renewal|20\d\d)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"[$€£]\s?\d|\d\s*(?:k|m|thousand|million|grand|usd|eur|gbp|dollars|euros)\b", re.I
)
_BUDGET_TALK = re.compile(
    r"\b(?:budget\w*|spend\w*|pay|paying|afford|allocated|approved|sign off on|up to|"
    r"max(?:imum)?|deal|worth|set aside|earmarked|invest\w*)\b",
    re.IGNORECASE,
)
_WHEN_PHRASE = re.compile(
    rf"\b(?:(?:by|before|until|within|in|from)\s+(?:the\s+)?(?:end of\s+(?:the\s+)?)?"
    rf"(?:q[1-4]|h[12]|{_MONTHS}|(?:this|next) (?:week|month|quarter|year)|"
    r"(?:\d+|a|one|two|three|four|five|six|eight|ten|twelve|a couple of|a few)\s+"
    r"(?:weeks?|months?|days?)|(?:the )?(?:quarter|year|month|fiscal year)|20\d\d)"
    rf"|(?:next|this) (?:week|month|quarter|year)|end of (?:the )?(?:q[1-4]|{_MONTHS}|quarter|"
    r"year|month|fiscal year)|asap|q[1-4](?: 20\d\d)?)\b",
    re.IGNORECASE,
)
_NOT_A_TOOL = re.compile(
    r"^(?:soc ?\d|iso.*|gdpr|hipaa|sso|saml|scim|sql|dbt|aws|the|it|we|us|our|this|that)$",
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
        number = match.group("a") or match.group("b") or ""
        if re.sub(r"[^\d]", "", number) != digits:
            continue
        before = text[: match.start("a") if match.group("a") else match.start("b")]
        if _NOT_A_TEAM.search(before[-8:]):
            continue
        size = _as_int(number)
        if size is not None and 0 < size <= MAX_TEAM:
            return str(size)
    return None


def trusted_timeline(value: str | None) -> str | None:
    """A timeline must name a time and pin it down ("Q3", "in six weeks", "by our renewal"):
    a bare "quarter" or "before my CEO signs" is not a date anyone can plan on."""
    if not value or not _TIMELINE.search(value) or not _WHEN_PHRASE.search(value):
        return None
    return value.strip()


def trusted_budget(value: str | None, text: str = "") -> str | None:
    """A budget must look like money and the message must talk about spending it: "$900 plan
    on your site" is a price and "10m ARR" is revenue, neither is their budget."""
    if not value or not _MONEY.search(value) or not _BUDGET_TALK.search(text or value):
        return None
    return value.strip()


def team_size_in(text: str) -> str | None:
    """A team size stated in the words ("a team of 12", "35 seats") when NLU missed it."""
    for match in _TEAM_CONTEXT.finditer(text):
        number = match.group("a") or match.group("b")
        found = trusted_team_size(number, text)
        if found:
            return found
    return None


def timeline_in(text: str) -> str | None:
    """A decision date stated in the words ("by end of March", "in six weeks")."""
    match = _WHEN_PHRASE.search(text)
    return match.group(0) if match else None


def trusted_details(extracted: dict[str, str | None], text: str) -> dict[str, str | None]:
    """The slots to keep from one message: NLU's values that pass their checks, else what
    the plain rules find in the words. Used by ``action_validate_slot_mappings`` and measured
    by ``bench/entity_bench.py``."""
    from bot.dialogue.money import budget_in

    return {
        "team_size": trusted_team_size(extracted.get("team_size"), text) or team_size_in(text),
        "budget": trusted_budget(extracted.get("budget"), text) or budget_in(text),
        "timeline": trusted_timeline(extracted.get("timeline")) or timeline_in(text),
        "current_tool": trusted_tool(extracted.get("current_tool")),
    }


def trusted_tool(value: str | None) -> str | None:
    """A current tool must look like a product name, not a standard or a pronoun."""
    if not value or _NOT_A_TOOL.match(value.strip()) or len(value.strip()) < 2:
        return None
    return value.strip()


def _as_int(number: str) -> int | None:
    cleaned = number.strip().lower().replace(",", "")
    multiplier = 1000 if cleaned.endswith("k") else 1
    cleaned = cleaned.rstrip("k").strip()
    try:
        return int(float(cleaned) * multiplier)
    except ValueError:
        return None
