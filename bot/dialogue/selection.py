"""Choosing what to quote: the section that answers, and its sentences or bullets that do.

Every hit carries its section's units (sentences and list items) scored against the question
at search time. A section is chosen by its best unit, not by how the whole section ranks, so a
question about one bullet gets the section holding that bullet; the reply then quotes the best
unit and those close to it, whole, in page order. Nothing is paraphrased: a quote is a unit.

Whether the content answers at all is decided here too (``answerable``): on-topic questions
the pages do not cover ("who are your investors?") still find a nearest section, so a
threshold on the chosen section's score, stricter when the question uses words no page holds,
separates "the pages say" from "the pages are near" (the best sentence's closeness and words
shared with the question, plus the whole section's closeness, separated the two better on the
tuning set than the sentence's cosine alone). The thresholds live in ``Settings``
(chosen on ``bench/data/answerability_tuning.yml``, see ``bench/answerability_bench.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.dialogue.hits import HitLike, PassageLike

CAVEAT_HEADING = re.compile(r"^where (.+?) (?:is|are) the better choice", re.IGNORECASE)
# "with no code changes" is a plus, not a "no".
_NEGATION = re.compile(
    r"(?<!with )\b(?:no|not|never|cannot|can't|don't|doesn't|isn't|aren't|won't|nor|neither)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r";|:|\bbut\b|\.\s")
_WORD = re.compile(r"[a-z0-9][a-z0-9.+-]*[a-z0-9+]|[a-z0-9]")
_FILLER_TEXT = """do does did is are was can could will would have has should any there you your we
    our us i me my the a an for to of in on at with and or it its this that support
    supports offer offers get than then so also what which how who where when why"""
_QUESTION_FILLER = frozenset(_FILLER_TEXT.split())


@dataclass(frozen=True)
class AnswerPolicy:
    """The knobs of answer selection, from ``Settings`` (one place for every threshold)."""

    min_confidence: float = 0.35  # a section's own confidence (cosine mapped to 0..1)
    # The chosen section's score (its best sentence's cosine, plus shared words, plus the
    # section's own confidence) must reach this to count as answering; much more when the
    # question has specific words no page uses.
    min_answer_score: float = 0.9
    min_answer_score_unknown: float = 1.4
    overlap_weight: float = 0.25  # how much exact shared words add to a unit's cosine
    section_weight: float = 0.1  # how much the whole section's confidence adds to its best unit
    unit_margin: float = 0.08  # units this close to the best one are quoted with it
    whole_section_words: int = 70  # a section this short is quoted whole: it is one answer
    topic_bonus: float = 0.15  # for a section on the topic the intent names (pricing)
    same_page_margin: float = 0.3  # a follow-up may score this much lower on the previous page
    max_units: int = 3
    context_caveat_min: float = 0.30  # a buyer's-tool caveat bullet must be at least this close
    # A unit that is itself a question (a checklist's "Can we see the SOC 2 report?") shares
    # the buyer's words but answers nothing, unless the buyer asks what to ask.
    question_unit_penalty: float = 0.35
    # A section whose heading names what the question asks about ("The four plans" for
    # "what plans do you have?") gains this times the share of its heading's words asked.
    heading_weight: float = 0.4
    # A section whose heading is what was asked ("The four plans" for "what plans do you
    # have?": heading cosine at least this) is quoted whole up to ``named_section_words``: a
    # list the buyer asked for is the answer, not its best bullet.
    heading_names_min: float = 0.55
    named_section_words: int = 130
    # Unknown words raise the bar only when at least this share of the question's words
    # are unknown (see ``answer_bar``); 0 makes any unknown word raise it.
    unknown_share_min: float = 0.15


@dataclass(frozen=True)
class Selection:
    """The section chosen to answer one question and the units quoted from it."""

    hit: HitLike
    units: list[PassageLike]
    best: PassageLike | None
    score: float
    reasons: list[str] = field(default_factory=list)


def unit_score(unit: PassageLike, policy: AnswerPolicy, checklist_ok: bool = False) -> float:
    score = unit.score + policy.overlap_weight * unit.overlap
    if not checklist_ok and unit.text.rstrip().endswith("?"):
        score -= policy.question_unit_penalty
    return score


def best_unit(hit: HitLike, policy: AnswerPolicy, checklist_ok: bool = False) -> PassageLike | None:
    return max(hit.passages, key=lambda u: unit_score(u, policy, checklist_ok), default=None)


def select(
    hits: Sequence[HitLike],
    policy: AnswerPolicy,
    prefer: HitLike | None = None,
    *,
    topics: frozenset[str] = frozenset(),
    shown: frozenset[tuple[str, str]] = frozenset(),
    checklist_ok: bool = False,
    question: str = "",
) -> Selection | None:
    """The best-answering confident section and its quoted units, or None if none is
    confident. ``prefer`` (a section the question explicitly points at, such as the
    "where they are better" list) wins when given; a page tagged with one of ``topics``
    (what the NLU intent says the question is about) gets a small bonus; a section in
    ``shown`` (already quoted to this buyer) is quoted by its answering sentences only;
    ``checklist_ok`` when the buyer asks what to ask (see ``AnswerPolicy``)."""
    if prefer is not None:
        units = list(prefer.passages)
        best = best_unit(prefer, policy, checklist_ok)
        return Selection(prefer, units, best, 1.0, ["section named"])
    confident = [h for h in hits if h.confidence >= policy.min_confidence]
    if not confident:
        return None

    def section_score(hit: HitLike) -> float:
        """How well the section answers: what ``answerable`` judges."""
        unit = best_unit(hit, policy, checklist_ok)
        score = unit_score(unit, policy, checklist_ok) if unit else 0.0
        score += policy.section_weight * hit.confidence
        return score + (policy.topic_bonus if topics & set(hit.tags) else 0.0)

    def rank(hit: HitLike) -> float:
        # The heading only breaks near-ties between sections: a heading naming the topic
        # says where the answer is, not that the pages hold it.
        return section_score(hit) + policy.heading_weight * heading_match(question, hit.heading)

    chosen = max(confident, key=rank)
    best = best_unit(chosen, policy, checklist_ok)
    repeat = (chosen.path, chosen.heading) in shown
    named = chosen.heading_cosine >= policy.heading_names_min
    whole_words = policy.named_section_words if named else policy.whole_section_words
    reasons = [f"section {chosen.path}#{chosen.heading} by its best sentence"]
    if named:
        reasons.append("its heading is what was asked")
    return Selection(
        chosen,
        quoted_units(
            chosen, best, policy, whole=not repeat, checklist_ok=checklist_ok, words=whole_words
        ),
        best,
        section_score(chosen),
        reasons,
    )


def heading_match(question: str, heading: str) -> float:
    """The share of a heading's content words the question uses (crudely singularised)."""
    wanted = _content_words(heading)
    return len(wanted & _content_words(question)) / len(wanted) if wanted else 0.0


