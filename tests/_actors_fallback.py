"""Throwaway stand-in for accord.nlp.actors, used by the extraction tests only while the real
actor component is not in the tree. It follows the same contract (factory "accord_actors",
Doc._.article_date, Doc._.actor_spans, Span._.entity, Token._.entity, Doc._.entities) with a
small name table built from pycountry; the shipped pipeline always uses the real component.
"""

from __future__ import annotations

import pycountry
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.types import Entity

_DEMONYMS = {
    "american": "USA", "u.s.": "USA", "us": "USA", "israeli": "ISR", "iranian": "IRN",
    "omani": "OMN", "turkish": "TUR", "british": "GBR", "french": "FRA", "german": "DEU",
    "russian": "RUS", "chinese": "CHN", "palestinian": "PSE", "palestinians": "PSE",
    "iraqi": "IRQ", "syrian": "SYR", "lebanese": "LBN", "egyptian": "EGY", "saudi": "SAU",
    "japanese": "JPN", "serbian": "SRB", "serb": "SRB", "albanian": "ALB", "nigerian": "NGA",
    "sudanese": "SDN", "afghan": "AFG", "pakistani": "PAK", "indian": "IND",
    "hungarian": "HUN", "romanian": "ROU", "jordanian": "JOR", "israelis": "ISR",
    "britain": "GBR", "washington": "USA", "moscow": "RUS", "tehran": "IRN", "beijing": "CHN",
    "united states": "USA", "the united states": "USA", "u.s.-": "USA", "un": "IGO",
    "united nations": "IGO", "u.n.": "IGO", "nato": "IGO", "european community": "IGO",
    "european union": "IGO", "eu": "IGO", "trump": "USAGOV", "donald trump": "USAGOV",
    "netanyahu": "ISRGOV", "benjamin netanyahu": "ISRGOV", "midnight hammer": "USAMIL",
}
for _c in pycountry.countries:
    for _n in (_c.name, getattr(_c, "common_name", None), getattr(_c, "official_name", None)):
        if _n:
            _DEMONYMS.setdefault(_n.lower(), _c.alpha_3)


def _code(text: str) -> str | None:
    t = text.lower().removeprefix("the ").strip()
    return _DEMONYMS.get(t)


def ensure_extensions() -> None:
    for name, default in (("article_date", None), ("actor_spans", None), ("entities", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("entity"):
        Span.set_extension("entity", default=None)
    if not Token.has_extension("entity"):
        Token.set_extension("entity", default=None)


@Language.factory("accord_actors")
def _make(nlp: Language, name: str) -> _FallbackActors:
    ensure_extensions()
    return _FallbackActors()


class _FallbackActors:
    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "NORP", "ORG", "PERSON", "FAC"):
                continue
            code = _code(ent.text)
            if code is None and len(ent) > 1:
                code = _code(ent[-1].text) or _code(ent[0].text)
            if code is None:
                continue
            kind = "person" if ent.label_ == "PERSON" else "country"
            e = Entity(code=code, name=ent.text, text=ent.text, kind=kind,
                       start=ent.start_char, end=ent.end_char)
            ent._.entity = e
            for t in ent:
                t._.entity = e
            spans.append(ent)
        for t in doc:
            if t._.entity is None and t.pos_ in ("PROPN", "ADJ", "NOUN") and _code(t.text):
                e = Entity(code=_code(t.text), name=t.text, text=t.text, start=t.idx,
                           end=t.idx + len(t))
                t._.entity = e
                sp = doc[t.i : t.i + 1]
                sp._.entity = e
                spans.append(sp)
        spans.sort(key=lambda s: s.start)
        doc._.actor_spans = spans
        doc._.entities = [s._.entity for s in spans]
        return doc
