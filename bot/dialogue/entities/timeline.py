"""Timeline: a time the buyer plans by, said about their own plan.

A time alone is not enough: "before my CEO signs" names no date, "in 2019 we moved to Heap"
is history, "can you do a demo tomorrow?" is a question to us, "they want 40% more next
year" is the vendor's plan. So a time (``when.py``) counts when its clause says what the
buyer means to do (decide, go live, switch), or a later clause of the same sentence points
back at it ("our contract runs out end of August, we'll need to switch before then"), or it
is in a "when" clause of their move ("we're leaving Pipit when the contract ends in Q1").
A time days away must be a decision or a start ("decision by Friday"), not a document
wanted ("our DPO needs it by Friday"); a deadline wins over a start ("kick off in January
and choose by March": by March).
"""

from __future__ import annotations

import re
from datetime import date

from bot.dialogue.entities._words import CLAUSE_END, SENTENCE_END, around, overlaps
from bot.dialogue.entities.when import DEADLINE, NAMED_DEADLINE, SOON, time_words, times

# What a buyer says about their own plan, in present or future form ("we moved to Heap in
# January" is history, "we need to move by March" is a plan).
_KICK_OFF = r"kick(?:ing)?\s+(?:\w+\s+){0,2}off|kickoff|roll(?:ing)?\s+(?:\w+\s+){0,2}out|rollout"
_PLAN = re.compile(
    rf"\b(?:need|needs|want|wants|wanna|would like|hope|hoping|hopefully|aim|aiming|target|"
    r"targeting|expect|expecting|decide|deciding|decision|choose|choosing|pick|plan to|"
    r"plans to|planning|planned|scheduled|make a call|live|launch|launching|start|starting|"
    rf"get started|get going|begin|{_KICK_OFF}|switch|switching|move|moving|migrate|migrating|"
    r"migration|sign|signing|buy|buying|purchase|implement|deploy|replace|replacing|"
    r"have to|has to|must|deadline|timeline|timeframe|time frame|goal|ready|up and running|"
    r"sorted|wrap up|finali[sz]e|commit|will|won't|wont|going to|gonna|looking to|intend|"
    r"hard stop|cut-?off|cutover|no rush|no hurry|in no hurry)\b"
    r"|'ll\b|'d\s+(?:like|love|have|be|want|need|prefer|go|move|switch|start|sign|buy|aim|"
    r"hope|get)\b",
    re.IGNORECASE,
)
# Of those, what a date in a question to us still needs to be the buyer's plan: "can you
# do a demo tomorrow?" is not a timeline, "can you get us live by Q3?" is.
_GO = re.compile(
    rf"\b(?:decide|deciding|decision|make a call|live|launch|start|starting|get started|"
    rf"get going|{_KICK_OFF}|switch|switching|move|moving|migrate|migrating|sign|signing|"
    r"buy|buying|purchase|implement|up and running|deadline|timeline|go/no-go|go-no-go|"
    r"leav\w+|replac\w+|pick|choose|choosing|commit)\b",
    re.IGNORECASE,
)
# "that's when we'd buy", "we'll need to switch before then": a later clause of the buyer's
# plan pointing back at the time
_POINTS_BACK = re.compile(
    r"\b(?:(?:before|by|until|till)\s+(?:then|that)|that'?s\s+when)\b", re.IGNORECASE
)
_WE_PLAN = re.compile(
    r"\b(?:we|i)(?:'ll|'d|\s+(?:will|would|need|needs|have to|must|want|should|plan|hope|aim|"
    r"are going|'re going|am going))\b",
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
# ("want it rolled out by Q2": "it" is the object there)
_SAID_PAST = re.compile(
    r"(?<!want )(?<!wants )(?<!need )(?<!needs )(?<!get )(?<!have )(?<!like )"
    rf"\b(?:we|i|they|he|she|it|who)\s+(?:\w+ly\s+)?{_PAST_FORM}\b",
    re.IGNORECASE,
)
_AHEAD = re.compile(
    r"\b(?:need|needs|want|wants|will|would|going to|gonna|have to|has to|must|hope|hoping|"
    r"plan to|plans to|planning|aim|aiming|should|can|could|looking to|expect|target|goal|"
    r"deadline|timeline|planned|scheduled|needed|required|won't|wont|hard stop)\b|'ll\b|'d\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|i|my|me)\b|\b(?:we|i)'", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:they|he|she)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:last|since|past|previous)\s+$|^\s+ago\b", re.IGNORECASE)
