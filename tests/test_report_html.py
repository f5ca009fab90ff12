"""The HTML report of a real crisis folder, made as a new user makes it (ingest the folder,
draft a scenario, `accord report`): every evidence quote links to its article's URL and ends
on a word boundary, the events-over-time and question-by-date plots and the forecast history
are there, the title names the parties and dates. Opened in Debian's chromium when present:
the links are real anchors and every plot image decodes."""

from __future__ import annotations

import datetime as dt
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from tests._serve_live import ROOT, accord

from accord.report.html import clip, date_span, report_title
from accord.report.plots import lane_marks, positions_per_round, rounds_move
from accord.types import IssueResult, Result

CRISIS = "iran-israel-april-2024"


class _Page(HTMLParser):
    """Quotes (class "quote": tag, href, text), images (alt), title, element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[dict] = []
        self.imgs: list[str] = []
        self.ids: set[str] = set()
        self.title = ""
        self._in: dict | None = None
        self._title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "img":
            self.imgs.append(a.get("alt", ""))
        if tag == "title":
            self._title = True
        if "quote" in (a.get("class") or "").split():
            self._in = {"tag": tag, "href": a.get("href"), "text": ""}
            self.quotes.append(self._in)

    def handle_endtag(self, tag: str) -> None:
        if self._in is not None and tag == self._in["tag"]:
            self._in = None
        self._title = False if tag == "title" else self._title

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in["text"] += data
        if self._title:
            self.title += data


@pytest.fixture(scope="module")
def crisis_report(tmp_path_factory) -> tuple[Path, dict, dict]:  # noqa: ANN001
    """(report path, url -> text of the crisis's articles, stored sentences by URL)."""
    src = ROOT.parent / "shared" / "data" / "crises" / CRISIS
    if not src.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{src} is required under CI")
        pytest.skip(f"{src} not present (shared data lives beside the repository)")
    work = tmp_path_factory.mktemp("report")
    db = f"sqlite:///{work / 'crisis.db'}"
    accord("--db", db, "-q", "ingest", str(src), cwd=work)
    accord("--db", db, "-q", "scenario", "draft", "--actors", "IRN,ISR,USA", "-o",
           str(work / "draft.yaml"), cwd=work)
    accord("--db", db, "-q", "report", "--actors", "IRN,ISR,USA", "--scenario",
           str(work / "draft.yaml"), "--runs", "100", "-o", str(work / "report.html"), cwd=work)
    texts = {}
    for f in sorted(src.glob("[0-9]*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        if d["date"] <= "2024-04-13":
            texts[d["url"]] = d["text"]
    events = json.loads(accord("--db", db, "events", "--json", cwd=work))["events"]
    return work / "report.html", texts, {e["evidence"]["sentence"] for e in events}


def test_every_quote_links_to_its_article(crisis_report):  # noqa: ANN001
    path, texts, sentences = crisis_report
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert len(page.quotes) > 40
    for q in page.quotes:
        assert q["tag"] == "a" and q["href"] in texts, q  # a link to the article's own URL
    # each quoted article is one whose text holds the quote (the link goes to its source;
    # a speaker's quote may join two spans of the text, so its opening words are checked)
    for q in page.quotes:
        head = " ".join(q["text"].strip("\u201c\u201d").split()[:4]).replace('"', "")
        assert head in " ".join(texts[q["href"]].split()).replace('"', ""), q
    # every URL of the period is cited, as a link in its section heading
    assert len({q["href"] for q in page.quotes}) == len(texts)
    # a quote is a whole stored sentence, or one cut on a word boundary with an ellipsis
    cut = 0
    for q in page.quotes:
        text = q["text"].strip("\u201c\u201d")
        if text.endswith("\u2026"):
            cut += 1
            body = text[:-1]
            full = next(s for s in map(lambda s: " ".join(s.split()), sentences)
                        if s.startswith(body))
            assert full[len(body)] in " ,;:-", (body[-20:], full[len(body):len(body) + 10])
    assert cut >= 1  # the crisis has sentences longer than the limit


def test_plots_history_and_title(crisis_report):  # noqa: ANN001
    path, _, _ = crisis_report
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert "events over time by quad class and dyad" in page.imgs
    assert "question probability by date" in page.imgs
    assert "outcome probabilities" in page.imgs
    assert {"events-over-time", "question-by-date", "forecast-history"} <= page.ids
    assert page.title.startswith("Iran, Israel and United States, 1\u201313 April 2024")
    assert "draft" not in page.title
    # the drafted scenario has no uncertainty ranges: no distribution plot, and a sentence why
    text = path.read_text(encoding="utf-8")
    assert "outcome distribution" not in page.imgs
    assert "so no distribution is plotted" in text


def test_report_in_chromium(crisis_report, browser, artifacts):  # noqa: ANN001
    path, texts, _ = crisis_report
    pg = browser.new_page(viewport={"width": 1200, "height": 900})
    pg.goto(path.as_uri())
    quotes = pg.eval_on_selector_all(".quote", "ns => ns.map(n => [n.tagName, n.href])")
    assert quotes and all(t == "A" and h in texts for t, h in quotes)
    imgs = pg.eval_on_selector_all("img", "ns => ns.map(n => [n.alt, n.naturalWidth])")
    assert len(imgs) >= 3 and all(w > 200 for _, w in imgs), imgs
    pg.screenshot(path=str(artifacts / "report.png"), full_page=False)
    pg.close()


def test_clip_ends_on_a_word():
    s = "The ministry said the strike destroyed the consulate building entirely."
    assert clip(s, 200) == s
    c = clip(s, 30)
    assert c == "The ministry said the strike\u2026" and len(c) <= 31
    assert clip("x" * 50, 10) == "x" * 10 + "\u2026"  # one long token: cut, still marked


def test_title_and_dates():
    d = dt.date
    assert date_span(d(2024, 4, 1), d(2024, 4, 13)) == "1\u201313 April 2024"
    assert date_span(d(2024, 3, 28), d(2024, 4, 13)) == "28 March \u2013 13 April 2024"
    assert date_span(d(2021, 12, 9), d(2022, 2, 24)) == "9 December 2021 \u2013 24 February 2022"
    assert report_title(["Russia", "Ukraine"], d(2022, 2, 24), d(2022, 2, 24)) == \
        "Russia and Ukraine, 24 February 2022"


def test_flat_rounds_are_not_plotted():
    flat = Result(model="eum", actors=["A", "B"], issues=[IssueResult(issue="x", prediction=50)],
                  positions=np.full((4, 2, 1), 50.0).tolist())
    assert not rounds_move(flat) and positions_per_round(flat, {}) is None
    moving = flat.model_copy(update={"positions": [[[40.0], [60.0]], [[50.0], [55.0]]]})
    assert rounds_move(moving) and positions_per_round(moving, {}) is not None


def test_lane_marks_sit_on_their_day():
    d = dt.date(2024, 4, 1)
    rows = [(d, "ISR \u2192 IRN", q, True) for q in (1, 3, 4, 4, 4)] + \
        [(d + dt.timedelta(days=9), "IRN \u2192 ISR", 4, False)]
    marks = lane_marks(rows, {"ISR \u2192 IRN": "ISR \u2192 IRN", "IRN \u2192 ISR": "IRN \u2192 ISR"})
    midnight = dt.datetime.combine(d, dt.time())
    same_day = [x for x, lane, _, _ in marks if lane == "ISR \u2192 IRN"]
    assert len(same_day) == 5 and len(set(same_day)) == 5  # side by side, none hidden
    assert all(abs((x - midnight).total_seconds()) < 12 * 3600 for x in same_day)
    assert sum((x - midnight).total_seconds() for x in same_day) == pytest.approx(0, abs=1)


def test_an_article_without_url_is_linked_to_its_section():
    from accord.nlp.events import quad_of, score_of
    from accord.report.html import render_report
    from accord.types import ActorRef, Article, Event, Evidence, Extraction

    text = "Thai soldiers attacked Cambodian positions near the temple on Friday."
    art = Article(text=text, path="notes/border.txt", date=dt.date(2025, 7, 25))
    ev = Event(type="ASSAULT", actor=[ActorRef(code="THAMIL")], recipient=[ActorRef(code="KHM")],
               quad=quad_of("ASSAULT"), score=score_of("ASSAULT", None), confidence=0.9,
               evidence=Evidence(article_id=art.id, start=0, end=len(text), sentence=text))
    html = render_report(title="t", as_of=dt.date(2025, 7, 25), situation=None, scenario=None,
                         results=[], forecasts=[],
                         extractions=[Extraction(article=art, entities=[], events=[ev])])
    page = _Page()
    page.feed(html)
    assert [q["href"] for q in page.quotes] == [f"#art-{art.id}"]
    assert f"art-{art.id}" in page.ids and "no URL stored (from notes/border.txt)" in html
