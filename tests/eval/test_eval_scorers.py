"""Each set's scorer on records built by hand (no model): what counts as right, and why."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.eval import case2021, halterman, petrarch2, plover, ucdp
from ceasefire.eval.cases import Case, Prediction
from ceasefire.eval.predict import event_at, main_event
from ceasefire.extract.triggers import Trigger
from ceasefire.schema import (
    Actor,
    DocumentMeta,
    Event,
    EventTime,
    Fatalities,
    Place,
    Quantity,
    Record,
    Span,
    TimeExpr,
)


def span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def actor(id_: str, name: str, country: str | None, sector: str | None,
          mentions: tuple[Span, ...] = ()) -> Actor:
    return Actor(id_, name, country, sector, kb=True, mentions=mentions)


def event(text: str, trigger: str, type_: str = "ASSAULT", **kw: Any) -> Event:
    fields: dict[str, Any] = dict(
        id="evt:x:0", type=type_, mode=None, cameo=None, acled=None, source=(), target=(),
        place=None, time=None, fatalities=None, status="asserted", attributed_to=None,
        evidence=Span(0, len(text), text), trigger=span(text, trigger))
    fields.update(kw)
    return Event(**fields)


def record(text: str, published: str | None = None, **kw: Any) -> Record:
    return Record(DocumentMeta("d" * 64, "test", published=published), text=text, **kw)


def predicted(rec: Record) -> Prediction:
    return Prediction(rec, main_event(rec))


# --------------------------------------------------------------------------- plover


def test_plover_type_and_country_f1() -> None:
    text = "Ruritanian troops shelled a Freedonian border post."
    rur = actor("act:a", "Ruritanian troops", "AUT", "MIL")
    fre = actor("act:b", "Freedonian border post", "CHE", "GOV")
    rec = record(text, actors=(rur, fre),
                 events=(event(text, "shelled", "FIGHT", source=("act:a",), target=("act:b",)),))
    gold = plover.PloverGold("ASSAULT", (plover.GoldActor("AUT", "MIL"),),
                             (plover.GoldActor("CHE", "MIL"),))
    scores = plover.score([(Case("k", text, None, gold), predicted(rec))])
    assert scores["type_accuracy"].value == 1.0  # FIGHT (0.5b1) and ASSAULT are one type
    assert scores["actor_country_f1"].value == 1.0
    assert scores["actor_sector_f1"].value == pytest.approx(2 / 3)  # MIL right, GOV wrong
    assert scores["source_country_f1"].value == 1.0
    assert scores["target_country_f1"].value == 1.0


def test_plover_05b1_coerce_modes_moved_to_assault() -> None:
    # PLOVER 0.5b1 filed property destruction and violent repression under COERCE; the
    # current CAMEO-to-PLOVER table files them under ASSAULT.
    assert plover.plover_type("COERCE", "destroy") == "ASSAULT"
    assert plover.plover_type("COERCE", "firearms") == "ASSAULT"
    assert plover.plover_type("COERCE", "arrest") == "COERCE"
    assert plover.plover_type("COERCE") == "COERCE"


def test_plover_without_events_scores_zero_type_and_roles() -> None:
    text = "Officials met."
    gold = plover.PloverGold("CONSULT", (plover.GoldActor("USA", "GOV"),), ())
    scores = plover.score([(Case("k", text, None, gold), predicted(record(text)))])
    assert scores["type_accuracy"].value == 0.0
    assert scores["actor_country_f1"].value == 0.0 and scores["actor_country_f1"].n == 1
    assert scores["target_country_f1"].value is None  # no gold target, nothing predicted


# --------------------------------------------------------------------------- case 2021


@pytest.mark.parametrize(("sub_type", "code"), [
    ("Air/drone strike", "AIR_STRIKE"), ("  Armed   clash ", "ARMED_CLASH"),
    ("Remote explosive/landmine/IED", "REM_EXPLOS"), ("ARREST", "ARREST"),
    ("Something else", None),
])
def test_acled_names_map_to_task_codes(sub_type: str, code: str | None) -> None:
    assert case2021.acled_code(sub_type) == code


STRIKE = ("Explosions/Remote violence", "Air/drone strike")


def _trigger(text: str, words: str, kind: str, *, cameo: str | None = None,
             acled: tuple[str, str] | None = None, depth: int = 0) -> Trigger:
    return Trigger(0, span(text, words), kind, None, cameo, acled, "asserted", None, 0, depth)


def _labelled(text: str, *triggers: Trigger, context: str | None = None) -> str:
    return case2021.predicted_label(Prediction(record(text), None, triggers, context))


def test_case_label_order_of_preference() -> None:
    text = "The army accused the rebels of an airstrike that hit the depot."
    accuse = _trigger(text, "accused", "ACCUSE", cameo="11")
    strike = _trigger(text, "airstrike", "ASSAULT", acled=STRIKE, depth=2)
    # an accusation about a violent event is labelled by the event
    assert _labelled(text, accuse, strike) == "AIR_STRIKE"
    # a claim of responsibility is ATTRIB; an accusation alone too
    claim = _trigger(text, "accused", "ACCUSE", cameo="01")
    assert _labelled(text, claim, strike) == "ATTRIB"
    assert _labelled(text, accuse) == "ATTRIB"
    # no ACLED event: the report's context, else diplomacy
    talk = _trigger(text, "accused", "CONSULT", cameo="04")
    assert _labelled(text, talk) == "DIPLO"
    assert _labelled(text, talk, context="crime") == "ORG_CRIME"
    assert _labelled(text, context="natural_disaster") == "NATURAL_DISASTER"
    assert _labelled(text) == "DIPLO"


def test_case_scores_over_all_and_over_acled_classes() -> None:
    text = "An airstrike hit the depot."
    strike = _trigger(text, "airstrike", "ASSAULT", acled=STRIKE)
    rows = [(Case("1", text, None, "AIR_STRIKE"), Prediction(record(text), None, (strike,))),
            (Case("2", text, None, "ORG_CRIME"), Prediction(record(text), None))]
    scores = case2021.score(rows)
    assert scores["accuracy"].value == 0.5
    assert scores["weighted_f1"].value == pytest.approx(0.5)  # AIR_STRIKE 1.0, ORG_CRIME 0
    assert scores["weighted_f1_acled25"].value == 1.0 and scores["weighted_f1_acled25"].n == 1


# -------------------------------------------------------------------------- halterman


def _located(text: str, verb: str, place_words: str | None) -> Record:
    place = None
    places: tuple[Place, ...] = ()
    if place_words:
        places = (Place("geo:1", place_words, "city", "ITA", None, None, None, "city",
                        (span(text, place_words),)),)
        place = "geo:1"
    return record(text, places=places, events=(event(text, verb, place=place),))


def test_halterman_location_right_wrong_and_absent() -> None:
    text = "Gunmen attacked a convoy near Sorrento, police in Naples said."
    gold = halterman.LocationGold(span(text, "attacked"), (span(text, "Sorrento"),))
    right = _located(text, "attacked", "Sorrento")
    wrong = _located(text, "attacked", "Naples")
    none = _located(text, "attacked", None)
    rows = [(Case(str(i), text, None, gold), predicted(r)) for i, r in
            enumerate((right, wrong, none))]
    no_gold = halterman.LocationGold(gold.verb, ())
    rows.append((Case("9", text, None, no_gold), predicted(none)))
    scores = halterman.score(rows)
    assert scores["location_accuracy"].value == 0.5  # right, and the true "nowhere"
    assert scores["location_accuracy_located"].value == pytest.approx(1 / 3)
    assert scores["event_found"].value == 1.0


def test_halterman_event_must_sit_on_the_gold_verb() -> None:
    text = "Gunmen attacked a convoy near Sorrento and fled."
    gold = halterman.LocationGold(span(text, "fled"), ())
    rec = _located(text, "attacked", "Sorrento")
    assert event_at(rec, gold.verb.start, gold.verb.end) is None
    scores = halterman.score([(Case("1", text, None, gold), predicted(rec))])
    assert scores["event_found"].value == 0.0 and scores["location_accuracy"].value == 1.0


def test_halterman_verb_absorbed_by_a_trigger_is_that_triggers_event() -> None:
    text = "Four guards were killed in an airstrike near Sorrento."
    gold = halterman.LocationGold(span(text, "killed"), (span(text, "Sorrento"),))
    rec = _located(text, "airstrike", "Sorrento")
    airstrike = span(text, "airstrike")
    took_in = Trigger(0, airstrike, "ASSAULT", None, "19", None, "asserted", None,
                      absorbed=(span(text, "killed"),))
    bare = Trigger(0, airstrike, "ASSAULT", None, "19", None, "asserted", None)
    scores = halterman.score([
        (Case("1", text, None, gold), Prediction(rec, main_event(rec), (took_in,))),
        (Case("2", text, None, gold), Prediction(rec, main_event(rec), (bare,))),
    ])
    assert scores["event_found"].value == 0.5  # only where the trigger took "killed" in
    assert scores["location_accuracy"].value == 0.5


def test_moved_spans_follow_cleaned_text_and_keep_the_invariant() -> None:
    source = "  Rebels  shelled Alpha and Alpha again."
    target = "Rebels shelled Alpha and Alpha again."
    moved = halterman.moved(span(source, "Alpha", 20), source, target)
    assert moved is not None and target[moved.start:moved.end] == moved.text
    assert moved.start == target.index("Alpha", 20)  # the nearer of the two
    assert halterman.moved(Span(0, 4, "Zulu"), source, target) is None


# -------------------------------------------------------------------------- petrarch2


def test_petrarch2_root_agreement_and_f1() -> None:
    text = "The envoy visited the capital and praised the talks."
    visit = event(text, "visited", "CONSULT", cameo="04")
    praise = event(text, "praised", "SUPPORT", cameo="05")
    gold: list[frozenset[str]] = [frozenset({"04"}), frozenset(), frozenset()]
    records = [record(text, events=(visit, praise)), record(text),
               record(text, events=(praise,))]
    rows = [(Case(str(i), text, None, g), predicted(r))
            for i, (g, r) in enumerate(zip(gold, records, strict=True))]
    scores = petrarch2.score(rows)
    assert scores["root_agreement"].value == pytest.approx(2 / 3)
    # tp 1 (04), fp 2 (05 twice), fn 0
    assert scores["root_f1"].value == pytest.approx(2 / (2 + 2))


# ------------------------------------------------------------------------------ ucdp


GOLD = ucdp.UcdpGold("Government of Syria", "Syrian insurgents", "Syria", "Idlib governorate",
                     date(2021, 3, 4), date(2021, 3, 4), 2, 5)


def _ucdp_record(**kw: Any) -> Record:
    text = "Syrian troops shelled rebels in Maarrat, Idlib, on Thursday, killing three."
    base: dict[str, Any] = dict(
        actors=(actor("act:sy", "Syrian troops", "SYR", "MIL"),
                actor("act:r", "rebels", None, "REB")),
        places=(Place("geo:9", "Maarrat", "city", "SYR", "Idlib", None, None, "city",
                      (span(text, "Maarrat"),)),),
        times=(TimeExpr("on Thursday", 45, 56, "2021-03-04", None, "day", "published+tense"),),
        quantities=(Quantity("killed", "unknown", 3, 3, 3, Span(0, len(text), text)),),
    )
    base.update(kw)
    return record(text, "2021-03-06", **base)


def test_ucdp_report_level_reading_scores_every_field() -> None:
    judged = ucdp.judge(GOLD, predicted(_ucdp_record()))
    assert judged == {"side_a": True, "side_b": True, "sides_in_event": False,
                      "country": True, "admin1": True, "date": True, "deaths": True}


def test_ucdp_main_event_overrides_report_readings() -> None:
    rec = _ucdp_record()
    text = rec.text
    shelled = event(text, "shelled", source=("act:sy",), target=("act:r",),
                    time=EventTime("2021-03-01", "day"), fatalities=Fatalities(None, 9, None))
    judged = ucdp.judge(GOLD, predicted(Record(rec.document, text=text, actors=rec.actors,
                                               places=rec.places, times=rec.times,
                                               quantities=rec.quantities, events=(shelled,))))
    assert judged["sides_in_event"] is True
    assert judged["date"] is False  # 1 March is three days before the gold day
    assert judged["deaths"] is False  # 9 is outside 2..5


def test_ucdp_date_within_a_day_and_deaths_within_range() -> None:
    gold = ucdp.UcdpGold("IS", "Civilians", "Syria", "", date(2021, 3, 4), date(2021, 3, 6),
                         0, 1)
    rec = _ucdp_record(times=(TimeExpr("x", 0, 1, "2021-03-07", None, "day", "absolute"),),
                       quantities=())
    judged = ucdp.judge(gold, predicted(rec))
    assert judged["date"] is True  # one day after the range's end
    assert judged["deaths"] is True  # no figure reads as 0, inside 0..1
    assert judged["admin1"] is None  # no gold division: not scored


def test_ucdp_side_names() -> None:
    rec = _ucdp_record(actors=(
        actor("act:isis", "Islamic State", None, "REB"),
        actor("act:t", "Taliban", "AFG", "REB"),
        actor("act:v", "villagers", None, "CVL"),
        actor("act:gov", "Afghan army", "AFG", "MIL"),
    ))
    assert ucdp.side_found("IS", rec)  # acronym of the name
    assert ucdp.side_found("Taleban", rec)  # a second spelling of a long name
    assert ucdp.side_found("Civilians", rec)
    assert ucdp.side_found("Government of Afghanistan", rec)
    assert not ucdp.side_found("Government of Syria", rec)
    assert not ucdp.side_found("ISI", rec)  # short names must match exactly
    assert ucdp.side_found("Afghanistan insurgents", rec)
    assert not ucdp.side_found("SDF", rec)


def test_ucdp_state_forces_without_a_nationality_belong_to_the_events_country() -> None:
    rec = _ucdp_record(actors=(actor("act:f", "regime forces", None, "MIL"),
                               actor("act:r", "rebels", None, "REB")))
    assert ucdp.side_found("Government of Syria", rec, country="SYR")
    assert not ucdp.side_found("Government of Syria", rec, country="IRQ")
    assert not ucdp.side_found("Government of Syria", rec)  # no country: no guess
    both = "Government of Syria, Government of Iraq"  # listed sides must each be found
    assert not ucdp.side_found(both, rec, country="SYR")


def test_ucdp_side_name_forms() -> None:
    rec = _ucdp_record(actors=(
        actor("act:c", "Jalisco New Generation Cartel", "MEX", "CRM"),
        actor("act:s", "Sinaloa Cartel", "MEX", "CRM"),
        actor("act:y", "Yemeni government forces", "YEM", "MIL"),
    ))
    assert ucdp.side_found("Jalisco Cartel New Generation", rec)  # the same words reordered
    assert ucdp.side_found("Sinaloa Cartel - Los Mayos", rec)  # "Group - Faction"
    # A state body the knowledge base knows stands for its country's government.
    assert ucdp.side_found("Forces of the Presidential Leadership Council", rec)
    assert not ucdp.side_found("Gulf Cartel", rec)
    assert ucdp.side_forms("Forces of the Presidential Leadership Council") == [
        "Forces of the Presidential Leadership Council", "Presidential Leadership Council"]


def test_ucdp_country_and_division_names() -> None:
    assert ucdp.country_iso3("Myanmar (Burma)") == "MMR"
    assert ucdp.country_iso3("Nowhereland") is None
    assert ucdp.same_division("Hamah governorate", "SYR", "Hama")
    assert ucdp.same_division("Deir ez Zor governorate", "SYR", "Deir ez-Zor")
    assert not ucdp.same_division("Homs governorate", "SYR", "Hama")
    assert not ucdp.same_division("Homs governorate", "SYR", None)


def test_ucdp_score_leaves_unscorable_rows_out() -> None:
    gold = ucdp.UcdpGold("IS", "SDF", "Nowhereland", "", None, None, None, None)
    scores = ucdp.score([(Case("1", "x", None, gold), predicted(_ucdp_record()))])
    assert scores["country"].n == 0 and scores["country"].value is None
    assert scores["date"].n == 0 and scores["deaths"].n == 0
    assert scores["side_a"].n == 1
