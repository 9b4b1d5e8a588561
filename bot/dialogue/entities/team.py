"""Team size: a number with people around it.

The tagger reads "SOC 2" as a team of 2 and "50k monthly active users" as a team of 50,000,
so a number counts only when the words say it counts the buyer's own people ("a team of 12",
"35 seats", "we're 14 in total"). A count that is only part of the team ("me and 2 other
PMs, plus a couple of engineers") or of who uses their old tool ("only 4 people even log
in") is dropped: the rep reads the transcript anyway. Groups are multiplied only when both
numbers are exact ("two squads of 8" are 16, "3 squads of about 7" is nothing), and a stated
team or company size wins over a licence count and over the organisation around the team
("a 3-person data team inside a 900 person bank" is 3).
"""

from __future__ import annotations

import re

MAX_TEAM = 200_000

_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_WORD = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
# "team of twelve", but not "two hundred users"
_NUMBER = rf"(?:\d[\d,.]*\s*(?:k\b)?|\b(?:{_WORD})\b(?!\s*(?:hundred|thousand|million)))"
_PEOPLE = (
    r"(?:people|persons?|folks|users?|seats?|employees?|staff|engineers?|developers?|devs|pms|"
    r"product managers?|analysts?|reps?|members?|heads?|fte|logins?|licen[cs]es|marketers|"
    r"ppl|of us|"
    r"(?:co-?)?founders|(?:person|people|strong|seat|member|user)\b)"
)
_TEAM_CONTEXT = re.compile(
    rf"(?:\b(?:team|company|org|organisation|organization|startup|department|group|crew|staff|"
    rf"studio|agency|shop|firm|business|outfit|headcount|squad|pod)"
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
# "2 other PMs", "2 of the engineers", "5 devs, plus a couple of engineers": part of a team
_PART = re.compile(
    r"^\s*(?:other|more|extra|additional|of\s+(?:the|our|their|them|those|whom))\b", re.I
)
_MORE_AFTER = re.compile(
    r"^\s*,?\s*(?:plus|\+|and|as well as)\s+(?!me\b|myself\b)(?:a\s+)?(?:couple|few|some|"
    r"handful|bunch|several|\d+|other|lots|many|external|contractors|freelancers)",
    re.IGNORECASE,
)
# "3 devs and me", "me and 2 other PMs", "the 2 PMs and I": the buyer counts themselves apart
_AND_ME_AFTER = re.compile(r"^\s*(?:and|plus|\+|&)\s*(?:me|myself|i)\b", re.IGNORECASE)
_ME_AND_BEFORE = re.compile(r"\b(?:me|myself)\s*(?:and|plus|\+|&)\s*$", re.IGNORECASE)
# "..., the rest just read reports": the count was only some of them
_THE_REST = re.compile(r"\b(?:the rest|everyone else|the others)\b", re.IGNORECASE)
# "18 people in each", "6 engineers plus a PM each": a count per group, not the team
_EACH = re.compile(r"^[^.,;!?()]*\b(?:each|apiece|per\s+(?:squad|team|office|pod|group))\b", re.I)
# "two squads of 8", "2 offices with 18 people in each": groups times their size, when both
# are exact and nothing is added to each group
_GROUPS = re.compile(
    rf"(?P<n>{_NUMBER})\s+(?:[a-z]+\s+){{0,2}}(?:squads?|teams?|pods?|groups?|offices?|sites?|"
    rf"locations?|departments?|units?|crews?)\s+(?:of|with)\s+(?P<m>{_NUMBER})"
    r"(?P<rest>[^.,;!?()]*)",
    re.IGNORECASE,
)
_INEXACT = re.compile(
    r"\b(?:about|around|roughly|approx\w*|maybe|like|up to|over|under|plus|and|as well)\b|~|\+",
    re.IGNORECASE,
)
# "at a 60-person agency", "inside a 900 person bank", "we support ~150 employees": the
# organisation the buyer's team belongs to, which counts only when no team is given
_ORG_AROUND = re.compile(
    r"\b(?:at|inside|in|within|across|to|for|supports?|supporting|serves?|serving)\s+"
    r"(?:a|an|the|our)?\s*(?:~|about|around|roughly|some|over)?\s*$",
    re.IGNORECASE,
)
# "35 seats", "15 users": how many licences, which yields to a stated team or company size
_LICENCES = re.compile(r"\b(?:seats?|users?|logins?|licen[cs]es?|accounts?)\b", re.IGNORECASE)
# "solo founder", "a one-person shop", "team of one": a team of one
_SOLO = re.compile(
    r"\b(?:solo\s+(?:founder|dev\w*|pm|marketer|operator|consultant)|"
    r"one[- ](?:person|man|woman)\s+(?:team|shop|company|startup|band|show|operation)|"
    r"team of one)\b",
    re.IGNORECASE,
)
# "our business of 5 years", "a team of 3 brands": the number counts something else
_COUNTS_ELSE = re.compile(
    r"^\s*(?:(?:years|yrs|months|weeks|days|hours|brands|clients|customers|products|apps|"
    r"locations|offices|countries|stores|sites|projects|x|million|billion)\b|%|percent\b)",
    re.IGNORECASE,
)
# "12 and 8 people", "5, 6 and 8 people": the last of several numbers, not the whole team
_LISTED = re.compile(r"\d\s*(?:,|and|&|\+|or|to|-|–)\s*$", re.IGNORECASE)
# "..., so call it 21 people", "40 people in total": a total said after the parts
_TOTAL_BEFORE = re.compile(
    r"\b(?:call it|so|that's|that is|in total|total of|altogether|overall)\s+(?:about|around|"
    r"roughly|~)?\s*$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(
    r"^[^.,;!?]*?\b(?:in total|total|overall|all told|altogether|all in)\b", re.IGNORECASE
)


def trusted_team_size(value: str | None, text: str) -> str | None:
    """NLU's number of people, only when the message says people around a plausible number
    and gives no likelier count of the whole team ("a 200-person company, the pilot would be
    10 seats": 200; "two squads of 8": 16)."""
    if not value:
        return None
    number = _as_int(value)
    if number is None:
        return None
    best = _best(text)
    if best is None or number not in best[1]:
        return None
    return str(best[0])


def team_size_in(text: str) -> str | None:
    """A team size stated in the words ("a team of 12", "35 seats") when NLU missed it."""
    best = _best(text)
    return str(best[0]) if best else None


def _best(text: str) -> tuple[int, set[int]] | None:
    """The likeliest team size in ``text`` and the numbers it was read from: a stated team
    or company size before a licence count, and both before the organisation a team
    belongs to; the first of the same kind."""
    found = []  # (rank, position, size, numbers read)
    in_parts = False  # groups whose total cannot be told: only a stated total counts
    for match in _GROUPS.finditer(text):
        n, m = _as_int(match.group("n")), _as_int(match.group("m"))
        if n and m and not _INEXACT.search(match.group("rest")) and 0 < n * m <= MAX_TEAM:
            found.append((0, match.start(), n * m, {n, m, n * m}))
        else:
            in_parts = True
    for match in _TEAM_CONTEXT.finditer(text):
        group = next(g for g in "abc" if match.group(g))
        size = _size(match, group, text)
        if size is not None and in_parts and not _said_as_total(match, group, text):
            continue
        if size is not None:
            before = text[: match.start(group)]
            rank = 2 if _ORG_AROUND.search(before) else 1 if _LICENCES.search(match[0]) else 0
            found.append((rank, match.start(), size, {size, _as_int(match.group(group))}))
    if not found:
        solo = _SOLO.search(text)
        return (1, {1}) if solo else None
    _, _, size, numbers = min(found, key=lambda f: (f[0], f[1]))
    return size, numbers


def _size(match: re.Match[str], group: str, text: str) -> int | None:
    """How many people ``match`` says are on the team, or None when it is not a team."""
    before, after = text[: match.start(group)], text[match.end() :]
    if _NOT_A_TEAM.search(before[-8:]):
        return None
    if _EACH.match(text[match.end(group) :]) or _in_groups(match.start(group), text):
        return None
    if _LISTED.search(before) or (group != "b" and _COUNTS_ELSE.match(after)):
        return None
    if group == "b":
        words = text[match.end("b") : match.end()]
        if _NOT_THE_TEAM.search(words):
            return None
        if _PART.match(text[match.end("b") :]) and not _ME_AND_BEFORE.search(before):
            return None
        if _USES_IT.match(after) or _MORE_AFTER.match(after):
            return None
        if _THE_REST.search(_sentence_after(after)):
            return None
    size = _as_int(match.group(group))
    if size is None or not 0 < size <= MAX_TEAM:
        return None
    if _AND_ME_AFTER.match(after) or _ME_AND_BEFORE.search(before):
        size += 1  # "3 devs and me" are four
    return size


def _said_as_total(match: re.Match[str], group: str, text: str) -> bool:
    return bool(
        _TOTAL_BEFORE.search(text[: match.start(group)])
        or _TOTAL_AFTER.match(text[match.end(group) :])
        or group == "c"
    )


def _in_groups(at: int, text: str) -> bool:
    """The number at ``at`` is the size of each of several groups ("squads of 6")."""
    return any(m.start("m") <= at < m.end("m") for m in _GROUPS.finditer(text))


def _sentence_after(after: str) -> str:
    return re.split(r"[.!?;]\s", after, maxsplit=1)[0]


def _as_int(number: str) -> int | None:
    cleaned = number.strip().lower().replace(",", "")
    if cleaned in _WORD_NUMBERS:
        return _WORD_NUMBERS[cleaned]
    multiplier = 1000 if cleaned.endswith("k") else 1
    cleaned = cleaned.rstrip("k").strip()
    try:
        return int(float(cleaned) * multiplier)
    except ValueError:
        return None
