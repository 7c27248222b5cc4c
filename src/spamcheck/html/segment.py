"""HTML to blocks with features, in one pass of lxml's SAX-style parser.

The parser calls :class:`_Segmenter` for every start tag, end tag and text chunk;
no tree is built, so a 5 MB page or 10,000 nested ``<div>`` cost no recursion and
little memory. Text is cut into a new block at every block-level tag (headings,
paragraphs, list items, table cells, divs, ...). Each block keeps what the
classifier needs: its tag, the class/id/role hints of its ancestors (as bits),
how much of it is link text, and the element it sits in, so that a second pass
can find the page's main content container.

If lxml is missing or fails, BeautifulSoup's ``html.parser`` tree is walked
iteratively and fed to the same segmenter (slower, same blocks).

>>> page = segment("<html><body><nav><a href='/'>Home</a></nav><p>Hello there.</p></body></html>")
>>> [(b.tag, b.text) for b in page.blocks]
[('nav', 'Home'), ('p', 'Hello there.')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption "  # noqa: SIM905
    "figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav "
    "noframes ol p pre section summary table tbody td tfoot th thead tr ul caption option".split()
)
# Subtrees whose text is never visible (or is not text).
SKIP_TAGS = frozenset(
    "script style noscript template svg math head iframe object embed canvas select textarea video "  # noqa: SIM905
    "audio map rt rp".split()  # rt/rp: ruby readings printed above the text, not part of it
)
# With scripting on, a browser reads <noscript> as raw text up to the first </noscript>;
# libxml2 parses it as markup, so an unbalanced "<noscript><div></noscript>" there
# swallows the rest of the page. Cut such spans out before parsing, as a browser would.
_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.I | re.S)
_NOSCRIPT_OPEN = re.compile(r"<noscript\b", re.I)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Class/id/role hint groups: (name, substrings, whole parts, part prefixes). A
# class/id token ("site-nav__item") hits a group when it contains one of the
# substrings, or one of its -/_ separated parts equals a whole part ("ads") or
# starts with a prefix ("main..."). Plain substring tests: a regex alternation
# over all of this costs ~100 us per new class string, these ~5 us.
HINT_GROUPS: tuple[tuple[str, tuple[str, ...], frozenset[str], tuple[str, ...]], ...] = (
    ("nav", ("nav", "menu", "breadcrumb", "pagination", "pager", "toolbar", "topbar", "skip", "jump"),
     frozenset(), ()),
    ("footer", ("foot", "copyright", "legal", "imprint", "impressum", "colophon"), frozenset(), ()),
    ("header", ("header", "masthead", "branding", "logo", "sitetitle", "site-title"), frozenset(), ()),
    ("sidebar", ("sidebar", "aside", "widget", "sidebox", "secondary", "col-right", "column-right"),
     frozenset(), ("rail",)),
    ("share", ("share", "sharing", "social", "facebook", "twitter", "whatsapp", "addthis", "print", "mailto",
               "follow"), frozenset(), ()),
    ("related", ("related", "recommend", "teaser", "promo", "popular", "trending", "more-", "also", "next",
                 "prev", "readmore", "read-more", "latest", "archive"), frozenset(), ()),
    ("comment", ("comment", "reply", "disqus", "respond", "discussion", "talk", "forum"), frozenset(), ()),
    ("author", ("author", "byline", "avatar", "profile", "vcard"), frozenset({"bio"}), ()),
    ("cookie", ("cookie", "consent", "gdpr", "privacy", "notice"), frozenset(), ("cmp",)),
    ("ad", ("advert", "sponsor", "banner", "dfp", "adsense", "outbrain", "taboola", "anzeige", "werbung"),
     frozenset({"ad", "ads"}), ()),
    ("meta", ("meta", "date", "time", "taglist", "tag-list", "categor", "taxonom", "posted", "dateline",
              "info", "details"), frozenset({"tag", "tags"}), ()),
    ("form", ("newsletter", "subscri", "signup", "sign-up", "login", "log-in", "register", "search", "form",
              "contact"), frozenset(), ()),
    ("popup", ("modal", "popup", "overlay", "dialog", "offcanvas", "drawer", "hidden", "lightbox"),
     frozenset(), ()),
    ("content", ("article", "content", "post", "entry", "story", "body", "text", "blog", "prose", "single",
                 "richtext", "detail", "page"), frozenset(), ("main",)),
    ("caption", ("caption", "credit", "figure", "photo", "image", "gallery", "media", "video", "slide"),
     frozenset(), ()),
)
_PARTS = re.compile(r"[-_]+")
# Bits for semantic ancestors (tags and ARIA roles), after the hint bits.
_TAG_BIT_NAMES = (
    "in_nav",
    "in_footer",
    "in_header",
    "in_aside",
    "in_form",
    "in_article",
    "in_main",
    "in_list",
    "in_table",
    "in_link",
    "in_button",
    "in_blockquote",
    "role_nav",
    "role_main",
    "in_figure",
)
TAG_BIT = {name: 1 << (len(HINT_GROUPS) + i) for i, name in enumerate(_TAG_BIT_NAMES)}
_TAG_MASK = {
    "nav": TAG_BIT["in_nav"],
    "footer": TAG_BIT["in_footer"],
    "header": TAG_BIT["in_header"],
    "aside": TAG_BIT["in_aside"],
    "form": TAG_BIT["in_form"],
    "article": TAG_BIT["in_article"],
    "main": TAG_BIT["in_main"],
    "ul": TAG_BIT["in_list"],
    "ol": TAG_BIT["in_list"],
    "table": TAG_BIT["in_table"],
    "a": TAG_BIT["in_link"],
    "button": TAG_BIT["in_button"],
    "label": TAG_BIT["in_button"],
    "blockquote": TAG_BIT["in_blockquote"],
    "figure": TAG_BIT["in_figure"],
}
_ROLE_MASK = {
    "navigation": TAG_BIT["role_nav"],
    "banner": TAG_BIT["role_nav"],
    "contentinfo": TAG_BIT["role_nav"],
    "complementary": TAG_BIT["role_nav"],
    "menu": TAG_BIT["role_nav"],
    "menubar": TAG_BIT["role_nav"],
    "search": TAG_BIT["role_nav"],
    "main": TAG_BIT["role_main"],
    "article": TAG_BIT["role_main"],
}
ALL_BITS = tuple([g[0] for g in HINT_GROUPS] + list(_TAG_BIT_NAMES))
_ROLE_MAIN = TAG_BIT["role_main"]
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Per-process cache of class/id strings: pages (and sites) reuse them heavily.
_HINT_CACHE: dict[str, tuple[int, str]] = {}


@dataclass(slots=True)
class RawBlock:
    """One block straight from the page: its text and where it sat."""

    text: str
    tag: str
    mask: int  # OR of hint/tag bits of the block's ancestors
    eid: int  # innermost element (pre-order number)
    depth: int
    link_chars: int
    hint: str  # nearest class/id token that matched a hint group ("" if none)
    near: int = 0  # hint bits of the innermost ancestor whose class/id hit any hint group


@dataclass(slots=True)
class Page:
    """A segmented page: blocks plus the element tree skeleton (parents, depths, extents)."""

    blocks: list[RawBlock] = field(default_factory=list)
    title: str = ""
    parent: list[int] = field(default_factory=list)
    depth: list[int] = field(default_factory=list)
    last: list[int] = field(default_factory=list)  # last descendant's eid, per element
    n_elements: int = 0
    saw_frames: bool = False  # <frameset>/<frame> (an embedded <iframe> is not a framed page)
    parser: str = "lxml"


_LITERALS = tuple((lit, 1 << bit) for bit, g in enumerate(HINT_GROUPS) for lit in g[1])
_WHOLES = {w: 1 << bit for bit, g in enumerate(HINT_GROUPS) for w in g[2]}
_PREFIXES = tuple((p, 1 << bit) for bit, g in enumerate(HINT_GROUPS) for p in g[3])


def _hints(key: str) -> tuple[int, str]:
    """Hint bits of a lower-cased "class id" string, and the first class token that hit.

    >>> _hints("site-nav__item")[1]
    'site-nav__item'
    """
    got = _HINT_CACHE.get(key)
    if got is None:
        hits = [(lit, bit) for lit, bit in _LITERALS if lit in key]
        parts = _PARTS.split(key.replace(" ", "-"))
        hits += [(w, _WHOLES[w]) for w in _WHOLES.keys() & parts]
        hits += [(p, bit) for p, bit in _PREFIXES for q in parts if q.startswith(p)]
        mask = 0
        for _, bit in hits:
            mask |= bit
        hint = ""
        if hits:
            first = hits[0][0]
            hint = next((t for t in key.split() if first in t), "")[:40]
        if len(_HINT_CACHE) > 50_000:
            _HINT_CACHE.clear()
        got = _HINT_CACHE[key] = (mask, hint)
    return got


class _Segmenter:
    """Parser target: builds :class:`RawBlock` s from start/end/data events.

    The parser calls these methods for every tag and text chunk of the page, so
    they are written for speed: list methods bound once, the common case (an end
    tag closing the innermost element) handled first.
    """

    def __init__(self) -> None:
        self.page = page = Page()
        # Stack frames: (tag, mask, eid, hint token, hint bits of the innermost hinted element)
        self.stack: list[tuple[str, int, int, str, int]] = [("#root", 0, 0, "", 0)]
        page.parent.append(0)
        page.depth.append(0)
        page.last.append(0)
        self._parent_add = page.parent.append
        self._depth_add = page.depth.append
        self._last_add = page.last.append
        self.next_eid = 1
        self.skip = 0  # depth inside an invisible subtree
        self.parts: list[str] = []
        self.link_chars = 0
        self.link_depth = 0
        self.title_parts: list[str] = []
        self._skipping_head = False
        self._in_title = False

    # -- parser target interface ---------------------------------------------
    def start(self, tag: str, attrib: Any) -> None:
        # lxml and html.parser both hand over lower-case tag names.
        if self.skip:
            if tag == "title" and self.skip == 1 and self._skipping_head:
                self._in_title = True
            self.skip += 1
            return
        if tag in SKIP_TAGS or (
            attrib and ("hidden" in attrib or "aria-hidden" in attrib or "style" in attrib)
            and _hidden(attrib)
        ):
            self._skipping_head = tag == "head"
            self.skip = 1
            return
        if tag in BLOCK_TAGS:
            if self.parts:
                self._flush()
            if tag == "frameset" or tag == "frame":
                self.page.saw_frames = True
        elif tag == "a":
            self.link_depth += 1
        elif tag == "br" and self.parts:  # a line break inside a paragraph, not a new block
            self.parts.append(" ")
        stack = self.stack
        top = stack[-1]
        mask = top[1] | _TAG_MASK.get(tag, 0)
        hint = top[3]
        near = top[4]
        if attrib and tag != "html" and tag != "body":
            cls = attrib.get("class")
            ident = attrib.get("id")
            if cls or ident:
                key = f"{cls or ''} {ident or ''}".lower()
                m, tok = _HINT_CACHE.get(key) or _hints(key)
                mask |= m
                if m:
                    near = m
                if tok:
                    hint = tok
            role = attrib.get("role")
            if role:
                mask |= _ROLE_MASK.get(role.lower(), 0)
            if attrib.get("itemprop") == "articleBody":
                mask |= _ROLE_MAIN
        eid = self.next_eid
        self.next_eid = eid + 1
        self._parent_add(top[2])
        self._depth_add(len(stack))
        self._last_add(eid)
        stack.append((tag, mask, eid, hint, near))

    def end(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            if self.skip == 1:
                self._in_title = False
            return
        stack = self.stack
        i = len(stack) - 1
        if stack[i][0] == tag:  # the usual case: the innermost element closes
            if self.parts and tag in BLOCK_TAGS:
                self._flush()
            self.page.last[stack.pop()[2]] = self.next_eid - 1
            if tag == "a" and self.link_depth:
                self.link_depth -= 1
            return
        # Pop to the matching start tag; a stray end tag (not on the stack) is ignored.
        while i > 0 and stack[i][0] != tag:
            i -= 1
        if i == 0:
            return
        if self.parts and any(f[0] in BLOCK_TAGS for f in stack[i + 1 :]):
            self._flush()
        if tag in BLOCK_TAGS and self.parts:
            self._flush()
        last = self.next_eid - 1
        page_last = self.page.last
        for f in stack[i:]:
            page_last[f[2]] = last
            if f[0] == "a" and self.link_depth:
                self.link_depth -= 1
        del stack[i:]

    def data(self, text: str) -> None:
        if self.skip:
            if self.skip == 2 and self._in_title:
                self.title_parts.append(text)
            return
        parts = self.parts
        if not parts and text.isspace():
            # White space before any text of a block: dropped by _flush anyway (str.split
            # and str.isspace agree on what white space is), so it need not start a block.
            # Most data events between block tags are such indentation.
            return
        parts.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())

    def comment(self, text: str) -> None:  # lxml target protocol; comments are not text
        return

    def close(self) -> Page:
        self._flush()
        self.page.n_elements = self.next_eid
        self.page.title = " ".join("".join(self.title_parts).split())
        return self.page

    # -- internals -------------------------------------------------------------
    def _flush(self) -> None:
        parts = self.parts
        if not parts:
            return
        text = " ".join("".join(parts).split())
        if not text.isascii():
            # One spelling per character (pages mix precomposed and combining forms).
            text = unicodedata.normalize("NFC", text)
        self.parts = []
        links = self.link_chars
        self.link_chars = 0
        if not text:
            return
        stack = self.stack
        top = stack[-1]
        tag = top[0]
        if tag not in BLOCK_TAGS:
            for f in reversed(stack):
                if f[0] in BLOCK_TAGS:
                    tag = f[0]
                    break
        self.page.blocks.append(
            RawBlock(text, tag, top[1], top[2], len(stack), min(links, len(text)), top[3], top[4])
        )


def _hidden(attrib: Any) -> bool:
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def segment(html: str, *, prefer_lxml: bool = True) -> Page:
    """Cut ``html`` into blocks (lxml SAX events; bs4 ``html.parser`` as fallback).

    >>> segment("<p>One <a href=x>two</a></p><p>three</p>").blocks[0].link_chars
    3
    >>> [b.text for b in segment("<p>A line,<br>and the next.</p>").blocks]
    ['A line, and the next.']
    >>> [b.text for b in segment("<noscript><div></noscript><p>Kept.</p>").blocks]
    ['Kept.']
    """
    if _NOSCRIPT_OPEN.search(html):
        html = _NOSCRIPT.sub(" ", html)
    if prefer_lxml:
        try:
            return _segment_lxml(html)
        except Exception:  # lxml missing or choking: fall back, never fail
            pass
    page = _segment_bs4(html)
    page.parser = "html.parser"
    return page


def _segment_lxml(html: str) -> Page:
    from lxml import etree

    target = _Segmenter()
    # Bytes + explicit encoding: lxml refuses str input that declares its own charset.
    parser = etree.HTMLParser(
        target=target,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
        no_network=True,
    )
    parser.feed(html.encode("utf-8", "surrogatepass"))
    page: Page = parser.close()
    return page


def _segment_bs4(html: str) -> Page:
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    target = _Segmenter()
    # Iterative pre-order walk with explicit end markers: no recursion on deep pages.
    todo: list[Any] = [soup]
    while todo:
        node = todo.pop()
        if isinstance(node, tuple):
            target.end(node[1])
        elif isinstance(node, Tag):
            if node is not soup:
                attrs = {k: (" ".join(v) if isinstance(v, list) else v) for k, v in node.attrs.items()}
                target.start(node.name, attrs)
                todo.append(("end", node.name))
            todo.extend(reversed(node.contents))
        elif type(node) is NavigableString:  # not Comment, Doctype, CData, ...
            target.data(str(node))
    return target.close()
