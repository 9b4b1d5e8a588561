"""Noticing a message in another language, so we can say honestly that we answer in English.

lingua is loaded lazily with a short list of likely languages (the full model set costs about a
gigabyte); a message counts as foreign only when it is long enough to judge and lingua is
confident, because a wrong "you wrote in Dutch" to an English buyer is worse than answering.
"""

from __future__ import annotations

import re
import threading
from functools import cache

MIN_LETTERS = 12
# Sure: lingua alone decides. Likely: enough when the NLU also classified the message as
# another language. English above ENGLISH_OVERRULES means it is English, whatever NLU said.
# SURE 0.9 -> 0.8 let "Ciao, quanto costa il piano Business all'anno?" (Italian 0.82) through;
# over the tuning conversations' buyer turns and every NLU example (2,448 English texts) it
# flags no English message, as at 0.9.
SURE, LIKELY, ENGLISH_OVERRULES = 0.8, 0.4, 0.5
FAIRLY_SURE, ENGLISH_UNLIKELY = 0.5, 0.05  # lingua alone: likely and English near ruled out
_LANGUAGES = [
    "ENGLISH",
    "GERMAN",
    "FRENCH",
    "SPANISH",
    "PORTUGUESE",
    "ITALIAN",
    "DUTCH",
    "SWEDISH",
    "POLISH",
    "TURKISH",
    "RUSSIAN",
    "JAPANESE",
    "CHINESE",
    "KOREAN",
    "ARABIC",
]
_lock = threading.Lock()
# Function words: a message where they are a good share of the words is English, whatever a
# character model makes of its few letters.
_ENGLISH_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "do",
        "does",
        "did",
        "you",
        "your",
        "we",
        "our",
        "us",
        "i",
        "my",
        "me",
        "it",
        "its",
        "this",
        "that",
        "there",
        "have",
        "has",
        "can",
        "could",
        "will",
        "would",
        "should",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "and",
        "or",
        "but",
        "not",
        "no",
        "yes",
        "how",
        "what",
        "which",
        "who",
        "when",
        "where",
        "why",
        "about",
        "any",
        "some",
        "from",
        "at",
        "by",
        "be",
        "if",
        "so",
        "just",
        "please",
        "thanks",
    ]
)
ENGLISH_SHARE = 0.3


@cache
def _detector():  # a lingua LanguageDetector, built once
    from lingua import Language, LanguageDetectorBuilder

    with _lock:
        languages = [getattr(Language, name) for name in _LANGUAGES]
        return LanguageDetectorBuilder.from_languages(*languages).build()


def warm_up() -> None:
    """Build the detector and load its language models now (a few seconds) rather than on a
    buyer's message (lingua loads them on first use)."""
    _detector().compute_language_confidence_values("Guten Tag, wie viel kostet das?")


def foreign_language(text: str, nlu_says_foreign: bool = False) -> str | None:
    """The language's name ("German") when ``text`` is not English, else None.

    Alone, lingua must be sure; when the NLU already classified the message as another
    language, a likelier-than-not reading is enough ("another language" if it cannot name
    it). Clear English always wins: short English questions can look Danish to lingua.
    """
    words = re.findall(r"[a-zA-Z']+", text.lower())
    if words and sum(w in _ENGLISH_WORDS for w in words) / len(words) >= ENGLISH_SHARE:
        return None
    non_latin = bool(re.search(r"[^\x00-\u024f\u2000-\u206f]", text))
    letters = re.sub(r"[\W\d_]", "", text)
    if len(letters) < MIN_LETTERS and not non_latin and not nlu_says_foreign:
        return None
    values = {
        v.language.name: v.value for v in _detector().compute_language_confidence_values(text)
    }
    english = values.pop("ENGLISH", 0.0)
    if english >= ENGLISH_OVERRULES:
        return None
    name, value = max(values.items(), key=lambda item: item[1], default=("", 0.0))
    fairly_sure = value >= FAIRLY_SURE and english < ENGLISH_UNLIKELY
    if value >= SURE or fairly_sure or (nlu_says_foreign and value >= LIKELY):
        return name.title()
    if non_latin and value > english:
        return name.title()
    return "another language" if nlu_says_foreign else None
