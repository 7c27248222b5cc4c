"""Shared by the fragments rule tests: the flags of the ``fragments`` family on a text."""

from __future__ import annotations

from spamcheck.detectors.fragments import Fragments
from spamcheck.result import Flag
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

_NO_MODEL = object()


def fragment_flags(text: str, cuts: object = None) -> list[Flag]:
    """Every flag the family reports on ``text``; ``cuts=_NO_MODEL`` (``rules_only``) runs the rules
    without the cut-point model, any other non-None value replaces it."""
    fam = Fragments()
    if cuts is _NO_MODEL:
        fam.cuts = None
    elif cuts is not None:
        fam.cuts = cuts
    return fam.detect(Document(text, languages=LanguageGuesser())).flags


def sure_flags(text: str, needle: str, *, rules_only: bool = False) -> list[Flag]:
    """The flags of strength >= 0.5 whose text holds ``needle``."""
    flags = fragment_flags(text, _NO_MODEL if rules_only else None)
    return [f for f in flags if f.strength >= 0.5 and needle in f.text]
