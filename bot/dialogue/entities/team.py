"""Team size: a number with people around it.

The tagger reads "SOC 2" as a team of 2 and "50k monthly active users" as a team of 50,000,
so a number counts only when the words say it counts the buyer's own people ("a team of 12",
"35 seats", "we're 14 in total"). A count that is only part of the team ("me and 2 other
PMs, plus a couple of engineers") or of who uses their old tool ("only 4 people even log
in") is dropped: the rep reads the transcript anyway.
"""

from __future__ import annotations

import re

MAX_TEAM = 200_000

_NUMBER = r"\d[\d,.]*\s*(?:k\b)?"
_PEOPLE = (
    r"(?:people|persons?|folks|users?|seats?|employees?|staff|engineers?|developers?|devs|pms|"
    r"product managers?|analysts?|reps?|members?|heads?|fte|logins?|marketers|ppl|of us|"
    r"(?:co-?)?founders|(?:person|people|strong|seat|member|user)\b)"
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
# "SOC 2", "ISO 27001", "v3", "$40": a number that names a standard, a version or money
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
# "4 people even log in", "2 users actually open it": who uses a tool, not who is on the team
_USES_IT = re.compile(
    r"^\s*(?:\w+\s+)?(?:even|actually|really|ever|still|regularly)?\s*"
    r"(?:log|logs|logged|login|use|uses|open|opens|look|looks|touch|touches|check|checks)\b",
    re.IGNORECASE,
)
# "2 other PMs", "5 devs, plus a couple of engineers": part of a team
_PART = re.compile(r"^\s*(?:other|more|extra|additional)\b", re.IGNORECASE)
_MORE_AFTER = re.compile(
    r"^\s*,?\s*(?:plus|\+|and|as well as)\s+(?!me\b|myself\b)(?:a\s+)?(?:couple|few|some|"
    r"handful|bunch|several|\d+|other|lots|many|external|contractors|freelancers)",
    re.IGNORECASE,
)
# "3 devs and me", "me and 2 other PMs": the buyer counts themselves apart
_AND_ME_AFTER = re.compile(r"^\s*(?:and|plus|\+|&)\s*(?:me|myself)\b", re.IGNORECASE)
_ME_AND_BEFORE = re.compile(r"\b(?:me|myself)\s*(?:and|plus|\+|&)\s*$", re.IGNORECASE)


def trusted_team_size(value: str | None, text: str) -> str | None:
    """The number of people, only when the message says people around a plausible number."""
    if not value:
        return None
    digits = re.sub(r"[^\d]", "", value)
    if not digits:
        return None
    for match in _TEAM_CONTEXT.finditer(text):
        group = next(g for g in "abc" if match.group(g))
        if re.sub(r"[^\d]", "", match.group(group)) == digits:
            size = _size(match, group, text)
            if size is not None:
                return str(size)
    return None


def team_size_in(text: str) -> str | None:
    """A team size stated in the words ("a team of 12", "35 seats") when NLU missed it."""
    for match in _TEAM_CONTEXT.finditer(text):
        group = next(g for g in "abc" if match.group(g))
        size = _size(match, group, text)
        if size is not None:
            return str(size)
    return None


def _size(match: re.Match[str], group: str, text: str) -> int | None:
    """How many people ``match`` says are on the team, or None when it is not a team."""
    before, after = text[: match.start(group)], text[match.end() :]
    if _NOT_A_TEAM.search(before[-8:]):
        return None
    if group == "b":
        words = text[match.end("b") : match.end()]
        if _NOT_THE_TEAM.search(words):
            return None
        if _PART.match(text[match.end("b") :]) and not _ME_AND_BEFORE.search(before):
            return None
        if _USES_IT.match(after) or _MORE_AFTER.match(after):
            return None
    size = _as_int(match.group(group))
    if size is None or not 0 < size <= MAX_TEAM:
        return None
    if _AND_ME_AFTER.match(after) or _ME_AND_BEFORE.search(before):
        size += 1  # "3 devs and me" are four
    return size


def _as_int(number: str) -> int | None:
    cleaned = number.strip().lower().replace(",", "")
    multiplier = 1000 if cleaned.endswith("k") else 1
    cleaned = cleaned.rstrip("k").strip()
    try:
        return int(float(cleaned) * multiplier)
    except ValueError:
        return None
