"""What one sentence says about agreements, read from the dependency parse: the words that
name an agreement (mentions), the words of an action on one (candidates) and conditions.

Nothing here decides which agreement a mention belongs to (``agreements.py`` groups them)
or who acts (roles come from ``arguments.py``); this module only reads words and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ceasefire.extract.agreement_lexicon import (
    ActionWords,
    AgreementLexicon,
    first_match,
    match_at,
    word_in,
)
from ceasefire.extract.triggers import word_forms
from ceasefire.schema import AgreementKind

__all__ = ["ActionCand", "Anchor", "ConditionCand", "Mention", "by_phrase", "exchanged",
           "find_actions", "find_conditions", "find_mentions"]

Token = Any  # spacy.tokens.Token

_NOUN_POS = frozenset({"NOUN", "PROPN"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "npadvmod"})
_PRONOUNS = frozenset({"it", "this", "that"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})


@dataclass(slots=True)
class Mention:
    """Words that name an agreement."""

    head: Token
    tokens: list[Token]  # the name's words, modifiers included, determiners not
    kind: AgreementKind
    generic: bool  # "the deal": no kind word of its own
    stage: str | None  # "draft", "formal", "permanent" or None
    name: str | None  # a capitalised proper name ("Stockholm Agreement")
    sentence: int
    reference: bool = False  # "the proposal": takes up an agreement already named

    @property
    def start(self) -> int:
        return int(self.tokens[0].idx)


@dataclass(slots=True)
class Anchor:
    """What an action acts on: mentions, a reference ("the proposal", "it") or nothing."""

    mentions: list[Mention] = field(default_factory=list)
    reference: Mention | None = None  # a reference noun made into a mention
    pronoun: bool = False
    window: bool = False  # no argument: the nearest agreement named


@dataclass(slots=True)
class ActionCand:
    words: ActionWords
    head: Token
    tokens: list[Token]
    anchor: Anchor
    sentence: int
    kind: str  # verb | noun


@dataclass(slots=True)
class ConditionCand:
    tokens: list[Token]  # the condition's words
    sentence: int


# --------------------------------------------------------------------------- mentions


def find_mentions(sent: Any, n: int, lex: AgreementLexicon) -> list[Mention]:
    """Every agreement named in the sentence, with kind, stage and proper name."""
    found: list[Mention] = []
    used: set[int] = set()
    for token in sent:
        if token.i in used or not word_in(token, lex.head_words):
            continue
        mention = (_mention_at(token, sent.end, n, lex) or _draft_noun(token, n, lex)
                   or _exchange_verb(token, n, lex) or _cease_verb(token, n, lex))
        if mention is not None:
            found.append(mention)
            used.update(t.i for t in mention.tokens)
    return [_through_noun(m, lex) for m in _outermost(found)]


def _exchange_verb(token: Token, n: int, lex: AgreementLexicon) -> Mention | None:
    """"Russia and Ukraine swapped 146 prisoners", "the captives will be exchanged": an
    exchange told by its verb is a prisoner exchange of its own (the verb is its head)."""
    if token.pos_ != "VERB" or not word_in(token, lex.exchange_verbs):
        return None
    if not any(c.dep_ in ("dobj", "nsubjpass") and word_in(c, lex.exchange_objects)
               for c in token.children):
        return None  # "exchanged ceasefire proposals", "exchanged fire"
    return Mention(token, [token], "prisoner_exchange", False, None, None, n)


def _cease_verb(token: Token, n: int, lex: AgreementLexicon) -> Mention | None:
    """"agreed to cease all military attacks", "refused to halt rocket fire": stopping the
    fighting, as what an action word acts on, is a ceasefire."""
    if token.pos_ != "VERB" or not _complement(token) or not word_in(token, lex.cease_verbs):
        return None
    governor = token.head
    forms = set(word_forms(governor))
    if not (forms & lex.verb_actions.keys() or forms & lex.phrases_by_first.keys()):
        return None
    what = next((c for c in token.children if c.dep_ in ("dobj", "xcomp")
                 and word_in(c, lex.cease_objects)), None)
    if what is None:
        return None
    return Mention(token, list(token.doc[token.i:what.i + 1]), "ceasefire", False, None,
                   None, n)


def _complement(verb: Token) -> bool:
    """The verb completes its head: an ``xcomp``, or an infinitive the parser hung on as an
    ``advcl`` because a phrase stood between ("agreed at talks in Sweden to stop fighting")
    when the head has no object of its own (with one, "signed a deal to stop fighting" is a
    purpose: the deal is the agreement)."""
    if verb.dep_ == "xcomp":
        return True
    return (verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                         for c in verb.children)
            and not any(c.dep_ == "dobj" for c in verb.head.children))


def exchanged(m: Mention) -> bool:
    """A mention told by an exchange verb ("swapped 146 prisoners")."""
    return bool(m.head.pos_ == "VERB" and m.kind == "prisoner_exchange")


def _through_noun(m: Mention, lex: AgreementLexicon) -> Mention:
    """"a ceasefire proposal", "the Egyptian truce plan": a kind word that qualifies a
    reference noun names the agreement through that noun, which also gives its stage (a
    proposal is a draft). Actions then act on it through the noun ("rejected the ceasefire
    proposal")."""
    outer = m.head.head
    if (m.head.dep_ != "compound" or outer.i < m.head.i or outer.pos_ != "NOUN"
            or not word_in(outer, lex.references)):
        return m
    modifiers = [t for c in outer.lefts if c.dep_ in _MODIFIER_DEPS for t in c.subtree]
    if any(word_in(t, lex.not_modifiers) for t in modifiers):
        return m
    tokens = _contiguous(sorted({*modifiers, *m.tokens, outer}, key=lambda t: t.i), outer)
    stage = "draft" if word_in(outer, lex.draft) else m.stage
    return Mention(outer, tokens, m.kind, m.generic, stage, m.name, m.sentence)


def _draft_noun(token: Token, n: int, lex: AgreementLexicon) -> Mention | None:
    """"the draft", "the Moscow draft": a text under negotiation the report has named (or
    will name) by its kind; the grouping gives it that kind."""
    if token.pos_ != "NOUN" or not word_in(token, lex.draft_nouns) or not (
            _definite(token) or any(c.dep_ == "compound" for c in token.children)):
        return None
    return _build([token], "other", True, n, lex)


def _mention_at(token: Token, end: int, n: int, lex: AgreementLexicon) -> Mention | None:
    for kind, seqs in lex.kind_heads:
        words = first_match(token, seqs, end)
        if words is not None and _nominal(words):
            return _build(words, kind, False, n, lex)
    words = first_match(token, lex.generic, end)
    if words is not None and _nominal(words):
        return _build(words, "other", True, n, lex)
    if token.pos_ in _NOUN_POS and word_in(token, lex.named_only):
        mention = _build([token], "other", True, n, lex)
        if mention is not None and mention.generic and not mention.name and _adopted(token,
                                                                                    lex):
            mention.generic = False  # a text of its own kind, not "the deal" of another
        if mention is not None and (mention.name or not mention.generic):
            return mention
    return None


_ADOPTING = frozenset({"signed", "accepted", "approved"})


def _adopted(token: Token, lex: AgreementLexicon) -> bool:
    """"The conference adopted conclusions", "signed a declaration": a text that is signed,
    adopted or approved is an agreement even without a proper name."""
    verb = token.head
    if token.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
        return False
    hit = next((lex.verb_actions[f] for f in word_forms(verb) if f in lex.verb_actions), None)
    return hit is not None and hit.name in _ADOPTING


def _nominal(words: list[Token]) -> bool:
    return any(w.pos_ in _NOUN_POS for w in words)


def _head(words: list[Token]) -> Token:
    inside = {w.i for w in words}
    return next((w for w in words if w.head.i not in inside or w.head.i == w.i), words[0])


def _build(words: list[Token], kind: AgreementKind, generic: bool, n: int,
           lex: AgreementLexicon) -> Mention | None:
    head = _head(words)
    modifiers = [t for c in head.lefts if c.dep_ in _MODIFIER_DEPS for t in c.subtree]
    if any(word_in(t, lex.not_modifiers) for t in modifiers):
        return None  # "an arms deal"
    if generic:
        kind, generic = _modifier_kind(modifiers, lex)
    tokens = sorted({*modifiers, *words}, key=lambda t: t.i)
    stage = ("draft" if any(word_in(t, lex.draft) for t in [*modifiers, *words]) else
             "formal" if any(word_in(t, lex.formal) for t in modifiers) else
             "permanent" if any(word_in(t, lex.permanent) for t in modifiers) else None)
    return Mention(head, _contiguous(tokens, head), kind, generic, stage, _proper_name(head),
                   n)


def _modifier_kind(modifiers: list[Token], lex: AgreementLexicon
                   ) -> tuple[AgreementKind, bool]:
    for kind, words in lex.kind_modifiers:
        if any(word_in(t, words) for t in modifiers):
            return kind, False
    return "other", True


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The unbroken run of words that ends at (or goes through) the head."""
    keep = [t for t in tokens if t.i >= head.i]
    for t in reversed([t for t in tokens if t.i < head.i]):
        if t.i != keep[0].i - 1:
            break
        keep.insert(0, t)
    return keep


def _proper_name(head: Token) -> str | None:
    """"the Stockholm Agreement", "the Jeddah Declaration": a capitalised head (not just a
    sentence's first word, nor a word of a title-case headline) with capitalised words
    before it."""
    if not head.text[:1].isupper() or head.is_sent_start or _title_case(head.sent):
        return None
    words = [head]
    for i in range(head.i - 1, head.sent.start - 1, -1):
        t = head.doc[i]
        inside = {w.i for w in words}
        if not t.text[:1].isupper() or t.pos_ not in _NOUN_POS | {"ADJ"} or (
                t.head.i not in inside):
            break
        words.insert(0, t)
    if len(words) < 2:
        return None
    return str(head.doc[words[0].i:head.i + 1].text)


# Calibration: a headline in title case capitalises nearly every word, running prose well
# under half of them (names and sentence starts); 0.6 sits between the two.
_TITLE_CASE_SHARE = 0.6


def _title_case(sent: Any) -> bool:
    """A title-case headline: its common words (not names) are capitalised too."""
    words = [t for t in list(sent)[1:] if t.is_alpha and len(t.text) > 3]
    common = [t for t in words if t.pos_ != "PROPN"]
    if len(common) < 2:
        return len(words) >= 3 and all(t.text[:1].isupper() for t in words)
    upper = sum(1 for t in common if t.text[:1].isupper())
    return upper / len(common) > _TITLE_CASE_SHARE


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """A kind word that modifies another agreement noun qualifies it ("ceasefire agreement"
    is one mention, of kind ceasefire); the outer noun takes the inner's kind and stage."""
    by_head = {m.head.i: m for m in mentions}
    kept: list[Mention] = []
    for m in mentions:
        outer = by_head.get(m.head.head.i) if m.head.dep_ in _MODIFIER_DEPS else None
        if outer is None or outer is m:
            kept.append(m)
            continue
        if outer.generic:
            outer.kind, outer.generic = m.kind, m.generic
        outer.stage = outer.stage or m.stage
        outer.tokens = sorted({*outer.tokens, *m.tokens}, key=lambda t: t.i)
    return kept


# --------------------------------------------------------------------------- actions


def find_actions(sent: Any, n: int, mentions: list[Mention], lex: AgreementLexicon
                 ) -> list[ActionCand]:
    """Action words of the sentence that act on an agreement (or on nothing named, for the
    nearest one); an action whose object is something else ("accepted the condition") is
    none."""
    named = {t.i for m in mentions for t in m.tokens}
    # by head, and by last word: "a ceasefire proposal", "the truce plan" are acted on
    # through the noun the kind word modifies
    heads = {m.tokens[-1].i: m for m in mentions} | {m.head.i: m for m in mentions}
    # an exchange told by its verb is carried out by that verb ("swapped 146 prisoners")
    found = [ActionCand(lex.in_force, m.head, [m.head], Anchor([m]), n, "verb")
             for m in mentions if exchanged(m)]
    # "a US-brokered truce": the participle is part of the name and an act on it
    used: set[int] = {i for i in named if not _hyphen_agent(sent.doc[i], lex)}
    for words, tokens in _action_words(sent, lex, used):
        head = _phrase_head(tokens)
        kind = "verb" if head.pos_ in ("VERB", "AUX") else "noun"
        anchor = _anchor(head, tokens, words, kind, heads, lex)
        if anchor is not None and anchor.reference is not None:
            anchor.reference.sentence = n
        if anchor is not None:
            found.append(ActionCand(words, head, tokens, anchor, n, kind))
    return sorted(found, key=lambda c: c.head.i)


def _action_words(sent: Any, lex: AgreementLexicon, used: set[int]
                  ) -> list[tuple[ActionWords, list[Token]]]:
    """Phrases first (longest first, one use per word), then single verbs and nouns."""
    found: list[tuple[ActionWords, list[Token]]] = []
    for token in sent:
        if token.i in used:
            continue
        entries = [e for f in dict.fromkeys(word_forms(token))
                   for e in lex.phrases_by_first.get(f, ())]
        for words, seq in sorted(entries, key=lambda e: -len(e[1])):
            match = match_at(token, seq, sent.end) or _fronted(token, seq)
            if match is not None and not used.intersection(t.i for t in match):
                found.append((words, match))
                used.update(t.i for t in match)
                break
    for token in sent:
        if token.i in used or (token.dep_ in ("amod", "compound")
                               and not _hyphen_agent(token, lex)):
            continue
        table = lex.verb_actions if token.pos_ == "VERB" else (
            lex.noun_actions if token.pos_ == "NOUN" else None)
        hit = next((table[f] for f in word_forms(token) if f in table), None) if table else None
        if hit is not None:
            found.append((hit, [token]))
            used.add(token.i)
    return sorted(found, key=lambda item: item[1][0].i)


def _hyphen_agent(token: Token, lex: AgreementLexicon) -> bool:
    """"a US-brokered truce", "a Qatari-mediated proposal": a mediating participle that
    modifies a noun, with its agent written before the hyphen."""
    hit = lex.verb_actions.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
    return hit is not None and hit.name in lex.mediating and token.dep_ == "amod" and any(
        c.dep_ in ("npadvmod", "compound") and c.i < token.i for c in token.children)


_RELATIVE = frozenset({"which", "whom"})


def _fronted(token: Token, seq: tuple[str, ...]) -> list[Token] | None:
    """"the proposal, to which Israel agrees": a verb and preposition phrase whose
    preposition stands before the relative pronoun; the verb alone is the action word (its
    relative clause names what it acts on)."""
    if len(seq) != 2 or token.pos_ != "VERB":
        return None
    fronted = any(c.dep_ == "prep" and c.i < token.i and c.lower_ == seq[1]
                  and any(o.lower_ in _RELATIVE for o in c.children) for c in token.children)
    return [token] if fronted else None


def _phrase_head(tokens: list[Token]) -> Token:
    inside = {t.i for t in tokens}
    for token in tokens:
        if (token.head.i not in inside or token.head.i == token.i) and token.pos_ != "ADP":
            return token
    return tokens[0]


_OBJECT_PREPS = frozenset({"to", "on", "upon", "for", "from", "of", "with", "over", "about",
                           "into", "under"})


def _anchor(head: Token, tokens: list[Token], words: ActionWords, kind: str,
            mentions: dict[int, Mention], lex: AgreementLexicon) -> Anchor | None:
    """What the action acts on. ``None``: it acts on something that is no agreement."""
    if words.where == "none":
        return Anchor(window=True)
    if words.where == "subject" and kind == "verb" and _transitive(head, tokens, mentions):
        return None  # "began negotiations", "started an offensive": no start of a truce
    if word_in(head, lex.declaring) and _declared_over(head):
        return None  # "declared the truce over" ends it; it does not commit anyone to it
    args = _arguments(head, tokens, words.where, kind)
    if head.dep_ == "amod" and head.head.i in mentions:
        args = [head.head]  # "a US-brokered truce"
    if not args and words.where == "subject" and head.dep_ == "xcomp":
        # "the releases are expected to begin": the subject of the verb it completes
        args = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not args:
        inner = [c for c in head.children if _complement(c)]  # "refused to sign it"
        args = [x for x in inner if x.i in mentions] or [  # "agreed to cease attacks"
            a for x in inner for a in _arguments(x, [x], "object", "verb")]
    if not args and head.dep_ == "conj" and head.head.pos_ == "VERB" and (
            words.where == "object"):
        args = _arguments(head.head, [head.head], words.where, kind)  # "signed and ratified it"
    if not args and kind == "noun":
        args = _of_after(head, mentions)  # "breaches so far of the ceasefire"
        if not args and (_accused_of(head, lex) or _by_agent(head, words, lex)):
            # "accused each other of violations"; "(swapped prisoners) after mediation
            # by the UAE": the agreement nearest
            return Anchor(window=True)
    if not args:  # nothing named: the nearest agreement, for verbs ("Sarraj signed"); a
        # mediator hosts or brokers something, so a bare "to host" is about something else;
        # a bare participle ("a man reached by telephone") describes a noun of its own
        return Anchor(window=True) if kind == "verb" and words.name not in lex.mediating \
            and not _bare_participle(head) and not word_in(head, lex.needs_object) else None
    return _classify(args, words, mentions, lex)


_TIME_ENTS = frozenset({"DATE", "TIME"})


def _transitive(head: Token, tokens: list[Token], mentions: dict[int, Mention]) -> bool:
    """A start verb with an object of its own ("began talks") says what began: not the
    agreement, which would be its subject ("the truce began")."""
    inside = {t.i for t in tokens}
    return any(c.dep_ == "dobj" and c.i not in inside and c.i not in mentions
               and c.ent_type_ not in _TIME_ENTS for c in head.children)


# Words that declare an agreement finished rather than made ("declared the truce over").
_OVER = frozenset({"over", "dead", "void", "null", "invalid", "finished", "ended"})


# Where no verdict on the truce stands: its declarer, and a clause of purpose or a second
# verb ("declared a truce to recover the dead").
_NOT_OVER = frozenset({"nsubj", "advcl", "conj"})


def _declared_over(head: Token) -> bool:
    """"declared the truce over": "over" with no object of its own ("over the holidays"
    says when)."""
    return any(t.lower_ in _OVER and not (t.lower_ == "over" and any(
        o.dep_ == "pobj" for o in t.children))
        for c in head.children if c.dep_ not in _NOT_OVER for t in c.subtree)


# Calibration: how far after a noun action its "of" phrase may stand when the parse hangs
# it elsewhere ("the most serious breaches so far of the ceasefire"): an adverb or two.
_OF_REACH = 4


def _of_after(head: Token, mentions: dict[int, Mention]) -> list[Token]:
    """An "of" phrase just after a noun action that names an agreement, wherever the parse
    attached it."""
    doc = head.doc
    for i in range(head.i + 1, min(head.i + 1 + _OF_REACH, head.sent.end)):
        if doc[i].lower_ == "of":
            return [c for c in doc[i].children if c.dep_ == "pobj" and c.i in mentions]
        if doc[i].is_punct:
            break
    return []


def _accused_of(noun: Token, lex: AgreementLexicon) -> bool:
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "of" and word_in(prep.head, lex.accusing)


def _by_agent(noun: Token, words: ActionWords, lex: AgreementLexicon) -> bool:
    """A mediating noun with its agent ("mediation by the UAE") and nothing it acts on."""
    return words.name in lex.mediating and by_phrase(noun) is not None


def by_phrase(noun: Token) -> Token | None:
    """The "by" of a noun's agent ("mediation by Qatar"); the parse sometimes hangs it on
    the verb the noun's phrase qualifies, so the word right after the noun counts too."""
    doc = noun.doc
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    return next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"),
                after if after is not None and after.lower_ == "by" else None)


def _bare_participle(head: Token) -> bool:
    """A past participle with no auxiliary modifies something ("reached by telephone");
    "had signed" and "was signed" are verbs of their own."""
    return bool(head.tag_ == "VBN" and head.dep_ in ("advcl", "acl", "relcl", "amod")
                and not any(c.dep_ in ("aux", "auxpass") for c in head.children))


def _arguments(head: Token, tokens: list[Token], where: str, kind: str) -> list[Token]:
    inside = {t.i for t in tokens}
    out: list[Token] = []
    if head.dep_ in ("acl", "relcl") and head.head.pos_ in _NOUN_POS and (
            where != "object" or head.dep_ == "relcl" or head.tag_ in ("VBN", "VBD")) and (
            where != "object" or not _to_infinitive(head)):
        # "the ceasefire, brokered by ...", "the truce that started"; in "a plan to end the
        # war" the noun does the ending, it does not undergo it. A participle is sometimes
        # tagged as a past tense ("a truce agreed in April"): both forms describe the noun.
        out.append(head.head)
    first = tokens[0]
    if first.pos_ == "ADP" and first.i > first.sent.start:  # "the truce in force since"
        out += [t for t in (first.head, first.doc[first.i - 1]) if t.pos_ in _NOUN_POS]
    subject_deps = ("nsubj", "nsubjpass") if where == "subject" else ("nsubjpass",)
    object_deps = ("dobj", "attr", "oprd") if where == "object" else ()
    for child in head.children:
        dep = child.dep_
        if dep in subject_deps or dep in object_deps or (kind == "noun" and dep == "poss"):
            out.append(child)
        elif dep == "prep" and (child.i in inside or child.lower_ in _OBJECT_PREPS) and (
                where == "object" or kind == "noun"):
            out += [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
    for token in tokens[1:]:  # the object of a phrase's last preposition ("call for X")
        out += [c for c in token.children if c.dep_ == "pobj" and c.i not in inside]
    return list(dict.fromkeys(_antecedent(head, t) if t.tag_ == "WDT" else t for t in out))


def _to_infinitive(verb: Token) -> bool:
    """"a truce to facilitate relief efforts", even when the parse calls it a relative
    clause: the noun does the act, it does not undergo it ("a truce to be signed" does)."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.dep_ == "auxpass" for c in verb.children)


def _antecedent(head: Token, pronoun: Token) -> Token:
    """The noun a relative pronoun stands for: the first noun above its verb. The parse
    does not always hang the clause on that noun ("a truce agreed in April that broke down"
    can come out as a clause of "agreed"), so the walk goes up through verbs."""
    for up in head.ancestors:
        if up.pos_ in _NOUN_POS:
            return up
        if up.pos_ not in ("VERB", "AUX"):
            break
    return pronoun


def _classify(args: list[Token], words: ActionWords, mentions: dict[int, Mention],
              lex: AgreementLexicon) -> Anchor | None:
    anchor = Anchor()
    for arg in args:
        for part in (arg, *arg.conjuncts):
            if part.i in mentions:
                anchor.mentions.append(mentions[part.i])
            elif part.lower_ in _PRONOUNS and part.pos_ == "PRON" and part.tag_ == "PRP":
                anchor.pronoun = True
            elif part.dep_ == "poss" and part.tag_ == "PRP$":
                anchor.window = True  # "declared its acceptance": its = the actor's
            elif _about(part, mentions) and word_in(part, lex.references | lex.talks
                                                    | lex.parts):
                # "the proposal for a truce", "agreed to part of the plan"
                anchor.mentions += _about(part, mentions)
            elif word_in(part, lex.references) and _definite(part):
                stage = "draft" if word_in(part, lex.draft) else None
                anchor.reference = Mention(part, [part], "other", True, stage, None, 0, True)
            elif words.name in lex.mediating and word_in(part, lex.talks):
                # "hosted talks on a truce"; talks about nothing named are about the
                # agreement named nearest ("negotiations hosted by Lavrov")
                anchor.mentions += _talks_about(part, mentions)
                anchor.window = anchor.window or not anchor.mentions
    if anchor.mentions or anchor.pronoun or anchor.reference is not None or anchor.window:
        return anchor
    return None


def _definite(noun: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in noun.children)


def _about(noun: Token, mentions: dict[int, Mention]) -> list[Mention]:
    """The agreements a noun's "for" or "on" phrase names ("an appeal for a ceasefire")."""
    return [mentions[o.i] for p in noun.children if p.dep_ == "prep"
            and p.lower_ in ("for", "on", "of") for o in p.children if o.i in mentions]


def _talks_about(noun: Token, mentions: dict[int, Mention]) -> list[Mention]:
    """"hosted talks on a ceasefire": the agreement the talks are about."""
    return [mentions[o.i] for p in noun.children if p.dep_ == "prep"
            for o in p.subtree if o.i in mentions]


# --------------------------------------------------------------------------- conditions


def find_conditions(sent: Any, n: int, lex: AgreementLexicon) -> list[ConditionCand]:
    """Conditions and sticking points: "the stickiest point is X", "the condition of X",
    "provided (that) X", "in exchange for X"."""
    found: list[ConditionCand] = []
    for token in sent:
        if not word_in(token, lex.condition_first):
            continue
        noun = first_match(token, lex.condition_nouns, sent.end, gaps=False)
        if noun is not None and _condition_noun(noun[-1], lex):
            words = _condition_of(noun[-1], lex)
            if words:
                found.append(ConditionCand(words, n))
        clause = first_match(token, lex.condition_clauses, sent.end, gaps=False)
        if clause is not None:
            words = _clause_after(clause, sent)
            if words:
                found.append(ConditionCand(words, n))
    return _without_nested(found)


def _condition_noun(noun: Token, lex: AgreementLexicon) -> bool:
    if noun.pos_ not in _NOUN_POS:
        return False
    if not word_in(noun, lex.weak_conditions):
        return True
    return any(word_in(c, lex.strong_modifiers) for c in noun.children if c.dep_ in (
        "amod", "compound", "det"))


def _condition_of(noun: Token, lex: AgreementLexicon) -> list[Token]:
    """What the condition is: the complement of "is" ("the sticking point is X") or the
    "of"/"that" phrase ("the condition of X"), through a second condition noun."""
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        attr = next((c for c in noun.head.children if c.dep_ in ("attr", "acomp")), None)
        if attr is not None:
            inner = _condition_of(attr, lex) if word_in(attr, lex.weak_conditions | {
                "condition", "demand", "requirement", "precondition"}) else []
            return inner or _phrase(attr)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.pos_ in ("VERB", "AUX"):
                return _without_light(_phrase(obj))
        if child.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in child.children):
            return [t for t in _phrase(child) if not (t.dep_ == "mark" and t.head.i == child.i)
                    ] if _phrase(child)[0].dep_ == "mark" else _phrase(child)
    return []


def _without_light(tokens: list[Token]) -> list[Token]:
    """"(the condition of) having Haftar's forces withdraw": the causative "having" is not
    part of what is demanded."""
    if tokens and tokens[0].lower_ in ("having", "getting", "making"):
        return tokens[1:]
    return tokens


def _phrase(head: Token) -> list[Token]:
    """The phrase a word heads, without appositions, relative clauses and edge punctuation
    ("the withdrawal of X from Y, the main supply point for his forces")."""
    skip = {t.i for c in head.subtree if c.dep_ in ("appos", "relcl") and c.i > head.i
            for t in c.subtree}
    words = [t for t in head.subtree if t.i not in skip]
    words = [t for t in words if not (t.dep_ == "det" and t.head.i == head.i)]
    while words and (words[-1].is_punct or words[-1].is_space):
        words.pop()
    while words and (words[0].is_punct or words[0].is_space):
        words.pop(0)
    return _run(words)


def _run(words: list[Token]) -> list[Token]:
    """The first unbroken run of ``words``: a span must be one piece of text."""
    out: list[Token] = []
    for t in words:
        if out and t.i != out[-1].i + 1:
            break
        out.append(t)
    return out


def _clause_after(marker: list[Token], sent: Any) -> list[Token]:
    """"provided the other side does the same": the clause the marker opens."""
    last = marker[-1]
    obj = next((c for c in last.children if c.dep_ in ("pobj", "pcomp")), None)
    if last.dep_ == "prep" and obj is not None:  # "in exchange for X"
        return _phrase(obj)
    clause = last.head if last.dep_ == "mark" else next(
        (c for c in last.children if c.dep_ in ("ccomp", "advcl")), None)
    if clause is None:  # "provided" parsed as a preposition, its clause a sibling
        clause = next((c for c in last.head.children if c.dep_ in ("ccomp", "advcl")
                       and c.i > last.i), None)
    if clause is None or clause.i < last.i or clause.i >= sent.end:
        return []
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return []  # "provided no details": a verb, not a condition
    words = [t for t in clause.subtree if t.i > last.i]
    if words and words[0].lower_ == "that":
        words = words[1:]
    return _phrase_words(words)


def _phrase_words(words: list[Token]) -> list[Token]:
    while words and (words[-1].is_punct or words[-1].is_space):
        words.pop()
    while words and (words[0].is_punct or words[0].is_space):
        words.pop(0)
    return _run(words)


def _without_nested(found: list[ConditionCand]) -> list[ConditionCand]:
    """A condition inside another one found in the same sentence is the same condition."""
    spans = [(c.tokens[0].i, c.tokens[-1].i) for c in found]
    kept: list[ConditionCand] = []
    for n, cand in enumerate(found):
        s, e = spans[n]
        inside = any((s2 <= s and e <= e2) and (s2, e2) != (s, e) for s2, e2 in spans)
        if not inside and (s, e) not in [(k.tokens[0].i, k.tokens[-1].i) for k in kept]:
            kept.append(cand)
    return kept