# "will be 60 by summer", "growing to 20 by the end of the year", "hiring 10 more by Q2"
_GROWS = re.compile(
    r"\b(?:will be|'ll be|be at|grow\w*|hir\w+|doubl\w+|reach\w*|add\w*)\s+(?:to\s+|up to\s+)?"
    r"(?:about|around|~|another)?\s*\d+\b(?!\s*(?:%|k\b|m\b))",
    re.IGNORECASE,
)
_WE_SUBJECT = re.compile(r"\b(?:we|i)\b|\b(?:we|i)'", re.IGNORECASE)
_ANOTHER_EVENT = re.compile(
    r"\b(?:when|contract|renewal|renews|expires|ends|starts|joins)\b", re.IGNORECASE
)
_TO_US = re.compile(r"\b(?:you|your|yours|tessellate)\b", re.IGNORECASE)
_YEAR_IN = re.compile(r"\b20\d\d\b")
_FILLER = (
    r"\b(?:ideally|probably|hopefully|maybe|realistically|sometime|latest|at the latest|or so|"
    r"i think|i guess|ish)\b"
)


def trusted_timeline(value: str | None, text: str = "") -> str | None:
    """NLU's timeline, kept only when it names a time one can plan on ("by Q3", "in six
    weeks", "before our renewal") and the words around it are the buyer's plan: a bare
    "quarter", "before my CEO signs", "in 2019 we moved…", "a demo tomorrow?" are dropped."""
    if not value or not value.strip():
        return None
    value = value.strip()
    text = text or value
    found = [m for m in times(text) if _plans_by(m, text)]
    mine = [m for m in found if overlaps(value, text, [m.span()])]
    if not mine:
        return None
    deadlines = [m.span() for m in found if _is_deadline(m, text)]
    if deadlines and not overlaps(value, text, deadlines):
        return None  # "kick off in January and choose by March": the deadline is the plan
    words = time_words(mine[0])
    # the tagger's "within" of "within the month" says nothing: the time's own words do
    return words if len(words) > len(value) and value.lower() in words.lower() else value


def timeline_in(text: str) -> str | None:
    """A decision date stated in the words ("by end of March", "in six weeks"), when the
    tagger missed it: the same checks as ``trusted_timeline``; a deadline ("by", "before")
    comes before any other time in the message."""
    found = [m for m in times(text) if _plans_by(m, text)]
    deadlines = [m for m in found if _is_deadline(m, text)]
    best = (deadlines or found or [None])[0]
    return time_words(best) if best else None


def _is_deadline(match: re.Match[str], text: str) -> bool:
    """ "by Q3", "within the month", "the real deadline is end of March"."""
    return bool(
        DEADLINE.match(match[0])
        or NAMED_DEADLINE.search(text[max(0, match.start() - 30) : match.start()])
    )


def _plans_by(match: re.Match[str], text: str) -> bool:
    """The time in ``match`` is one the buyer plans by, said about their own plan."""
    if _is_past(match, text):
        return False
    if _only_the_time(match, text):
        return True  # "by Q3" in answer to "when do you need it?"
    if _opens_with_the_time(match, text):
        return True  # "sometime in the next 6 months, depends on hiring"
    words = match.group(0)
    clause = text[slice(*around(*match.span(), text, CLAUSE_END))]
    begin, end = around(*match.span(), text, SENTENCE_END, keep_end=True)
    sentence = text[begin:end]
    rest = clause.replace(words, " ")
    if not re.sub(_FILLER, " ", re.sub(r"[^a-z ]", " ", rest.lower())).split():
        # "..., realistically by mid October": the time is the whole clause, so the plan is
        # the sentence's
        rest = sentence.replace(words, " ")
    if _told_as_history(clause, words):
        return False
    if _GROWS.search(clause):
        return False  # "we're 40 people now, will be 60 by summer": the team's growth
    if SOON.search(words) and not _GO.search(clause):
        return False  # "our DPO needs it by Friday": a document, not their decision
    if _THIRD_PERSON.search(clause) and not _FIRST_PERSON.search(clause):
        return False  # "they want 40% more next year": someone else's plan
    if (
        not _PLAN.search(rest)
        and not _pointed_back_at(match, text, end)
        and not _when_of_a_plan(match, text, begin)
    ):
        return False
    if sentence.rstrip().endswith("?"):
        # a question about us or the product with a date in it ("a demo tomorrow?", "does the
        # plan renew in January?") is not the buyer's plan; "can we go live by Q3?" is
        return bool(_FIRST_PERSON.search(sentence)) and (
            not _TO_US.search(sentence) or bool(_GO.search(clause))
        )
    return True


