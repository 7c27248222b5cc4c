"""Page metadata for :func:`spamcheck.extract`: title (headline), byline, date and declared language.

Read from the markup the way publishers state them, strongest source first:

* title: the ``<h1>`` that matches ``og:title`` / ``twitter:title`` / ``<title>``
  (the article's own headline), else ``og:title``, else ``<title>`` without its
  site-name part (``"Headline | Site"``), else the first ``<h1>``;
* author: ``<meta name=author>`` (and ``article:author``, ``byl``, ``dc.creator``,
  ``parsely-author``), JSON-LD ``author``, ``itemprop=author``, ``rel=author``,
  then an element whose class or id names a byline or author;
* date: ``article:published_time`` and the usual date metas, JSON-LD / microdata
  ``datePublished``, then the first ``<time datetime>``; given as ``YYYY-MM-DD``;
* declared language: ``<html lang>``, ``Content-Language``, ``og:locale``, as the
  primary subtag (``en-GB`` -> ``en``).

A field the page does not state is ``""``; nothing is guessed from prose.

>>> m = page_metadata('<html lang="en-GB"><head><title>Rates held | Daily Post</title>'
...     '<meta name="author" content="By Ann Lee"></head><body><h1>Rates held</h1>'
...     '<time datetime="2024-03-05T10:00">5 March</time></body></html>')
>>> (m.title, m.author, m.date, m.language, m.headline_h1)
('Rates held', 'Ann Lee', '2024-03-05', 'en', 'Rates held')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

# Separators between a headline and the site name in <title> / og:title.
_SITE_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")
_BY = re.compile(r"^(?:by|von|par|por|di|door|av|written by|posted by)\s*[:\-]?\s+", re.I)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:byline|author|authors|author-name|byline-name|writer)(?:$|[\s_-])", re.I
)
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
MAX_AUTHOR_CHARS = 120
# Byline candidates: elements of the body whose class or id contains one of these
# (case-sensitive, as XPath's contains()). Tested in Python on the elements that have a
# class or id: eight contains() per element in XPath cost twice as much.
_BYLINE_WORDS = ("byline", "author", "Author", "writer")
_CLASSED = "/descendant::body//*[@class or @id]"
# Metadata sits in <head> and around the article's headline (byline, date), so only
# those parts are parsed: the head (at most HEAD_CHARS), the body from WINDOW_CHARS
# before the first <h1> to WINDOW_CHARS after the third, and any JSON-LD script.
# Parsing whole pages cost a fifth of the extraction's time; this costs a few percent.
HEAD_CHARS = 400_000
WINDOW_CHARS = 8_000
NO_H1_CHARS = 20_000  # body text read when the page has no <h1>
_BODY = re.compile(r"<body\b", re.I)
_H1 = re.compile(r"<h1\b|</h1\s*>", re.I)
_LD = re.compile(r"<script[^>]*application/ld\+json[^>]*>.*?</script\s*>", re.I | re.S)
# "+json" in any case: a page without it has no JSON-LD block, and looking for it costs a
# quarter of what _LD's case-insensitive scan of the whole page does.
_JSON_HINT = re.compile(r"\+[jJ][sS][oO][nN]")

AUTHOR_METAS = ("author", "byl", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author")
DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
)


@dataclass(slots=True)
class PageMeta:
    """What the page's markup states about itself (``""`` where it says nothing)."""

    title: str = ""
    author: str = ""
    date: str = ""
    language: str = ""
    headline_h1: str = ""  # the <h1> that matched the title, if any (the article's headline)


def norm_title(s: str) -> str:
    """Case-, space- and punctuation-insensitive form used to match titles.

    >>> norm_title("  Rates — HELD!  ")
    'rates held'
    """
    return " ".join(_PUNCT.sub(" ", s.casefold()).split())


def _clean(s: str | None) -> str:
    return " ".join((s or "").split())


def _title_parts(t: str) -> list[str]:
    return [p for p in _SITE_SEP.split(t) if p.strip()]


def titles_match(h1: str, title: str, site: str = "") -> bool:
    """Whether ``h1`` is the headline ``title`` names (equal, or the headline part of ``Headline | Site``).

    Of ``Headline | Site`` only the longest part that is not the site's name
    (``og:site_name``) counts: a site-name ``<h1>`` (a logo) is not the headline.

    >>> titles_match("Rates held", "Rates held - Daily Post"), titles_match("Menu", "Rates held")
    (True, False)
    >>> titles_match("Daily Post", "Rates held - Daily Post")
    False
    """
    a = norm_title(h1)
    if not a:
        return False
    if a == norm_title(title):
        return True
    parts = [p for p in _title_parts(title) if norm_title(p) != norm_title(site)]
    if (len(parts) > 1 or (parts and site)) and a == norm_title(max(parts, key=len)):
        return True
    # A shortened or extended headline: long enough that containment is not chance.
    b = norm_title(title)
    return min(len(a), len(b)) >= 20 and (a in b or b in a)


def _iso_date(s: str) -> str:
    """``YYYY-MM-DD`` from an ISO-like or slashed date; ``""`` if there is none or it is implausible."""
    m = _ISO.search(s) or _SLASHED.search(s)
    if not m:
        return ""
    y, mo, d = (int(x) for x in m.groups())
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _author(s: str) -> str:
    s = _BY.sub("", _clean(s)).strip(" ,|·")
    if not s or len(s) > MAX_AUTHOR_CHARS or s.startswith(("http://", "https://")):
        return ""
    return s if len(s.split()) <= 12 else ""


