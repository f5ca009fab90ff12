"""Event nouns and the clause around them, for the rule coder (accord.nlp.events).

A noun names an event the coder keeps only when its sentence says the event happened or is
under way: presupposed by a temporal phrase ("after an attack by X"), counted ("dozens of
attacks"), continued ("pressed on with its offensive"), named as a party's ongoing war ("a
truce in its war on Hamas"), or aimed at a target ("action against X"). These helpers read
that off the parse; they also hold the crowd-subject and forceful-hit tests the candidate
finder shares, and the lexicon's reading of an event noun (``noun_rule``). Split from
accord.nlp.events when that module passed 1,100 lines; imports only the lexicon, the parse
helpers (accord.nlp.syntax) and the mentions, never the coder.
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp._mentions import DocMentions
from accord.nlp.act_time import clause_verb
from accord.nlp.lexicon import (
    EXERCISE_NOUNS,
    GENERIC_EVENT_NOUNS,
    PRESUPPOSING_PREPS,
    STAGING_VERBS,
    lemma,
    lexicon,
)
from accord.nlp.syntax import has_class, objects, subject_of, subject_tokens


def witnessed_force(tok: Token) -> bool:
    """A force or deployment noun that a verb of witnessing takes as its object ("witnesses
    reported renewed air strikes in Khartoum", "the US observes a deployment of Serbian forces
    along the border"): the act happened; its parties are the noun's own."""
    if not (tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and lemma(tok.head) in WITNESSING):
        return False
    rule = noun_rule(tok) if lemma(tok) not in lexicon()["_force"] else {"type": "ASSAULT"}
    return rule is not None and rule["type"] in ("ASSAULT", "MOBILIZE")


# verbs whose cause is an act that happened: "protests were sparked by the seizure of the
# ballots", "the arrests drew condemnation", "the raid prompted an outcry"
CAUSING = frozenset({"spark", "trigger", "prompt", "provoke", "fuel", "cause", "draw",
                     "ignite", "touch"})


def caused_by(tok: Token) -> bool:
    """A coercion or force noun named as the cause of what followed: the agent of a passive
    causing verb ("sparked by the seizure of the minutes by the prosecutors") or the subject
    of an active one ("the seizure drew condemnation"): it happened."""
    h = tok.head
    if tok.dep_ == "pobj" and h.lower_ == "by" and h.dep_ == "agent":
        return lemma(h.head) in CAUSING
    if tok.dep_ == "nsubj" and h.pos_ == "VERB":
        return lemma(h) in CAUSING and not any(
            k.dep_ == "aux" and k.lower_ in ("will", "would", "could", "might", "may")
            for k in h.children)
    return False


# verbs that judge an act that happened: "defended the arrest", "condemned X's raid"
JUDGING = frozenset({"defend", "justify", "condemn", "denounce", "criticise", "criticize",
                     "praise", "welcome", "hail", "deplore", "decry", "slam"})


def presupposed_by(tok: Token, of_phrase: bool = False) -> bool:
    """A force noun with its own by-phrase inside a temporal or causal phrase ("after an
    attack by X", "following strikes by Y", "in a raid by Z"), or with ``of_phrase`` a
    deployment noun with its of-phrase ("after a build-up of 130,000 troops"): reported as
    having happened."""
    preps = ("by", "of") if of_phrase else ("by",)
    if tok.dep_ == "conj" and tok.head.dep_ == "dobj":
        tok = tok.head  # "defended Belarus's diversion of a flight and arrest of a dissident"
        if lemma(tok.head) in JUDGING and tok.head.pos_ == "VERB":
            return True
    if tok.dep_ == "dobj" and lemma(tok.head) in JUDGING and tok.head.pos_ == "VERB" and any(
            k.dep_ == "poss" or k.dep_ == "prep" and (k.lower_ in preps or k.lower_ == "between")
            for k in tok.children):
        return True  # "defended Belarus's diversion of the flight", "condemned the raid by X",
        # "welcomed the agreement between Armenia and Azerbaijan"
    if tok.dep_ == "dobj" and lemma(tok.head) == "follow" and tok.head.pos_ == "VERB" and (
            any(k.dep_ == "poss" or k.dep_ == "prep" and k.lower_ in preps
                for k in tok.children)):
        return True  # "the talks follow the government's freeing of 300 prisoners"
    # "following" is often parsed as a verb with the noun as its object
    return (tok.dep_ in ("pobj", "dobj") and tok.head.lower_ in PRESUPPOSING_PREPS
            and any(k.dep_ == "prep" and k.lower_ in preps for k in tok.children))


# phrases that report what they name as happening when the clause does, or as its cause:
# "amid X", "during X", "due to X", "because of X". Not "after/following X": an act told as
# what came before is often background ("after Russia's invasion of Ukraine" in 2023)
CAUSAL_HEADS = {"to": ("due", "owing", "thanks"), "of": ("because",)}
CAUSAL = frozenset({"due", "owing"})
CONCURRENT = frozenset({"amid", "amidst", "during"})  # the parser also hangs the noun on "due" itself
OWNED_FORCE = frozenset({"airstrike", "strike", "attack", "bombing", "shelling", "raid",
                         "bombardment", "clash", "fighting", "offensive", "assault"})


def owned_force(tok: Token, dm: DocMentions) -> bool:
    """A force noun with its doer named on it ("an Israeli airstrike", "Turkey's offensive",
    "clashes between the army and the RSF") inside a phrase that reports it as having
    happened ("due to an early morning Israeli airstrike", "amid clashes between X and Y",
    "after Turkey's offensive"). The noun's own parties carry the act."""
    if lemma(tok) not in OWNED_FORCE or tok.dep_ != "pobj":
        return False
    prep = tok.head
    if not (prep.lower_ in CONCURRENT or prep.lower_ in CAUSAL
            or prep.head.lower_ in CAUSAL_HEADS.get(prep.lower_, ())):
        return False
    for k in tok.children:
        if k.dep_ in ("amod", "compound", "poss", "nmod") and dm.entity_at(k) is not None:
            return True
        if k.dep_ == "prep" and k.lower_ == "between" and any(
                dm.entity_at(g) is not None for g in k.subtree):
            return True
    return False


TRADE_MEASURES = frozenset({"control", "restriction", "curb", "ban", "limit", "tariff"})
TRADE_WORDS = frozenset({"export", "import", "trade", "transit", "tariff", "customs", "flight"})
FILING_VERBS = frozenset({"lodge", "file", "register", "deliver", "issue", "send", "make",
                          "submit", "voice", "express", "convey"})
FORCE_LIGHT = frozenset({"carry", "launch", "conduct", "mount", "order", "unleash"})
COUNT_NOUNS = frozenset({"dozen", "dozens", "hundred", "hundreds", "series", "string", "wave",
                         "number", "spate", "barrage", "volley", "round", "flurry", "couple",
                         "succession", "slew", "raft"})
CONTINUE_VERBS = frozenset({"press", "push", "forge", "carry", "keep", "go", "move"})
# nouns of an event's phase: "announced a 72-hour extension of the truce", "ordered the
# resumption of talks" -> the truce, the talks, under the light verb
PHASE_NOUNS = frozenset({"extension", "resumption", "renewal", "continuation", "launch",
                         "start", "beginning", "expansion", "prolongation"})
# verbs that report an act someone else did as seen or recorded: "witnesses reported renewed
# air strikes", "the ministry confirmed an attack on its embassy" -> the force, asserted
WITNESSING = frozenset({"report", "confirm", "witness", "record", "document", "hear", "see",
                        "observe", "monitor", "track", "detect", "spot", "notice"})


def naming(c: Token) -> bool:
    """An object predicate that names ("called the deployment an armada"), not a stray
    adverb the parser hung there ("reached between X and Y downstream")."""
    return c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN")


def re_mention(tok: Token) -> bool:
    """An event noun predicated of a pronoun by a copula ("It was the deadliest attack in
    years", "This is the third strike this month"): a comment on an act already reported,
    not a new one."""
    head = tok.head
    return tok.dep_ == "attr" and lemma(head) == "be" and any(
        k.dep_ == "nsubj" and k.lower_ in ("it", "this", "that") for k in head.children)


def weapons_test(tok: Token) -> bool:
    """"test-fired a missile", "North Korea test fired two missiles", "test-launched": a
    weapons test (the word "test" right before the verb, hyphenated or not)."""
    if lemma(tok) not in ("fire", "launch", "detonate", "explode"):
        return False
    j = tok.i - 1
    if j >= 0 and tok.doc[j].text == "-":
        j -= 1
    return j >= 0 and tok.doc[j].lower_ in ("test", "tests")


MISSILE_NOUNS = frozenset({"missile", "rocket", "projectile", "icbm", "slbm"})
TARGET_PREPS = frozenset({"at", "on", "against", "toward", "towards", "into"})
OPEN_WATER = frozenset({"sea", "water", "ocean", "coast", "gulf", "bay", "strait"})


def untargeted_launch(tok: Token) -> bool:
    """"fired a ballistic missile into the sea", "launched two missiles off its east coast",
    "fired a missile over Japan": missiles sent at open water or over a country, not at a
    target, a show of force (CAMEO's demonstration of military power, PLOVER MOBILIZE), not an
    attack. Any target phrase ("at Kyiv", "on the base", "into Israel") keeps it an attack."""
    if lemma(tok) not in ("fire", "launch"):
        return False
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if not any(lemma(o) in MISSILE_NOUNS or any(lemma(k) in MISSILE_NOUNS
                                                for k in o.children if k.dep_ == "compound")
               for o in objs):
        return False
    heads = {tok.i, *(o.i for o in objs)}
    preps = [t for t in tok.subtree if t.dep_ == "prep" and t.head.i in heads]
    sea = False
    for pr in preps:
        ground = [g for g in pr.subtree if g.dep_ == "pobj"]
        if pr.lower_ == "over" or (pr.lower_ in ("into", "off", "in", "toward", "towards")
                                   and any(lemma(g) in OPEN_WATER for g in ground)):
            sea = True
        elif pr.lower_ in TARGET_PREPS and not any(g.ent_type_ in ("DATE", "TIME")
                                                   for g in ground):
            return False  # a target ("at Kyiv"), not a date ("on Sunday")
    return sea


def counted_event(tok: Token) -> Token | None:
    """The event noun counted by a quantity noun ("dozens of attacks" -> attacks) or named by
    a noun of its phase ("an extension of the truce" -> truce)."""
    if lemma(tok) not in COUNT_NOUNS and tok.lower_ not in COUNT_NOUNS \
            and lemma(tok) not in PHASE_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "NOUN" and noun_rule(g):
                    return g
    return None


def continued_event(tok: Token) -> Token | None:
    """The event a verb of going on carries forward: "pressed on with its offensive",
    "pushed ahead with the talks" -> the noun (its act is the noun's)."""
    if tok.pos_ != "VERB" or lemma(tok) not in CONTINUE_VERBS:
        return None
    if not any(c.dep_ in ("prt", "advmod") and c.lower_ in ("on", "ahead", "forward")
               for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            for g in c.children:
                if g.dep_ == "pobj" and (noun_rule(g) or compound_event(g)):
                    return g
    return None


ONGOING_NOUNS = frozenset({"war", "offensive", "bombardment", "invasion", "fighting"})
NOT_YET = frozenset({"planned", "threatened", "possible", "potential", "looming", "expected",
                     "imminent", "new", "wider", "future", "feared", "impending", "next",
                     "prospective", "proposed", "all-out", "renewed"})


def ongoing_war(tok: Token, dm: DocMentions) -> bool:
    """A war or offensive named as a party's own ("its war on Hamas", "Israel's offensive
    against Hamas") or as the one between two parties ("the war between Israel and
    Hezbollah"): the phrase presupposes hostilities under way, whatever the clause around
    it says ("would not accept a pause in its war"). Not when the war is only in prospect
    ("its planned offensive", "a possible war between them")."""
    if lemma(tok) not in ONGOING_NOUNS or tok.pos_ != "NOUN":
        return False
    kids = list(tok.children)
    if any(lemma(k) in NOT_YET or k.lower_ in NOT_YET for k in kids):
        return False
    owner = any(k.dep_ == "poss" and (dm.entity_at(k) or k.lower_ in ("its", "their"))
                for k in kids)
    if owner and (target_prep(tok, dm) or any(
            k.dep_ == "prep" and k.lower_ == "with" for k in kids)):
        return True
    the = any(k.dep_ == "det" and k.lower_ == "the" for k in kids)
    for k in kids:
        if the and k.dep_ == "prep" and k.lower_ == "between":
            parties = [t for t in k.subtree if dm.entity_at(t)]
            if len({dm.entity_at(t).start for t in parties}) >= 2:
                return True
    return False


def compound_event(tok: Token) -> dict | None:
    """A generic noun named by an event modifier: "a mediation mission", "a peace effort"."""
    if lemma(tok) not in GENERIC_EVENT_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and lemma(c) in lexicon()["nouns"]:
            return noun_rule(c)
    return None


# a state's organs and armed groups act as such, never as a crowd
NOT_CROWD_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "REB", "INS", "SEP",
                               "UAF", "IMG"})


