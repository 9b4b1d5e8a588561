"""Buyers' chat shorthand, written out before a question is searched and judged.

"whats the max batch size", "r u soc 2", "after 3 yrs": the pages never write these forms,
so the lexical search misses them and the answerability check counts them as words no page
knows (a strong sign of an unanswerable question), and declines questions the pages answer.
Only general English shorthand lives here; a product's own abbreviations (SSO, IdP, SOC2)
belong to the knowledge folder's ``site.yml`` synonyms, which editors keep.
"""

from __future__ import annotations

import re

# Contractions typed without their apostrophe. Ambiguous ones ("were", "well", "its",
# "id", "hell", "shell") are left alone: each is also an ordinary word.
_CONTRACTIONS = {
    "whats": "what is",
    "hows": "how is",
    "wheres": "where is",
    "whos": "who is",
    "thats": "that is",
    "theres": "there is",
    "theyre": "they are",
    "youre": "you are",
    "im": "i am",
    "ive": "i have",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "cant": "cannot",
    "wont": "will not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "havent": "have not",
    "hasnt": "has not",
}
_SHORTHAND = {
    "u": "you",
    "r": "are",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "abt": "about",
    "bc": "because",
    "b/c": "because",
    "w/": "with",
    "w/o": "without",
    "yr": "year",
    "yrs": "years",
    "mo": "month",
    "mos": "months",
    "wk": "week",
    "wks": "weeks",
    "hr": "hour",
    "hrs": "hours",
    "approx": "approximately",
}
_WORDS = {**_CONTRACTIONS, **_SHORTHAND}
_TOKEN = re.compile(
    r"(?<![\w/])(" + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True)) + r")"
    r"(?![\w/'’]|\.\w)",  # not "u.s."
    re.IGNORECASE,
)


def written_out(text: str) -> str:
    """``text`` with chat shorthand replaced by the words it stands for (case of the first
    letter kept, so a sentence still starts with a capital)."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if len(word) > 1 and word.isupper():
            return word  # "UR", "IM": more likely a name or an acronym
        full = _WORDS[word.lower()]
        return full[:1].upper() + full[1:] if word[:1].isupper() else full

    return _TOKEN.sub(replace, text)