def _pointed_back_at(match: re.Match[str], text: str, sentence_end: int) -> bool:
    """A later clause of the sentence is the buyer's plan and points back at this time
    ("Q1 2027 is when the new budget kicks in, so that's when we'd buy")."""
    later = text[match.end() : sentence_end]
    back = _POINTS_BACK.search(later)
    if not back:
        return False
    clause = later[slice(*around(*back.span(), later, CLAUSE_END))]
    return bool(_WE_PLAN.search(clause) and _PLAN.search(clause))


def _when_of_a_plan(match: re.Match[str], text: str, sentence_begin: int) -> bool:
    """The time is in a "when"/"once" clause of the buyer's own move ("we're leaving Pipit when
    the contract ends in Q1")."""
    begin = around(*match.span(), text, CLAUSE_END)[0]
    joint = re.search(r"\s(?:when|once)\s$", text[sentence_begin:begin], re.IGNORECASE)
    if not joint:
        return False
    at = sentence_begin + joint.start()
    main = text[slice(*around(at, at, text, CLAUSE_END))]
    return bool(
        _FIRST_PERSON.search(main)
        and _GO.search(main)
        and not _told_as_history(main, "")
        and not main.rstrip().endswith("?")
    )


def _told_as_history(clause: str, words: str) -> bool:
    """The clause tells what happened: a past-tense verb and nothing ahead ("we went live
    in March"), or a past-tense verb after the last word that looks ahead, before the time
    ("we moved to Heap in June and now want to leave it by September": June is history)."""
    rest = clause.replace(words, " ") if words else clause
    # "the old system gets switched off": a passive, not a past tense
    rest = re.sub(r"\b(?:gets?|getting|be|being|been|is|are)\s+\w+ed\b", " ", rest, flags=re.I)
    if _PAST_VERB.search(rest) and not _AHEAD.search(rest):
        return True
    before = clause[: max(clause.find(words), 0)] if words else clause
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


def _opens_with_the_time(match: re.Match[str], text: str) -> bool:
    """The message opens with a clause that is only the time, as an answer does ("next
    quarter probably, depends on hiring"), and its sentence is no question and no history."""
    begin, end = around(*match.span(), text, CLAUSE_END)
    if text[:begin].strip() or not _only_the_time(match, text[begin:end], offset=begin):
        return False
    sentence_end = around(*match.span(), text, SENTENCE_END, keep_end=True)[1]
    sentence, rest = text[begin:sentence_end], text[end:sentence_end]
    return not (
        sentence.rstrip().endswith("?")
        or _told_as_history(sentence, match.group(0))
        # "in 2 weeks they will send us a quote": someone else's plan
        or (_THIRD_PERSON.search(rest) and not _WE_SUBJECT.search(rest))
        # "Q3, that's when our Heap contract ends": a date of the contract, not their plan
        or (_ANOTHER_EVENT.search(rest) and not _PLAN.search(rest))
    )


def _only_the_time(match: re.Match[str], text: str, offset: int = 0) -> bool:
    start, end = match.start() - offset, match.end() - offset
    rest = (text[:start] + " " + text[end:]).lower()
    return not re.sub(_FILLER, " ", re.sub(r"[^a-z ]", " ", rest)).split()
