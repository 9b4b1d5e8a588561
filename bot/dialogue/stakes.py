"""High stakes a person must hear about: the deal hangs on something, or the buyer's job does.

"Unless someone puts 99.9% in writing we're not moving forward" or "if this rollout goes
sideways it's my head on the block" asks for judgement and commitment no page can give,
whatever NLU makes of the words, so it goes to a person with the buyer's words as the reason.

Strong language alone is not an ultimatum: "SSO is a dealbreaker for us, which plan has it?"
is a question with a requirement in it, answered like any other. A lost deal counts only when
it is made conditional ("unless…", "if… then…", "or…", "otherwise…"), because "we're not
moving forward with Ordinal" is a situation, while "…or we're not moving forward" is a
demand. A career at stake or a budget that is about to vanish counts as said.
"""

from __future__ import annotations

import re

# The deal is lost: "the deal is dead", "we walk", "we'll sign with Ordinal", "it's off".
_LOST_DEAL = (
    r"(?:this|the|our|that) (?:deal|purchase|evaluation|whole thing)(?: is|'s| will be)? "
    r"(?:dead|off|over|done|finished|off the table)|"
    r"(?:whole|entire) thing(?: is|'s)? (?:off|dead|over)|"
    r"(?:we|i)(?:'re| are|'ll| will| would|'d)? (?:just )?(?:be )?(?:walk|walking) away|"
    r"(?:we|i)(?:'ll| will)? walk\b|"
    r"(?:we|i)(?:'re| are|'ll| will| would|'d)? (?:be )?(?:not|never|n't) (?:be )?"
    r"(?:moving|move|going|go) (?:forward|ahead)|"
    r"(?:can't|cannot|won't|will not|wouldn't) (?:move|go) (?:forward|ahead)|"
    r"(?:we|i)(?:'ll| will| would|'d|'re| are)(?: just)? (?:be )?(?:sign|signing|go|going) with "
    r"(?!you\b|us\b)\w+|"
    r"(?:we|i)(?:'re| are|'ll| will)? (?:be )?(?:looking|look) elsewhere"
)
# The loss is made conditional on something: an ultimatum, not a report.
_CONDITION = r"\b(?:unless|if|or|otherwise|else|until|without)\b"
_ULTIMATUM = re.compile(
    rf"{_CONDITION}.*?\b(?:{_LOST_DEAL})|\b(?:{_LOST_DEAL})\b.*?\b(?:unless|until)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r".+?(?:[.!?]+(?=\s|$)|$)", re.MULTILINE)  # "99.9%" does not end one
# Said outright: a career on the line, a budget about to vanish, a last chance.
_STAKES_SAID = re.compile(
    r"\bmy (?:head|job|neck|career|reputation)(?: is| 's|'s| will be)? "
    r"(?:on the (?:line|block|chopping block)|at stake|riding on)|"
    r"\b(?:head|neck) on the (?:block|line|chopping block)\b|"
    r"\b(?:i'll|i will|i'd|i would|i could|i might|i'm going to) (?:get|be) (?:fired|sacked)\b|"
    r"\bmy job (?:depends|rides) on\b|"
    r"\bbudget (?:evaporates|disappears|vanishes|expires|lapses|goes away|is gone)\b|"
    r"\buse it or lose it\b|\bmake or break\b|\bno [\w .-]{1,30}, no deal\b",
    re.IGNORECASE,
)


def stakes_in(text: str, product: str | None = None) -> str | None:
    """The words that put the deal or the buyer's job at stake, or None; the reading of a
    message that should bring in a person whatever else it holds (see the module docstring).
    ``product``: our own name ("if it works we'll go with Tessellate" is no threat)."""
    said = _STAKES_SAID.search(text)
    if said:
        return said.group(0).strip()
    for sentence in _SENTENCE.findall(text):
        # "…or should we just go with Ordinal?" weighs the options; it is not an ultimatum.
        ultimatum = None if sentence.rstrip().endswith("?") else _ULTIMATUM.search(sentence)
        if ultimatum and not _with_us(ultimatum.group(0), product):
            return ultimatum.group(0).strip()
    return None


def _with_us(words: str, product: str | None) -> bool:
    """ "…we'll go with <our product>": choosing us, not a threat to leave."""
    return (
        bool(product)
        and re.search(rf"\bwith {re.escape(product or '')}\b", words, re.I) is not None
    )
