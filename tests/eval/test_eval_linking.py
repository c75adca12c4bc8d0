from __future__ import annotations

from ceasefire.eval import agreements, merging
from ceasefire.eval.agreements import Story, _scores
from ceasefire.eval.runner import select_sets


def _action(day: str, name: str) -> dict[str, object]:
    return {"date": day, "action": name}


def test_story_scores_count_actions_dates_and_parties() -> None:
    story = Story("s", "ceasefire", frozenset({"act:isr", "act:hamas"}), ("i1",),
                  (("2025-01-15", frozenset({"signed"})),
                   ("2025-01-19", frozenset({"entered_into_force"}))))
    pick = {"kind": "truce", "parties": [{"actor": "act:netanyahu"}, {"actor": "act:hamas"},
                                         {"actor": "act:usa"}],
            "actions": [_action("2025-01-16", "signed"), _action("2025-01-19", "violated")]}
    scores = _scores([story], {"s": pick}, {"act:netanyahu": "act:isr"})
    assert scores["found"].value == 1.0  # a truce is a ceasefire
    assert scores["parties_f1"].value == 0.8  # 2 of 3 predicted right, both gold found
    assert scores["action_recall"].value == 0.5  # signed within a day; no entry into force
    assert scores["action_precision"].value == 0.5
    assert scores["action_dates"].value == 1.0


def test_unfound_story_scores_zero() -> None:
    story = Story("s", "peace", frozenset({"act:a"}), ("i1",),
                  (("2025-01-15", frozenset({"signed"})),))
    scores = _scores([story], {"s": None}, {})
    assert scores["found"].value == 0.0 and scores["action_recall"].value == 0.0


def test_linking_sets_are_registered_and_split_by_story() -> None:
    names = [s.name for s in select_sets([])]
    assert merging.NAME in names and agreements.NAME in names
    assert merging.SET.split_of("gaza|a.txt") == merging.SET.split_of("gaza|b.html")
    gold = agreements.stories()
    assert {s.id for s in gold} >= {"gaza-2025-01"}
    assert all(s.items and s.actions for s in gold)
    # enough stories that both splits have some: tune on dev, report test
    splits = [agreements.SET.split_of(f"{s.id}|x") for s in gold]
    assert len(gold) >= 10 and splits.count("dev") >= 3 and splits.count("test") >= 3
    assert len({i for s in gold for i in s.items}) == sum(len(s.items) for s in gold)
