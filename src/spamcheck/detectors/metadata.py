"""Detector family ``placeholder_metadata``: filler text and generated profiles.

Flag types:

* ``lorem_ipsum``: "lorem ipsum", or sentences made mostly of the pseudo-Latin
  filler vocabulary (classic lorem and Faker's word list, e.g. "Dolorum autem
  sint odit error sed voluptas omnis."); real Latin quotations use many words
  outside that list and stay clear;
* ``fake_profile``: a run of "Label : value" lines (Name, Username, Email,
  Birthdate, Address, Phone, Company, Job, Bio, followers ...) whose shape or
  values look generated (Faker's profile field set, lorem bio, "Suite 597");
* ``implausible_profile``: a profile that cannot be a person ("Prof." born 2006);
* ``empty_social``: a social-network label with nothing after it.

Everything here is language independent (field labels ship in en/de/fr/es).
"""

from __future__ import annotations

import datetime
import re
from typing import ClassVar

from ..lexicons.loader import read_lexicon, word_set
from ..result import Flag
from ..text.code import code_spans, in_code
from ..text.document import Document
from .base import Findings, check_thresholds

_WORD = re.compile(r"\w+")
_LOREM_PHRASE = re.compile(r"\blorem\s+ipsum\b", re.I)
# The filler's own continuation: "lorem ipsum dolor ..." is the filler text itself, never a mention.
_LOREM_INCIPIT = re.compile(r"\s+dolor\b", re.I)
_BULLET = r"[ \t]*(?:[•·*▪◦‣-][ \t]*)?"
_SOCIAL = re.compile(
    rf"^{_BULLET}(linkedin|instagram|twitter|facebook|youtube|tiktok|pinterest|github|x|threads|"
    r"mastodon|snapchat|reddit|vk|xing)[ \t]*:[ \t]*$",
    re.I | re.M,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_TITLE = re.compile(r"\b(?:Prof|Dr|Professor|PhD|Ph\.D|MD|Rev|Judge|Dean)\b\.?", re.I)
_FAKER_ADDRESS = re.compile(r"\b(?:Suite|Apt\.)\s+\d{2,4}\b|\b\d{5}-\d{4}\b")
# Defaults of the constructor's thresholds (see PlaceholderMetadata.__init__).
# Nobody holds a professorship or doctorate this young.
MIN_TITLED_AGE = 25
# A sentence needs this many words and this share of filler vocabulary.
LOREM_MIN_WORDS = 5
LOREM_SHARE = 0.8
LOREM_MIN_DISTINCT = 2
# "lorem ipsum" inside a sentence with at least this many ordinary (non-filler) words is
# prose that names the filler (a story, an article on typesetting), not a placeholder.
LOREM_MENTION_WORDS = 4
# Labels of Faker's profile(): a block with a username AND one of these is generated.
_PERSONAL = frozenset({"birthdate", "birthday", "date of birth", "born", "address", "residence",
                       "phone", "phone number", "telephone", "mobile", "geburtsdatum", "adresse",
                       "telefon", "date de naissance", "téléphone", "fecha de nacimiento",
                       "dirección", "teléfono", "ssn", "blood group"})
_USERNAME = frozenset({"username", "user name", "benutzername", "nom d'utilisateur", "usuario",
                       "nombre de usuario"})
_BIRTH = frozenset({"birthdate", "birthday", "date of birth", "born", "geburtsdatum",
                    "geburtstag", "date de naissance", "fecha de nacimiento"})
_JOB = frozenset({"job", "occupation", "profession", "job title", "beruf", "métier", "trabajo",
                  "profesión"})


class PlaceholderMetadata:
    """Finds lorem ipsum, generated author/profile blocks and empty social fields.

    >>> from spamcheck.text.document import Document
    >>> d = Document("Bio : Dolorum autem sint odit error sed voluptas omnis.")
    >>> [f.type for f in PlaceholderMetadata().detect(d).flags]
    ['lorem_ipsum']
    """

    family: ClassVar[str] = "placeholder_metadata"
    prose_only: ClassVar[bool] = False  # needs the whole page (link lists, footers, author boxes)
    # Every type detect() emits (the gate checks --fail-on names against these).
    flag_types: ClassVar[tuple[str, ...]] = (
        "lorem_ipsum", "fake_profile", "implausible_profile", "empty_social",
    )

    def __init__(
        self,
        *,
        lorem_min_words: int = LOREM_MIN_WORDS,
        lorem_share: float = LOREM_SHARE,
        lorem_min_distinct: int = LOREM_MIN_DISTINCT,
        lorem_mention_words: int = LOREM_MENTION_WORDS,
        min_titled_age: int = MIN_TITLED_AGE,
    ) -> None:
        """Load the lexicons; the thresholds are keyword arguments with the defaults above.

        Parameters
        ----------
        lorem_min_words
            Words a sentence needs before it can be judged filler.
        lorem_share
            Share of its words that must be filler vocabulary.
        lorem_min_distinct
            Distinct filler words that real Latin does not share, so Caesar is not filler.
        lorem_mention_words
            Ordinary words around "lorem ipsum" that make it a mention in prose.
        min_titled_age
            Youngest plausible age for a "Prof."/"Dr." in a profile block.
        """
        check_thresholds(
            "PlaceholderMetadata",
            integers={"lorem_min_words": lorem_min_words, "lorem_min_distinct": lorem_min_distinct,
                      "lorem_mention_words": lorem_mention_words, "min_titled_age": min_titled_age},
            numbers={"lorem_share": lorem_share},
        )
        if not 0 < float(lorem_share) <= 1:
            raise ValueError(f"PlaceholderMetadata: lorem_share must be in (0, 1], got {lorem_share!r}")
        self.lorem_min_words = lorem_min_words
        self.lorem_share = float(lorem_share)
        self.lorem_min_distinct = lorem_min_distinct
        self.lorem_mention_words = lorem_mention_words
        self.min_titled_age = min_titled_age
        self.lorem = word_set("metadata", "lorem_words.txt")
        # Words real Latin shares with the filler never count as evidence alone.
        self.distinct = self.lorem - word_set("metadata", "common_latin.txt")
        labels = sorted({ln.strip().lower() for ln in read_lexicon("metadata", "profile_fields.txt")},
                        key=len, reverse=True)
        alt = "|".join(re.escape(x).replace(r"\ ", r"[ \t]+") for x in labels)
        self.field = re.compile(rf"^{_BULLET}(?P<label>{alt})[ \t]*:[ \t]*(?P<value>[^\n]*)$", re.I | re.M)
        self.year = datetime.date.today().year

    def detect(self, doc: Document) -> Findings:
        flags: list[Flag] = []
        lorem_chars = self._lorem(doc, flags)
        n_fields, n_blocks = self._profiles(doc, flags)
        self._empty_social(doc, flags)
        feats = {f"placeholder_metadata.n_{t}": 0.0 for t in
                 ("lorem_ipsum", "fake_profile", "implausible_profile", "empty_social")}
        for f in flags:
            feats[f"placeholder_metadata.n_{f.type}"] += 1
        feats["placeholder_metadata.lorem_share"] = lorem_chars / max(1, len(doc.text))
        feats["placeholder_metadata.profile_fields"] = float(n_fields)
        feats["placeholder_metadata.profile_blocks"] = float(n_blocks)
        return Findings(flags, feats, "full")

    # -- lorem ipsum ----------------------------------------------------------
    def is_lorem(self, text: str) -> bool:
        """Whether a sentence is made of filler vocabulary.

        >>> m = PlaceholderMetadata()
        >>> m.is_lorem("Et itaque consequatur facere ratione enim.")
        True
        >>> m.is_lorem("Gallia est omnis divisa in partes tres.")
        False
        """
        words = _WORD.findall(text.lower())
        words = [w for w in words if not w.isdigit()]
        if len(words) < self.lorem_min_words:
            return False
        hits = [w for w in words if w in self.lorem]
        if len(hits) < self.lorem_share * len(words):
            return False
        return len({w for w in hits if w in self.distinct}) >= self.lorem_min_distinct

    def _mentioned(self, doc: Document, m: re.Match[str]) -> bool:
        """Whether a "lorem ipsum" match is named in ordinary prose rather than used as filler.

        Its sentence (the text around it when no sentence holds it) has at least
        ``lorem_mention_words`` words outside the match that are neither filler vocabulary
        nor numbers, and the match does not go on as the filler does ("lorem ipsum dolor").
        A heading or caption of just "Lorem ipsum", or "Lorem ipsum dolor sit amet" in any
        sentence, stays a placeholder; filler sentences are caught by :meth:`is_lorem` either way.

        >>> from spamcheck.text.document import Document
        >>> d = Document("The proofs came back and every caption still read lorem ipsum, so we sent them.")
        >>> PlaceholderMetadata().detect(d).flags
        []
        """
        if _LOREM_INCIPIT.match(doc.text, m.end()):
            return False
        s, e = next(((a, b) for a, b in doc.sentences if a <= m.start() and m.end() <= b),
                    (m.start(), m.end()))
        rest = doc.text[s : m.start()] + " " + doc.text[m.end() : e]
        words = [w for w in _WORD.findall(rest.lower()) if not w.isdigit() and w not in self.lorem]
        return len(words) >= self.lorem_mention_words

    def _lorem(self, doc: Document, flags: list[Flag]) -> int:
        text = doc.text
        spans: list[list[int]] = [
            [m.start(), m.end()] for m in _LOREM_PHRASE.finditer(text) if not self._mentioned(doc, m)
        ]
        # Cheap gate: the per-sentence test runs only when filler words are present.
        if len(self.distinct.intersection(doc.lower_words)) >= 3:
            for s, e in doc.sentences:
                seg = text[s:e]
                # Skip a "Bio :" style label so the sentence is judged on its value.
                colon = seg.find(":")
                if 0 < colon < 25:
                    s, seg = s + colon + 1, seg[colon + 1 :]
                    lead = len(seg) - len(seg.lstrip())
                    s, seg = s + lead, seg.lstrip()
                if self.is_lorem(seg):
                    spans.append([s, e])
        # Lorem ipsum inside a code sample (a formatter's test input, a template
        # shown to the reader) is the page's subject, not filler it shipped.
        code = code_spans(doc)
        spans = sorted(sp for sp in spans if not in_code(code, sp[0], sp[1]))
        merged: list[list[int]] = []
        for s, e in spans:
            # Overlapping, or the next sentence on the same line: one flag.
            prev = merged[-1][1] if merged else -10
            if merged and (s < prev or (s - prev <= 3 and "\n" not in text[prev:s])):
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            flags.append(doc.flag("placeholder_metadata", "lorem_ipsum", s, e,
                                  "placeholder Latin (lorem ipsum / Faker filler vocabulary)", 0.95))
        return sum(e - s for s, e in merged)

    # -- profile blocks -----------------------------------------------------
    def _profiles(self, doc: Document, flags: list[Flag]) -> tuple[int, int]:
        text = doc.text
        if ":" not in text:
            return 0, 0
        blocks: list[list[re.Match[str]]] = []
        for m in self.field.finditer(text):
            if blocks and not text[blocks[-1][-1].end() : m.start()].strip():
                blocks[-1].append(m)
            else:
                blocks.append([m])
        n_fields = sum(len(b) for b in blocks)
        n_blocks = 0
        for b in blocks:
            labels = {" ".join(m.group("label").lower().split()) for m in b}
            if len(labels) < 3:
                continue
            n_blocks += 1
            evidence, why = 0.0, []
            if labels & _USERNAME and labels & _PERSONAL:
                evidence += 0.55
                why.append("username with birthdate/address/phone (a generated profile's field set)")
            lorem_values = [m for m in b if self.is_lorem(m.group("value"))]
            if lorem_values:
                evidence += 0.45
                why.append("lorem-ipsum values")
            if any(_FAKER_ADDRESS.search(m.group("value")) for m in b):
                evidence += 0.2
                why.append("template-style address")
            if len(labels) >= 5:
                evidence += 0.15
            if evidence >= 0.5:
                s, e = b[0].start(), b[-1].end()
                flags.append(doc.flag("placeholder_metadata", "fake_profile", s, e,
                                      "generated profile block: " + "; ".join(why), min(0.95, evidence)))
            self._implausible(doc, b, flags)
        return n_fields, n_blocks

    def _implausible(self, doc: Document, block: list[re.Match[str]], flags: list[Flag]) -> None:
        by_label = {" ".join(m.group("label").lower().split()): m for m in block}
        birth = next((by_label[x] for x in _BIRTH if x in by_label), None)
        if birth is None:
            return
        ym = _YEAR.search(birth.group("value"))
        if not ym:
            return
        age = self.year - int(ym.group(1))
        name = by_label.get("name") or by_label.get("full name")
        titled = bool(name and _TITLE.search(name.group("value")))
        has_job = any(x in by_label and by_label[x].group("value").strip() for x in _JOB)
        if age < 0 or age > 115:
            reason = f"birth year {ym.group(1)} is impossible"
        elif age < self.min_titled_age and titled:
            reason = f"a titled academic/doctor born in {ym.group(1)} (age {age})"
        elif age < 16 and has_job:
            reason = f"a professional job with birth year {ym.group(1)} (age {age})"
        else:
            return
        flags.append(doc.flag("placeholder_metadata", "implausible_profile", birth.start(), birth.end(),
                              reason, 0.75))

    # -- empty social fields ------------------------------------------------
    def _empty_social(self, doc: Document, flags: list[Flag]) -> None:
        text = doc.text
        if ":" not in text:
            return
        for m in _SOCIAL.finditer(text):
            nxt = len(text) - len(text[m.end() :].lstrip()) if m.end() < len(text) else len(text)
            # "instagram:" followed by its own field lines is a heading, not empty.
            if nxt < len(text) and self.field.match(text, _line_start(text, nxt)):
                continue
            flags.append(doc.flag("placeholder_metadata", "empty_social", m.start(), m.end(),
                                  f"social link {m.group(1)!r} with nothing after it", 0.5))


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1
