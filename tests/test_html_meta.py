# ruff: noqa: E501  (the test pages keep their long lines, as real pages do)
"""Page metadata from ``spamcheck extract``: title (headline), byline, date, language.

The pages are written for these tests (a local news article, a campaign page);
they follow common publishing markup (OpenGraph, article:published_time,
JSON-LD, rel=author, a site header and a hero banner) and need no shared data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spamcheck
from spamcheck.html import extract
from spamcheck.html.meta import page_metadata, titles_match

NEWS = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour ferry timetable cut as crew shortage bites | Eastmouth Gazette</title>
<meta property="og:title" content="Harbour ferry timetable cut as crew shortage bites">
<meta property="og:site_name" content="Eastmouth Gazette">
<meta property="article:published_time" content="2025-02-14T07:30:00+00:00">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header class="site-header"><a class="logo" href="/">Eastmouth Gazette</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form>
</header>
<main>
<article>
<div class="article-header">
<p class="kicker"><a href="/news/transport">Transport</a></p>
<h1 class="headline">Harbour ferry timetable cut as crew shortage bites</h1>
<p class="byline">By <a href="/authors/priya-nandakumar" rel="author">Priya Nandakumar</a>, transport reporter</p>
<p class="dateline"><time datetime="2025-02-14T07:30:00Z">14 February 2025</time></p>
</div>
<p>Passengers on the Eastmouth to Kelby ferry will face longer waits from next month after the operator said it could no longer staff the early and late crossings, blaming a shortage of qualified deckhands.</p>
<p>The company will run eleven return trips a day instead of sixteen from 3 March. The first departure will move from 6.10am to 7.25am, a change commuters say will make it impossible to reach the hospital and the docks for early shifts.</p>
<p>"We have advertised every vacancy twice since the autumn and we are still four people short," a spokesperson for the operator said. "We would rather run a timetable we can keep than cancel sailings at the last minute."</p>
<p>The council's transport committee is due to discuss the cuts on Thursday. Its chair said she would ask the operator to publish how many crossings had been cancelled at short notice over the past year.</p>
<p>Regular traveller Tomasz Wierzbicki, who crosses each morning to work at the container terminal, said the news had come as a blow. "If the first boat is after seven I either leave the car on the other side or I give up the job," he said.</p>
</article>
<aside class="related"><h2>Most read</h2><ul><li><a href="/a">Bridge closure extended into spring</a></li><li><a href="/b">Market stall rents to rise</a></li><li><a href="/c">School wins national chess title</a></li></ul></aside>
</main>
<footer><p>© 2025 Eastmouth Gazette. All rights reserved.</p><p><a href="/privacy">Privacy</a> · <a href="/cookies">Cookies</a> · <a href="/contact">Contact us</a></p></footer>
</body>
</html>
"""