def crowd_subject(tok: Token, dm: DocMentions) -> bool:
    crowd = lexicon()["_crowd"]
    subj = subject_tokens(tok)
    if not subj:
        s = subject_of(tok) or subject_of(clause_verb(tok) or tok)
        subj = [s] if s is not None else []
    for s in subj:
        if has_class([s], "military") or has_class([s], "police"):
            continue  # "Russian troops blocked the port": forces, not a crowd
        m = dm.entity_at(s)
        if m is not None and m.entity.code[3:6] in NOT_CROWD_SECTORS:
            continue  # "Azerbaijani authorities blockaded the corridor", "Boko Haram
            # jihadists overran a base": a state or an armed group, not a crowd
        if s.tag_ in ("NNS", "NNPS") and m is not None:
            return True  # "Palestinians", "Young Algerians"
        for t in s.subtree:
            if lemma(t) in crowd or t.like_num or t.ent_type_ in ("CARDINAL", "QUANTITY"):
                return True
    return False


def forceful(tok: Token, dm: DocMentions) -> bool:
    """"hit"/"strike" count as ASSAULT only with an actor or target that can be attacked."""
    objs = objects(tok) + subject_tokens(tok)
    return any(dm.entity_at(t) or t.pos_ == "PRON" or has_class([t], "military")
               or has_class([t], "property") for o in objs for t in o.subtree)


