"""Composing a short, honest answer from retrieval hits.

The answer quotes the content (never paraphrases it into new claims), names the page it came
from, adds the page's "where X is the better choice" caveat when there is one, and says "I
don't know" when the content does not contain what was asked. Which sentences to quote is
decided in ``selection``; this module words the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from bot.dialogue.chat_speak import written_out
from bot.dialogue.hits import HitLike, PassageLike, cite, source_of
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.question import (
    QuestionPart,
    Side,
    asks_for_questions,
    comparison_side,
    is_yes_no,
    split_questions,
)
from bot.dialogue.selection import (
    AnswerPolicy,
    Selection,
    answer_bar,
    answerable,
    is_caveat,
    is_their_side,
    quote,
    select,
    yes_no_lead,
)

DONT_KNOW = (
    "I don't know. Our pages don't say, and I'd rather not guess. "
    "Would you like me to bring in a person from our team?"
)
DONT_KNOW_AGAIN = "I don't know that one either: our pages don't say, and I'd rather not guess."
PREVIOUS_PAGE_REASON = "follow-up: the previous answer's page"
LEAD_IN_WORDS = 25  # "While you wait for <name>, here's what our pages say (I'm the assistant):"
SAME_PASSAGE = (
    "I don't have more than the passage I just quoted: our pages don't say more on that, and "
    "I'd rather not guess. Would you like me to bring in a person from our team?"
)

_WORD = re.compile(r"[a-z0-9][a-z0-9-]+")
_STOPWORDS = frozenset(
    {
        "and",
        "the",
        "for",
        "with",
        "that",
        "this",
        "what",
        "our",
        "are",
        "not",
        "but",
        "its",
        "it's",
        "have",
        "has",
        "you",
        "your",
        "was",
        "from",
        "matter",
        "matters",
        "most",
        "main",
        "really",
        "just",
        "want",
        "need",
        "of",
        "to",
        "in",
        "on",
        "is",
        "be",
        "we",
        "us",
    }
)


@dataclass(frozen=True)
class Evidence:
    """How close the content came for one question: the section chosen, its score and the bar
    it had to clear. Kept with the answer so editors can see what the pages nearly said."""

    path: str
    heading: str
    score: float
    threshold: float

    @property
    def margin(self) -> float:
        return self.score - self.threshold


@dataclass(frozen=True)
class Answer:
    """A reply ready to send: text plus the sources to attach to the same message.

    ``unanswered`` lists the questions (or parts) the content did not answer, for the
    summary's open questions; ``reasons`` says why each part was answered or declined, for
    the log a rep or developer reads.
    """

    text: str
    sources: list[dict[str, str | None]] = field(default_factory=list)
    confident: bool = True
    unanswered: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # The weakest answered part (or, when nothing was answered, the nearest miss): for the
    # answer record editors read (bot/gaps/record.py). None when no section was near.
    evidence: Evidence | None = None


Search = Callable[[str], Sequence[HitLike]]
SearchWithin = Callable[[str, str], Sequence[HitLike]]  # (query, page path)
Caveat = Callable[[str, str], HitLike | None]
Strengths = Callable[[str, bool, str], HitLike | None]


@dataclass(frozen=True)
class AnswerContext:
    """What the answer may use besides the question: the buyer, what was shown before, and
    how to look things up."""

    search: Search
    search_within: SearchWithin
    caveat_for: Caveat  # (path, question) -> the page's "where they are better" section
    strengths_for: Strengths  # (path, competitor_side, question) -> one side's section
    unknown_terms: Callable[[str], list[str]]
    comparison_page: Callable[[str], str | None]  # competitor name -> its comparison page
    policy: AnswerPolicy
    profile: BuyerProfile = field(default_factory=BuyerProfile)
    competitor: str | None = None  # the competitor this question is about, if any
    shown: frozenset[tuple[str, str]] = frozenset()  # (path, heading) already quoted
    previous_page: str | None = None  # for a follow-up: the page of the previous answer
    topics: frozenset[str] = frozenset()  # page tags the question is about (from the intent)
    product: str | None = None  # our product's name (the knowledge folder's site file)
    just_said: str = ""  # for a follow-up: the previous reply, whose quotes it needs not repeat


def build_query(
    text: str, competitor: str | None = None, comparison: bool = False, product: str | None = None
) -> str:
    """The search query: the buyer's words, plus the competitor when the question is about one.

    Comparison questions are often vague ("why you over them?"); naming the comparison
    ("<product> vs <competitor>", the product's name from the site file) makes the
    competitor's page rank first.
    """
    if not competitor:
        return text
    if comparison:
        return f"{product + ' ' if product else ''}vs {competitor}: {text}"
    if competitor.lower() not in text.lower():
        return f"{text} {competitor}"
    return text


def _keywords(text: str | None) -> set[str]:
    """Content words, crudely singularised ("plans" matches "plan")."""
    words = (w for w in _WORD.findall((text or "").lower()) if w not in _STOPWORDS)
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


def rank_hits(
    hits: Sequence[HitLike], profile: BuyerProfile, min_confidence: float
) -> list[HitLike]:
    """Confident hits, best first, nudged towards what this buyer cares about.

    The nudge is small (it reorders near-ties, it never rescues a weak hit): a passage about
    the competitor they named, or one sharing words with their criteria or worry, wins a tie.
    """
    wanted = _keywords(profile.criteria) | _keywords(profile.main_worry)
    competitor = (profile.competitor or "").lower()

    def score(hit: HitLike) -> float:
        bonus = 0.0
        if competitor and competitor in (c.lower() for c in hit.competitors):
            bonus += 0.05
        if wanted & _keywords(f"{hit.heading} {hit.text} {' '.join(hit.tags)}"):
            bonus += 0.03
        return hit.confidence + bonus

    confident = [h for h in hits if h.confidence >= min_confidence]
    return sorted(confident, key=score, reverse=True)


def compose_answer(
    question: str,
    ctx: AnswerContext,
    *,
    comparison: bool = False,
    first_miss: bool = True,
    split: bool = True,
) -> Answer:
    """The reply to a question: each of its parts answered from the content and cited, or
    declined plainly when the content does not say."""
    question = written_out(question)
    if not question.strip():
        parts = []
    elif split:
        parts = split_questions(question)
    else:
        parts = [QuestionPart(question, is_yes_no(question))]
    answers = [_answer_part(part, ctx, comparison) for part in parts]
    answered = [a for a in answers if a.confident]
    unanswered = [q for a in answers for q in a.unanswered]
    reasons = [r for a in answers for r in a.reasons]
    evidence = _weakest(answered or answers)
    if not answered:
        text = DONT_KNOW if first_miss else DONT_KNOW_AGAIN
        return Answer(
            text,
            confident=False,
            unanswered=unanswered or [question],
            reasons=reasons,
            evidence=evidence,
        )
    if len(answers) == 1:
        return answers[0]
    lines = []
    for part, answer in zip(parts, answers, strict=True):
        body = answer.text if answer.confident else "Our pages don't say, and I'd rather not guess."
        lines.append(f"On “{part.text.rstrip('?')}”: {body}")
    if unanswered:
        lines.append("I can bring in a person for what our pages don't cover.")
    sources = _unique([s for a in answered for s in a.sources])
    return Answer("\n".join(lines), sources, True, unanswered, reasons, evidence)


def not_quoted_again(answer: Answer, question: str, previous_reply: str | None) -> Answer:
    """A new question answered by the very quote just sent is one the pages do not answer
    more closely ("how many people work at Tessellate?" after "what companies use it?" finds
    the customer-count sentence again): say so, rather than repeat the reply word for word."""
    if not answer.confident or not previous_reply:
        return answer
    said, before = " ".join(answer.text.split()), " ".join(previous_reply.split())
    lead_in = before[: len(before) - len(said)]
    # The same reply, or it after a short lead-in ("While you wait for Priya, …:"); a quote
    # that is only part of the previous reply ("are those prices in dollars?") is an answer.
    if not before.endswith(said) or len(lead_in.split()) > LEAD_IN_WORDS:
        return answer
    return Answer(
        SAME_PASSAGE,
        confident=False,
        unanswered=[question],
        reasons=[*answer.reasons, "declined: the same quote as the previous reply"],
        evidence=answer.evidence,
    )


def only_repeats(answer: Answer, previous_reply: str | None) -> bool:
    """Every line of a confident answer is already in the previous reply: a follow-up read
    with the previous question ("…in the contract? and if you miss it?") found what that
    question found, not what the follow-up adds."""
    if not answer.confident or not previous_reply:
        return False
    said = " ".join(previous_reply.split())
    return all(" ".join(line.split()) in said for line in answer.text.splitlines() if line.strip())


def _not_yet_said(hits: Sequence[HitLike], just_said: str) -> list[HitLike]:
    """The hits without the sentences the previous reply quoted: "and if you miss it?" after
    the uptime figure wants the credits sentence, not the figure again. A section the reply
    quoted whole is left out."""
    said = " ".join(just_said.split())
    if not said:
        return list(hits)
    fresh = []
    for hit in hits:
        passages = tuple(p for p in hit.passages if " ".join(p.text.split()) not in said)
        if passages:
            fresh.append(replace(hit, passages=passages))  # type: ignore[type-var]
    return fresh


def _weakest(answers: list[Answer]) -> Evidence | None:
    """Answered parts: the one closest to its bar; declined ones: the nearest miss."""
    found = [a.evidence for a in answers if a.evidence is not None]
    if not found:
        return None
    confident = any(a.confident for a in answers)
    pick = min if confident else max
    return pick(found, key=lambda e: e.margin)


def _answer_part(part: QuestionPart, ctx: AnswerContext, comparison: bool) -> Answer:
    """One question. A follow-up ("and on the Free plan?") is also tried on the previous
    answer's page, at a lower bar; that page wins unless a section elsewhere answers at the
    full bar and scores ``same_page_margin`` higher ("and Enterprise starts at what price?"
    after an SSO answer is a pricing question)."""
    query = build_query(part.text, ctx.competitor, comparison, ctx.product)
    unknown = ctx.unknown_terms(part.text)
    hits = rank_hits(ctx.search(query), ctx.profile, ctx.policy.min_confidence)
    prefer = _named_section(part.text, hits, ctx)
    checklist_ok = asks_for_questions(part.text)
    selection = select(
        hits,
        ctx.policy,
        prefer,
        topics=ctx.topics,
        shown=ctx.shown,
        checklist_ok=checklist_ok,
        question=part.text,
    )
    if ctx.previous_page and prefer is None:
        # A follow-up is elliptic ("and on the Free plan?"), so its words match the page we
        # were just on less well than a page that happens to name the same thing.
        same_page = rank_hits(
            _not_yet_said(ctx.search_within(query, ctx.previous_page), ctx.just_said),
            ctx.profile,
            0.0,
        )
        nearby = select(
            same_page,
            ctx.policy,
            topics=ctx.topics,
            shown=ctx.shown,
            checklist_ok=checklist_ok,
            question=part.text,
        )
        relaxed = replace(
            ctx.policy,
            min_answer_score=ctx.policy.min_answer_score - ctx.policy.same_page_margin,
        )
        elsewhere_better = (
            nearby is not None
            and selection is not None
            and selection.hit.path != ctx.previous_page
            and answerable(selection, unknown, ctx.policy, part.text)
            and selection.score > nearby.score + ctx.policy.same_page_margin
        )
        if answerable(nearby, unknown, relaxed, part.text) and not elsewhere_better:
            assert nearby is not None
            reasons = [PREVIOUS_PAGE_REASON]
            cited = _cited(part, replace(nearby, reasons=reasons), ctx)
            return replace(cited, evidence=_evidence(nearby, unknown, relaxed, part.text))
    if prefer is None and not answerable(selection, unknown, ctx.policy, part.text):
        why = "no section confident" if selection is None else "best sentence not close enough"
        return Answer(
            "",
            confident=False,
            unanswered=[part.text],
            reasons=[f"declined: {why}"],
            evidence=_evidence(selection, unknown, ctx.policy, part.text),
        )
    assert selection is not None
    return replace(
        _cited(part, selection, ctx), evidence=_evidence(selection, unknown, ctx.policy, part.text)
    )


def _evidence(
    selection: Selection | None, unknown: Sequence[str], policy: AnswerPolicy, question: str
) -> Evidence | None:
    if selection is None:
        return None
    bar = answer_bar(unknown, policy, question)
    return Evidence(selection.hit.path, selection.hit.heading, round(selection.score, 4), bar)


def _named_section(question: str, hits: Sequence[HitLike], ctx: AnswerContext) -> HitLike | None:
    """The "where they / we are the better choice" list, when the question asks exactly
    that about the competitor in hand ("where does Ordinal beat you?")."""
    side = comparison_side(question)
    page = _competitor_page(hits, ctx)
    if side is None or page is None:
        return None
    return ctx.strengths_for(page, side == Side.THEIRS, question)


def _competitor_page(hits: Sequence[HitLike], ctx: AnswerContext) -> str | None:
    names = [n.lower() for n in (ctx.competitor, ctx.profile.competitor) if n]
    for hit in hits:
        if any(c.lower() in names for c in hit.competitors):
            return hit.path
    return None


def _lead_in(profile: BuyerProfile, quoted: str) -> str:
    """A pointer to why this quote matters to this buyer, only when it clearly does: most of
    the words of what they said matters most are in it."""
    wanted = _keywords(profile.criteria)
    if wanted and len(wanted & _keywords(quoted)) * 2 >= len(wanted):
        return f"You said {profile.criteria} matters most, so: "
    return ""


def _cited(part: QuestionPart, selection: Selection, ctx: AnswerContext) -> Answer:
    hit = selection.hit
    lead = yes_no_lead(part.text, selection.best, ctx.product) if part.yes_no else None
    body = quote(_answer_first(selection)) or hit.text.strip()
    if is_their_side(hit):
        body = f"{hit.heading}:\n{body}"
    if lead:
        body = f"{lead} {body}" if "\n" not in body else f"{lead}\n{body}"
    lines = [f"{_lead_in(ctx.profile, f'{hit.heading} {hit.text}')}{body}", f"Source: {cite(hit)}"]
    used = [hit]
    caveat = ctx.caveat_for(hit.path, part.text)
    if caveat is not None and not is_their_side(hit):
        heading = caveat.heading[:1].lower() + caveat.heading[1:]
        lines.append(f"To be fair, {heading}:\n{quote(sorted(caveat.passages, key=_order))}")
        used.append(caveat)
    context_line = _context_caveat(part.text, hit, ctx)
    if context_line is not None:
        lines.append(context_line[0])
        used.append(context_line[1])
    return Answer("\n".join(lines), [source_of(h) for h in used], reasons=selection.reasons)


_ANAPHORIC = re.compile(r"^(?:this|that|these|those|it|they|then|so|but|and)\b", re.IGNORECASE)


def _answer_first(selection: Selection) -> list[PassageLike]:
    """The quoted units with the one that answers first, the rest in page order; a list or a
    sentence that leans on the one before it ("This works, but...") keeps page order."""
    best, units = selection.best, selection.units
    if best is None or not units or units[0] is best or is_caveat(selection.hit.heading):
        return units
    if _ANAPHORIC.match(best.text) or best.kind == "item":
        return units
    return [best, *(u for u in units if u is not best)]


def _context_caveat(question: str, hit: HitLike, ctx: AnswerContext) -> tuple[str, HitLike] | None:
    """For a buyer who uses or weighs a competitor, the one honest bullet of that
    competitor's "better choice" list that bears on this question, once per conversation."""
    tool = ctx.profile.current_tool or ctx.profile.competitor
    if not tool or any(tool.lower() == c.lower() for c in hit.competitors):
        return None
    page = ctx.comparison_page(tool)
    caveat = ctx.caveat_for(page, question) if page else None
    if caveat is None or (caveat.path, caveat.heading) in ctx.shown:
        return None
    best = max(caveat.passages, key=lambda u: u.score, default=None)
    if best is None or best.score < ctx.policy.context_caveat_min:
        return None
    line = f"Since you use {tool}, to be fair: {best.text} ({cite(caveat)})"
    return line, caveat


def _order(unit: PassageLike) -> int:
    return unit.order


def _unique(sources: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    seen: list[dict[str, str | None]] = []
    for source in sources:
        if source not in seen:
            seen.append(source)
    return seen
