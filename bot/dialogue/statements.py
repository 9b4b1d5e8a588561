"""Telling what a buyer says about themselves from what they ask, for the decision summary.

A buyer packs both into one message: "Do you use TLS 1.2, and what happens in a severity 1
incident? We're 150 staff." The situation in a rep's packet should read "We're 150 staff" (a
question is listed as a question, not as the buyer's situation), and the open question should
read "What happens in a severity 1 incident?" (without the statement glued on after it).

Plain rules over sentences and clauses, so a rep reading the log can follow them:

- a sentence is cut into clauses at commas, semicolons, dashes and at "and / but / so" when a
  question word or a new subject ("we", "I", "our"…) follows;
- a clause asks when it holds a question mark, opens with a question word ("what", "do you",
  "is there"…) or asks indirectly ("wondering if…"); "what we need is…" states;
- within a sentence, the first clause that asks and everything after it are the question (the
  clauses before it are statements: "We're 30 people on Pipit, does your SDK do Flutter?");
- requests for a person and bare greetings or thanks are neither.
"""

from __future__ import annotations

import re

from bot.dialogue.reading import opens_with_what_statement, read_message

_QUESTION_START = re.compile(
    r"^(?:(?:and|also|so|but|plus|or|then|ok(?:ay)?|hi|hey|quick question)\b[,:]?\s+)*"
    r"(?:what|what's|whats|how|which|where|who|whom|whose|when|why|"
    r"do|does|did|is|isn't|are|aren't|can|can't|could|will|won't|would|should|shall|"
    r"may|might|am|was|were|has|have|hasn't|haven't|any (?:chance|idea|way|plans?)|"
    r"is there|are there)\b",
    re.IGNORECASE,
)
# Asked indirectly: "wondering if you…", "legal wants to know whether…", "tell me how…".
_INDIRECT = re.compile(
    r"\b(?:wonder(?:ing)?|curious|want(?:s|ed)? to know|need(?:s)? to know|to find out|"
    r"(?:tell|show|explain to) (?:me|us)|not sure|unsure|asking|ask)\s+"
    r"(?:what|how|whether|if|when|why|who|which|where)\b",
    re.IGNORECASE,
)
# Has/have/was/were/am open a statement as often as a question ("have 40 seats on Pipit"):
# they ask only with a subject right after them ("have you…", "was it…").
_AUXILIARY_STATEMENT = re.compile(
    r"^(?:has|have|was|were|am|may|might)\b(?!\s+(?:you|it|they|we|i|there|your|anyone|any)\b)",
    re.IGNORECASE,
)
# A clause that says nothing about the buyer: a greeting, thanks, a plain yes or no.
_EMPTY = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|yo|there|good (?:morning|afternoon|evening)|thanks?|thank you|"
    r"cheers|ok(?:ay)?|cool|great|sure|right|alright|yes|yeah|yep|no|nope|please|so|and|also|"
    r"well|hmm+|one more thing|quick question|question|again|guys|team|folks|all|"
    r"a lot|much|very)\W*)+$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*")
