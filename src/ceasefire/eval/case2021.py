"""case2021-task2-acled-subtypes: the ACLED sub-event type of a news snippet.

Gold: the CASE 2021 shared task 2 test set, 25 ACLED sub-event types plus five classes
outside ACLED (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB), one label
per snippet. The snippet's label predicted from its triggers (see :func:`predicted_label`), with the
main trigger as ``extract.triggers.main_trigger`` picks it:

1. ATTRIB when the main trigger's sentence holds a claim of responsibility (ACCUSE with
   CAMEO root 01: "the group claimed the attack");
2. a main ACCUSE whose sentence holds a deeper trigger with an ACLED type takes that type
   (the accusation is about a violent event: the event is the label);
3. the main trigger's ACLED sub-event type, mapped to the task's code;
4. with no trigger: the report's non-event context (natural disaster, accident, organised
   crime) when it has one, else DIPLO;
5. a main ACCUSE without an ACLED event: ATTRIB; otherwise the context, else DIPLO.

Scores: weighted and macro F1 over all 30 classes (the subtask 3 setting) and weighted F1
over the rows of the 25 ACLED classes only (the subtask 1 setting of the 83.9 figure).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import (
    Case,
    GoldSet,
    Prediction,
    Published,
    Scored,
    read_delimited,
    unique_keys,
)
from ceasefire.eval.metrics import Score, accuracy, macro_f1, weighted_f1
from ceasefire.schema import Event

NAME = "case2021-task2-acled-subtypes"
FILE = "test_set_final_release_with_labels.tsv"

NO_EVENT = "NONE"
NON_CONFLICT = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO",
                          "ATTRIB"})
# ACLED sub-event types (codebook names) -> the task's codes.
ACLED_CODES = {
    "armed clash": "ARMED_CLASH",
    "government regains territory": "GOV_REGAINS_TERIT",
    "non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "chemical weapon": "CHEM_WEAP",
    "air/drone strike": "AIR_STRIKE",
    "suicide bomb": "SUIC_BOMB",
    "shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "remote explosive/landmine/ied": "REM_EXPLOS",
    "grenade": "GRENADE",
    "sexual violence": "SEX_VIOL",
    "attack": "ATTACK",
    "abduction/forced disappearance": "ABDUCT_DISSAP",
    "peaceful protest": "PEACE_PROTEST",
    "protest with intervention": "PROTEST_WITH_INTER",
    "excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "violent demonstration": "VIOL_DEMONSTR",
    "mob violence": "MOB_VIOL",
    "agreement": "AGREEMENT",
    "arrests": "ARREST",
    "change to group/activity": "CHANGE_TO_GROUP_ACT",
    "disrupted weapons use": "DISR_WEAP",
    "headquarters or base established": "HQ_ESTABLISHED",
    "looting/property destruction": "PROPERTY_DISTRUCT",
    "non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "other": "OTHER",
}
TASK_CODES = frozenset(ACLED_CODES.values()) | NON_CONFLICT
# PLOVER types of material conflict and mobilisation: ACLED codes these when it codes them
# at all, so an event of these types without an ACLED type is not "diplomatic".
MATERIAL_CONFLICT = frozenset({"ASSAULT", "FIGHT", "COERCE", "MOBILIZE", "PROTEST"})


def read(folder: Path) -> list[Case[Any]]:
    rows = read_delimited(folder / FILE, delimiter="\t")
    keys = unique_keys(r["id"] for r in rows)
    return [Case(k, r["EventSnippet"], None, r["SubType"].strip())
            for k, r in zip(keys, rows, strict=True)]


def acled_code(sub_type: str) -> str | None:
    """The task's code for an ACLED sub-event type ("Air/drone strike" -> AIR_STRIKE); a
    value already written as a task code is kept. None for anything else."""
    text = " ".join(sub_type.split()).casefold()
    if text in ACLED_CODES:
        return ACLED_CODES[text]
    code = re.sub(r"[^A-Z0-9]+", "_", sub_type.upper()).strip("_")
    return code if code in TASK_CODES else None


def _code(event: Event | None) -> str | None:
    return acled_code(event.acled[1]) if event is not None and event.acled else None


_CONTEXTS = {"natural_disaster": "NATURAL_DISASTER", "accident": "MAN_MADE_DISASTER",
             "crime": "ORG_CRIME"}


def predicted_label(prediction: Prediction) -> str:
    from ceasefire.extract.triggers import main_trigger

    triggers = prediction.triggers
    main = main_trigger(list(triggers))
    fallback = _CONTEXTS.get(prediction.context or "", "DIPLO")
    if main is None:
        return fallback
    same = [t for t in triggers if t.sentence == main.sentence]
    if any(t.type == "ACCUSE" and t.cameo == "01" for t in same):
        return "ATTRIB"
    if main.type == "ACCUSE":
        deeper = [t for t in same if t.acled and t.depth > main.depth]
        if deeper:
            return acled_code(deeper[0].acled[1]) or fallback
    if main.acled:
        return acled_code(main.acled[1]) or fallback
    return "ATTRIB" if main.type == "ACCUSE" else fallback


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    gold = [case.gold for case, _ in scored]
    predicted = [predicted_label(pred) for _, pred in scored]
    seen = [(g, p) for g, p in zip(gold, predicted, strict=True) if g not in NON_CONFLICT]
    return {
        "weighted_f1": weighted_f1(gold, predicted),
        "macro_f1": macro_f1(gold, predicted),
        "accuracy": accuracy(g == p for g, p in zip(gold, predicted, strict=True)),
        "weighted_f1_acled25": weighted_f1([g for g, _ in seen], [p for _, p in seen]),
    }


SET = GoldSet(
    name=NAME,
    files=(FILE,),
    scores=("weighted_f1", "macro_f1", "accuracy", "weighted_f1_acled25"),
    read=read,
    score=score,
    published={
        "weighted_f1_acled25": Published(0.839, "CASE 2021 task 2, best subtask 1"),
        "weighted_f1": Published(0.771, "CASE 2021 task 2, best subtask 3"),
    },
)