def target_prep(tok: Token, dm: DocMentions) -> bool:
    preps = set(lexicon()["target_preps"])
    for c in tok.children:
        if c.dep_ == "prep" and lemma(c) in preps:
            for g in c.children:
                if g.dep_ == "pobj" and any(dm.entity_at(t) for t in g.subtree):
                    return True
    return False


WEAPON_TESTED = MISSILE_NOUNS | {"weapon", "bomb", "device", "warhead", "nuclear", "ballistic",
                                 "hypersonic", "missiles", "rockets"}


def tested_weapon(tok: Token) -> bool:
    """"a test of a new hypersonic missile", "a nuclear test", "the missile launch": a weapons
    test or launch named by its noun (a show of force: PLOVER MOBILIZE, mode weapons)."""
    if lemma(tok) not in ("test", "launch", "test-firing", "firing"):
        return False
    mods = {lemma(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    named = {lemma(g) for c in tok.children if c.dep_ == "prep" and lemma(c) == "of"
             for g in c.children if g.dep_ == "pobj"}
    named |= {lemma(m) for c in tok.children if c.dep_ == "prep" and lemma(c) == "of"
              for g in c.children if g.dep_ == "pobj"
              for m in g.children if m.dep_ in ("amod", "compound")}
    return bool((mods | named) & WEAPON_TESTED)


def noun_rule(tok: Token) -> dict | None:
    lex = lexicon()
    if tested_weapon(tok):
        return {"type": "MOBILIZE", "mode": "weapons"}
    mods = {lemma(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    if lemma(tok) in TRADE_MEASURES and mods & TRADE_WORDS:
        # "export controls", "a transit ban", "import curbs": measures against another's
        # trade are sanctions
        return {"type": "SANCTION", "mode": "discontinue"}
    rule = lex["nouns"].get(lemma(tok))
    if rule is None:
        return None
    if "needs_amod" in rule and not mods & set(rule["needs_amod"]):
        return None
    if "to" in rule and not has_class([g for c in tok.children if c.dep_ == "prep"
                                       and c.lower_ == "to" for g in c.children
                                       if g.dep_ == "pobj"], rule["to"]):
        return None  # "an end to military operations", not "an end to the year"
    rule = dict(rule)
    if lemma(tok) == "call" and mods & {"phone", "telephone", "video", "conference"}:
        return {"type": "CONSULT"}  # "held a phone call with X": a consultation, no appeal
    if lemma(tok) == "attack" and mods & {"cyber", "cyber-", "ransomware", "hacking"}:
        return {"type": "COERCE", "mode": "cyber"}  # PLOVER: cyber attacks are COERCE
    if (lemma(tok) in ("protest", "complaint") and tok.dep_ == "dobj"
            and lemma(tok.head) in FILING_VERBS):
        # "lodged a protest with Beijing", "filed a complaint": a government's formal
        # protest is an accusation (CAMEO 114), not a demonstration; crowds do not lodge
        return {"type": "ACCUSE", "mode": "disapprove"}
    if lemma(tok) == "strike":
        if mods & {"air", "military", "missile", "drone", "nuclear", "preemptive", "us"}:
            rule = {"type": "ASSAULT", "mode": "aerial" if "air" in mods else None}
        elif "hunger" not in mods and any(
                c.dep_ == "prep" and c.lower_ in ("on", "against") for c in tok.children):
            rule = {"type": "ASSAULT"}  # "strikes on rebel targets": force, not a walkout
        elif "hunger" not in mods and lemma(clause_verb(tok) or tok) in FORCE_LIGHT:
            rule = {"type": "ASSAULT"}  # "carried out hundreds of strikes": no walkout is
            # carried out, launched or ordered
        elif "hunger" in mods:
            rule["mode"] = "hunger"
    if lemma(tok) in EXERCISE_NOUNS:
        staged = tok.dep_ == "dobj" and lemma(tok.head) in STAGING_VERBS
        if not (mods & {"joint", "war", "military", "naval"} or staged):
            return None
        # the manual: joint exercises are COOPERATE, a single country's are MOBILIZE
        partner = any(c.dep_ == "prep" and c.lower_ == "with"
                      for c in (*tok.children, *tok.head.children))
        # "joint drills around Taiwan": one country's forces drilling at another, a show of
        # force (MOBILIZE), unless a partner country is named ("with Russia")
        aimed = any(c.dep_ == "prep" and c.lower_ in ("around", "near", "off", "encircling")
                    for c in (*tok.children, *tok.head.children))
        joint = partner or ("joint" in mods and not aimed)
        rule = {"type": "COOPERATE"} if joint else {"type": "MOBILIZE", "mode": "troops"}
    return rule