_QUESTION_WORD = r"(?:what|how|which|where|who|when|why|do|does|did|is|are|can|could|will|would)"
_CLAUSE = re.compile(
    rf"\s*[,;]\s*|\s+[-–—]+\s+|\s+(?:and|but|so|also|plus)\s+(?={_QUESTION_WORD}\b)|"
    r"\s+(?:and|but|so)\s+(?=(?:we|we're|i|i'm|our|my|they|the team)\b)",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, as written (a question keeps its question mark)."""
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def asks(clause: str) -> bool:
    """Whether one clause asks something (see the module's rules)."""
    clause = clause.strip()
    if "?" in clause or _INDIRECT.search(clause):
        return True
    if opens_with_what_statement(clause) or _AUXILIARY_STATEMENT.match(clause):
        return False
    return bool(_QUESTION_START.match(clause))


def _clauses(sentence: str) -> list[tuple[str, str]]:
    """(separator before it, clause) for each clause of one sentence, in order."""
    return list(zip(["", *_CLAUSE.findall(sentence)], _CLAUSE.split(sentence), strict=True))


def _says_nothing(clause: str) -> bool:
    """A greeting, thanks, a plain yes or no, or a request for a person."""
    return bool(_EMPTY.match(_clean(clause))) or read_message(clause).wants_person


def _stated_part(sentence: str) -> str:
    """The clauses of one sentence before its question (all of it when it asks nothing),
    without greetings or requests for a person ("ok I'd like a call, we're deciding between
    Business and Enterprise": the last clause)."""
    kept = ""
    for separator, piece in _clauses(sentence):
        if asks(piece):
            return kept
        if not _says_nothing(piece):
            kept += (separator if kept else "") + piece
    if sentence.rstrip().endswith("?"):
        return ""  # "Team of 40, Business plan then?": a question without a question word
    return kept


def without_requests(text: str) -> str | None:
    """``text`` without its greetings and requests for a person, for an answer that may be
    worded as a question ("how fast PMs can self-serve" is what matters, not a question)."""
    kept = []
    for sentence in sentences(text):
        said = ""
        for separator, piece in _clauses(sentence):
            if not _says_nothing(piece):
                said += (separator if said else "") + piece
        if _clean(said):
            kept.append(said.strip())
    return " ".join(kept) or None


def _clean(statement: str) -> str:
    return statement.strip(" ,;:-–—").rstrip(".!").strip()


def statements_in(text: str | None) -> str | None:
    """What ``text`` says about the buyer: its statements, cut from its questions, without
    requests for a person or bare greetings; sentences joined with ". " (None: nothing)."""
    if not text:
        return None
    kept = []
    for sentence in sentences(text):
        stated = _clean(_stated_part(sentence))
        if not stated or _EMPTY.match(stated):
            continue
        if stated.lower() not in {k.lower() for k in kept}:
            kept.append(stated)
    return ". ".join(kept) or None


_FIRST_PERSON = re.compile(r"\b(?:we|we're|we've|us|our|ours|i|i'm|i've|me|my)\b", re.IGNORECASE)


_NEED = re.compile(
    r"\b(?:need|needs|want|wants|looking for|require|requires|must|have to|has to|"
    r"interested in|hoping|expect)\b",
    re.IGNORECASE,
)


def tells_only(text: str) -> bool:
    """Whether ``text`` only tells something about the buyer and asks nothing ("We're a
    110-person SaaS company, comparing you with Ordinal."): not an open question. A terse
    query without a subject ("pricing for 40 seats") and a need ("we need EU hosting") are
    still open: the rep should answer them."""
    return (
        not any(asks(s) for s in sentences(text))
        and bool(_FIRST_PERSON.search(text))
        and not _NEED.search(text)
    )


def as_questions(text: str) -> list[str]:
    """An open question as questions: each question of it on its own ("How many staff? and
    where is your office?" -> two), with a capital and a question mark, and the statements
    after its last question cut ("what happens in a sev 1 incident? We're 150 staff." -> "What
    happens in a sev 1 incident?"). A statement just before a question stays with it: the
    question may point back at it ("IT insists on SCIM. Which plan has it?"). Text that asks
    nothing is given as it is."""
    questions: list[str] = []
    context: list[str] = []
    for sentence in sentences(text):
        if _EMPTY.match(_clean(sentence)):
            continue
        if not asks(sentence):
            context.append(sentence)
            continue
        question = " ".join([*context, _LEAD.sub("", sentence) if not context else sentence])
        questions.append(_as_asked(question))
        context = []
    if not questions:
        return [_as_asked(" ".join(context))] if context else []
    return questions


_LEAD = re.compile(
    rf"^(?:and|also|so|plus|or|ok(?:ay)?)\b[,:]?\s+(?={_QUESTION_WORD}\b)", re.IGNORECASE
)


def _as_asked(question: str) -> str:
    question = question.strip().rstrip(".!,;: ")
    if not question:
        return question
    if not question.endswith("?") and asks(sentences(question)[-1]):
        question += "?"
    return question[0].upper() + question[1:]