def _content_words(text: str) -> set[str]:
    words = (w for w in _WORD.findall(text.lower()) if w not in _QUESTION_FILLER)
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


def quoted_units(
    hit: HitLike,
    best: PassageLike | None,
    policy: AnswerPolicy,
    whole: bool = True,
    checklist_ok: bool = False,
    words: int | None = None,
) -> list[PassageLike]:
    """The best unit and those within the margin of it, in page order; a caveat list whole,
    and a short section (at most ``words``, default ``whole_section_words``) whole unless the
    buyer has seen it already (``whole=False``).

    A list's lead-in sentence ("Official SDKs exist for:") brings its items along, since the
    lead alone says nothing; a caveat is quoted whole because cutting an honest list short
    would hide exactly the bullet that might decide it.
    """
    if best is None:
        return []
    units = sorted(hit.passages, key=lambda u: u.order)
    limit = policy.whole_section_words if words is None else words
    short = sum(len(u.text.split()) for u in units) <= limit
    if is_caveat(hit.heading) or (whole and short):
        return units

    def score(unit: PassageLike) -> float:
        return unit_score(unit, policy, checklist_ok)

    top = score(best)
    ranked = sorted(units, key=score, reverse=True)
    chosen = [u for u in ranked if score(u) >= top - policy.unit_margin]
    chosen = chosen[: policy.max_units]
    if best.kind == "lead":
        chosen += [u for u in units if u.kind == "item" and u.order > best.order][:6]
    keep = {u.order for u in chosen}
    return [u for u in units if u.order in keep]


def answerable(
    selection: Selection | None,
    unknown_terms: Sequence[str],
    policy: AnswerPolicy,
    question: str = "",
) -> bool:
    """Whether the quoted units actually say what was asked (see the module docstring)."""
    if selection is None or selection.best is None:
        return False
    return selection.score >= answer_bar(unknown_terms, policy, question)


def answer_bar(unknown_terms: Sequence[str], policy: AnswerPolicy, question: str = "") -> float:
    """The score a section must reach. Words no page uses raise it, but only when they are a
    real share of what was asked: "who are your investors?" is about the unknown word, while
    one odd word in a long message about the buyer's own setup is just their situation."""
    if not unknown_terms:
        return policy.min_answer_score
    asked = len(_content_words(question)) if question else 0
    if asked and len(unknown_terms) / asked < policy.unknown_share_min:
        return policy.min_answer_score
    return policy.min_answer_score_unknown


def is_caveat(heading: str) -> bool:
    """A "Where X is the better choice" section (either side)."""
    return bool(CAVEAT_HEADING.match(heading.strip()))


def is_their_side(hit: HitLike) -> bool:
    """The section saying where the competitor is the better choice: the honest caveat."""
    match = CAVEAT_HEADING.match(hit.heading.strip())
    return bool(match) and any(c.lower() in match.group(1).lower() for c in hit.competitors)


def quote(units: Sequence[PassageLike]) -> str:
    """The units as one quote: sentences run on, list items as bullets."""
    lines: list[str] = []
    for unit in units:
        if unit.kind == "item":
            lines.append(f"- {unit.text}")
        elif lines and not lines[-1].startswith("- "):
            lines[-1] = f"{lines[-1]} {unit.text}"
        else:
            lines.append(unit.text)
    return "\n".join(lines)


def yes_no_lead(question: str, best: PassageLike | None, product: str | None = None) -> str | None:
    """ "Yes." or "No." when the best sentence plainly settles a yes/no question, else None.

    Conservative on purpose, since a wrong "Yes" is a false claim: the sentence must contain
    the question's own key words, the question must not itself be negative, and the answer
    is "No" only when a negation sits in the same clause as the first key word it contains.
    """
    if best is None or _NEGATION.search(question):
        return None
    filler = _QUESTION_FILLER | {(product or "").lower()}
    keys = [w for w in _WORD.findall(question.lower()) if w not in filler]
    text = best.text.lower()
    found = [k for k in keys if re.search(rf"\b{re.escape(k.rstrip('s'))}", text)]
    if not keys or len(found) < len(keys) or best.overlap < 0.5:
        return None  # every key word of the question must be in the sentence
    position = min(text.find(k.rstrip("s")) for k in found)
    clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, position)), default=0)
    clause_end = next((m.start() for m in _CLAUSE.finditer(text, position)), len(text))
    return "No." if _NEGATION.search(text[clause_start:clause_end]) else "Yes."
