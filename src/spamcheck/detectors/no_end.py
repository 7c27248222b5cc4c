"""Words no English sentence ends on, and the two places the fragments rules read them.

An article, a possessive determiner, a coordinating conjunction or "than" needs a word
after it: "... presents an." or "... the brand, but." is a piece cut out of a sentence
and given a full stop, and a quotation of two or three words that stops on one
("individual entities and") is a cut piece, not a quoted term. Prepositions and "to" are
left out on purpose: English strands them at a sentence's end ("what we dedicated our
lives to.", "a place to get to"), and human text does it often (measured on the shared
human sources by ``training/eval_fragments.py``). So are "this", "that", "no", "in",
"on" and "up", which close sentences and quoted terms ("yes or no", "filled in").

>>> stops_on_no_end("Supporters describe a future of shared ceremonial posts, but.")
True
>>> stops_on_no_end("It was everything we had hoped for.")
False
>>> short_cut_quote("individual entities and")
True
>>> short_cut_quote("yes or no"), short_cut_quote("Best of")
(False, False)
"""

from __future__ import annotations

import re

from ..text.document import WORD

# Determiners that need a noun, conjunctions that need a second clause or term, and "than".
NO_END_EN = frozenset((
    "the", "a", "an", "their", "its", "our", "your", "my", "and", "but", "nor", "than", "because",
    "although", "whose"))
# A stray line (a paragraph of its own) may stop on a preposition too: between paragraphs, no
# human line of that shape was found outside code samples and transcripts (see ``stray_on``).
STRAY_END_EN = NO_END_EN | frozenset((
    "of", "to", "with", "for", "from", "at", "by", "into", "in", "on", "as", "about", "between",
    "through", "during", "without", "upon", "onto", "toward", "towards", "among", "within", "against"))
# Closed by a full stop right after such a word (lower-case, after a word or a comma).
_STOPPED_ON = re.compile(r"(?<=[a-z,] )(" + "|".join(sorted(NO_END_EN)) + r")\.[\"'”’)]*$")
# A quotation this short is a term or a mention, unless it stops on such a word.
SHORT_QUOTE_WORDS = (2, 3)


def stops_on_no_end(sentence: str) -> bool:
    """``sentence`` (three words or more) closes with a full stop right after a word of
    :data:`NO_END_EN`, written lower-case after a lower-case word or a comma."""
    s = sentence.rstrip()
    return len(WORD.findall(s)) >= 3 and _STOPPED_ON.search(s) is not None


def stray_on(line: str) -> str:
    """The word of :data:`STRAY_END_EN` an unpunctuated ``line`` of one sentence stops on, written
    lower-case after a word (not ", and" / "; and": a list going on), or "".

    >>> stray_on("the harbour master told reporters that the"), stray_on("rates for mail users; and")
    ('the', '')
    """
    words = WORD.findall(line)
    if not words or not line.endswith(words[-1]) or words[-1] not in STRAY_END_EN:
        return ""
    before = line[: len(line) - len(words[-1])]
    return words[-1] if before.endswith(" ") and before.rstrip()[-1:].isalnum() else ""


def short_cut_quote(content: str) -> bool:
    """A quotation of two or three words, no digits, that stops on a word of :data:`NO_END_EN`
    (lower-case) and opens lower-case: a cut piece ("to her and"), not a quoted term or title
    ("Best of", "yes or no") nor a label with a letter ("Group A", "fig 4 a")."""
    core = content.strip().rstrip(" .,;:")
    words = WORD.findall(core)
    if not (SHORT_QUOTE_WORDS[0] <= len(words) <= SHORT_QUOTE_WORDS[1]) or not core.endswith(words[-1]):
        return False
    if any(c.isdigit() for c in core) or max(map(len, words[:-1])) <= 2 or not core[:1].islower():
        return False
    return words[-1] in NO_END_EN