CAMPAIGN = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Stoppt die Rodung im Auwald! – Bürgerinitiative Lindenbach</title>
<meta name="author" content="Bürgerinitiative Lindenbach e.V.">
<meta name="description" content="Unterschreiben Sie jetzt gegen die geplante Rodung.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"Stoppt die Rodung im Auwald!","datePublished":"2024-09-02","author":{"@type":"Organization","name":"Bürgerinitiative Lindenbach e.V."}}</script>
</head>
<body>
<div id="top-bar"><a href="/">Start</a> | <a href="/ueber-uns">Über uns</a> | <a href="/termine">Termine</a> | <a href="/spenden">Spenden</a> | <a href="/kontakt">Kontakt</a></div>
<div class="content">
</div><section class="hero banner"><div class="hero-inner"><h1>Stoppt die Rodung im Auwald!</h1><a class="button" href="/petition">Jetzt unterschreiben</a></div></section><div class="text">
<p>Der Gemeinderat will im Frühjahr zwölf Hektar des Auwalds am Lindenbach für ein Gewerbegebiet roden lassen. Dort brüten Eisvögel, und im Sommer jagen über dem Wasser mindestens sechs Fledermausarten.</p>
<p>Wir haben seit Juni mehr als 2.400 Unterschriften gesammelt. Am 18. September übergeben wir sie dem Bürgermeister und fordern, die Fläche im Flächennutzungsplan als Schutzgebiet auszuweisen.</p>
<p>Der Auwald hält bei Hochwasser das Wasser zurück. Beim Starkregen im letzten Jahr blieben die Keller in der Mühlstraße trocken, weil sich das Wasser in den Senken des Waldes sammeln konnte.</p>
<p>Unterschreiben Sie bis zum 15. September in der Bücherei, im Hofladen Seitz oder online. Jede Stimme zählt.</p>
</div>
<div class="footer">Bürgerinitiative Lindenbach e.V. · Mühlstraße 4 · <a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a></div>
</body>
</html>
"""


def test_news_page_metadata_and_headline_kept() -> None:
    ex = spamcheck.extract(NEWS)
    assert ex.title == "Harbour ferry timetable cut as crew shortage bites"  # not "... | Eastmouth Gazette"
    assert ex.author == "Priya Nandakumar"
    assert ex.date == "2025-02-14"
    assert ex.declared_language == "en" and ex.language == "en"
    h1 = next(b for b in ex.blocks if b.tag == "h1")
    # the block model alone scores this headline as boilerplate (p ~0.8, class 'article-header');
    # the <h1> that repeats the page title is kept as the main text's first line
    assert h1.score >= 0.5 and h1.label == "main" and "headline" in h1.reason
    assert ex.main_text.split("\n\n")[0] == ex.title
    assert "Most read" not in ex.main_text and "All rights reserved" not in ex.main_text


def test_campaign_page_headline_in_a_banner() -> None:
    ex = extract(CAMPAIGN.encode("utf-8"))
    assert ex.title == "Stoppt die Rodung im Auwald!"
    assert ex.author == "Bürgerinitiative Lindenbach e.V."
    assert ex.date == "2024-09-02"  # from JSON-LD datePublished
    assert ex.declared_language == "de" and ex.language == "de"
    h1 = next(b for b in ex.blocks if b.tag == "h1")
    assert h1.label == "main" and ex.main_text.startswith("Stoppt die Rodung im Auwald!\n\n")
    # the banner's button is still boilerplate: only the headline is rescued
    assert "Jetzt unterschreiben" not in ex.main_text


def test_site_name_h1_is_not_taken_for_the_headline() -> None:
    page = NEWS.replace(
        '<a class="logo" href="/">Eastmouth Gazette</a>', '<h1 class="logo">Eastmouth Gazette</h1>'
    )
    page = page.replace('<h1 class="headline">', '<h2 class="headline">').replace("bites</h1>", "bites</h2>")
    ex = extract(page)
    logo = next(b for b in ex.blocks if b.tag == "h1")
    assert "headline" not in logo.reason  # a site-name <h1> is left to the block model
    assert ex.title == "Harbour ferry timetable cut as crew shortage bites"  # og:title


def test_nothing_invented_when_the_page_states_nothing() -> None:
    page = (
        "<html><body><h1>Notes</h1><p>By the way, the garden needs water on 2024-01-02 or so, "
        "said the note on the kitchen door, and nobody argued with it.</p></body></html>"
    )
    m = page_metadata(page)
    assert (m.author, m.date, m.language) == ("", "", "")
    assert m.title == "Notes"  # only the first <h1> is left
    assert m.headline_h1 == ""  # no title to match: nothing is rescued as a headline


def test_bad_dates_and_long_bylines_are_dropped() -> None:
    page = (
        '<html lang="x-klingon"><head><meta property="article:published_time" content="0000-00-00">'
        '<meta name="author" content="https://example.org/staff/12"></head><body>'
        '<div class="byline">' + "word " * 40 + "</div><p>Text of the page.</p></body></html>"
    )
    m = page_metadata(page)
    assert (m.date, m.author, m.language) == ("", "", "")


def test_titles_match() -> None:
    assert titles_match("Rates held", "Rates held | Daily Post")
    assert titles_match(
        "Rates held again by the central bank", "Rates held again by the central bank, says governor"
    )
    assert not titles_match("Daily", "Rates held | Daily Post")
    assert not titles_match("", "Rates held")


def test_cli_json_has_the_fields(tmp_path: Path) -> None:
    f = tmp_path / "news.html"
    f.write_text(NEWS, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "spamcheck", "extract", "--json", str(f)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["title"] == "Harbour ferry timetable cut as crew shortage bites"
    assert (d["author"], d["date"], d["declared_language"], d["language"]) == (
        "Priya Nandakumar",
        "2025-02-14",
        "en",
        "en",
    )
    assert d["main_text"].startswith(d["title"] + "\n\n")