def _jsonld(tree: object) -> list[dict]:
    out: list[dict] = []
    for node in _xp('/descendant::script[@type="application/ld+json"]')(tree):
        try:
            data = json.loads(node.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack and len(out) < 50:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                out.append(x)
                if isinstance(x.get("@graph"), list):
                    stack.extend(x["@graph"])
    return out


def _ld_author(objs: list[dict]) -> str:
    for o in objs:
        a = o.get("author")
        for cand in a if isinstance(a, list) else [a]:
            name = cand.get("name") if isinstance(cand, dict) else cand
            if isinstance(name, str) and _author(name):
                return _author(name)
    return ""


def page_metadata(html: str) -> PageMeta:
    """Title, author, date and declared language stated by ``html``; never raises.

    Parameters
    ----------
    html
        The page (already decoded).

    Returns
    -------
    PageMeta
        Empty fields where the page states nothing (or cannot be parsed).
    """
    try:
        import lxml.html
        from lxml import etree

        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        data = _parts(html).encode("utf-8", errors="replace")
        tree = lxml.html.document_fromstring(data, parser=parser)
    except (ImportError, ValueError, etree.ParserError):
        return PageMeta()
    return _from_tree(tree)


def _byline_candidates(elements: list, limit: int) -> list:  # type: ignore[type-arg]
    """The first ``limit`` of ``elements`` whose class or id contains a :data:`_BYLINE_WORDS` word."""
    out = []
    for el in elements:
        c, i = el.get("class") or "", el.get("id") or ""
        if any(w in c or w in i for w in _BYLINE_WORDS):
            out.append(el)
            if len(out) == limit:
                break
    return out


@lru_cache(maxsize=32)
def _xp(path: str):  # type: ignore[no-untyped-def]
    """A compiled XPath (compiling one costs more than running it on a small tree)."""
    from lxml import etree

    return etree.XPath(path)


def _parts(html: str) -> str:
    """The head, the body around the first <h1>s, and the body's JSON-LD, as one small page."""
    body = _BODY.search(html, 0, HEAD_CHARS)
    head_end = body.start() if body else 0
    marks = [m for _, m in zip(range(6), _H1.finditer(html, head_end), strict=False)]
    if marks:
        lo, hi = max(head_end, marks[0].start() - WINDOW_CHARS), marks[-1].end() + WINDOW_CHARS
    else:
        lo, hi = head_end, head_end + NO_H1_CHARS
    ld = (
        [m.group(0) for _, m in zip(range(5), _LD.finditer(html, head_end), strict=False)]
        if _JSON_HINT.search(html, head_end)
        else []
    )
    return f"{html[:head_end]}<body>{html[lo:hi]}</body>{''.join(ld)}"


def _from_tree(tree: object) -> PageMeta:
    def x(path: str) -> list:  # type: ignore[type-arg]
        return _xp(path)(tree)

    metas: dict[str, str] = {}
    for m in x("/descendant::meta[@content]"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").lower()
        if key and key not in metas and m.get("content", "").strip():
            metas[key] = _clean(m.get("content"))
    ld = _jsonld(tree)

    # Title / headline.
    named = [metas.get("og:title", ""), metas.get("twitter:title", "")]
    page_title = _clean(" ".join(x("//title//text()")[:50]))
    h1s = [t for t in (_clean(h.text_content()) for h in x("//h1")[:10]) if t]
    site = metas.get("og:site_name", "") or metas.get("application-name", "")
    headline = next((h for h in h1s for c in (*named, page_title) if c and titles_match(h, c, site)), "")
    title = headline or named[0] or named[1]
    if not title and page_title:
        parts = _title_parts(page_title)
        title = max(parts, key=len) if len(parts) > 1 else page_title
    title = title or (h1s[0] if h1s else "")

    # Author.
    author = next(
        (_author(metas[k]) for k in (*AUTHOR_METAS, "article:author") if _author(metas.get(k, ""))), ""
    )
    author = author or _ld_author(ld)
    if not author:
        for el in x('/descendant::*[@itemprop="author"]')[:5]:
            name = _xp('.//*[@itemprop="name"]')(el)
            cand = (
                name[0].get("content") or name[0].text_content()
                if name
                else el.get("content") or el.text_content()
            )
            if _author(cand):
                author = _author(cand)
                break
    if not author:
        for el in x('/descendant::a[@rel="author"]')[:5]:
            if _author(el.text_content()):
                author = _author(el.text_content())
                break
    if not author:
        # A cheap substring prefilter, then the exact class-token test.
        for el in _byline_candidates(x(_CLASSED), 20):
            if el.tag in ("script", "style", "meta", "link"):
                continue
            if _BYLINE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}") and _author(
                el.text_content()
            ):
                author = _author(el.text_content())
                break

    # Date.
    date = next((_iso_date(metas[k]) for k in DATE_METAS if _iso_date(metas.get(k, ""))), "")
    if not date:
        for o in ld:
            v = o.get("datePublished") or o.get("dateCreated")
            if isinstance(v, str) and _iso_date(v):
                date = _iso_date(v)
                break
    if not date:
        for el in x('/descendant::*[@itemprop="datePublished"]')[:3] + x("/descendant::time[@datetime]")[:5]:
            d = _iso_date(el.get("content") or el.get("datetime") or "")
            if d:
                date = d
                break

    # Declared language.
    lang = ""
    root = tree.getroottree().getroot()  # type: ignore[attr-defined]
    for raw in (
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        metas.get("content-language"),
        metas.get("language"),
        metas.get("og:locale"),
    ):
        code = re.split(r"[-_,;\s]", (raw or "").strip().lower(), maxsplit=1)[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            lang = code
            break
    return PageMeta(title=title, author=author, date=date, language=lang, headline_h1=headline)
