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


def test_event_pair_scores_count_mentions_across_reports() -> None:
    from types import SimpleNamespace as NS

    def event(eid: str, text: str, source: tuple[str, ...] = ()) -> NS:
        return NS(id=eid, type="ASSAULT", source=source, evidence=NS(text=text))

    def report(doc: str, *events: NS) -> NS:
        return NS(document=NS(id=doc), events=list(events))

    by_path = {"a": report("A", event("a1", "Shelling hit the airport"),
                           event("a2", "Clashes in the south")),
               "b": report("B", event("b1", "The airport was shelled")),
               "c": report("C", event("c1", "Clashes in the south again", ("act:x",)))}
    gold = [{"id": "airport", "type": "ASSAULT",
             "mentions": [{"report": "a", "words": ["airport"]},
                          {"report": "b", "words": ["airport"]},
                          {"report": "c", "words": ["airport"]}]},
            {"id": "south-a", "type": "ASSAULT",
             "mentions": [{"report": "a", "words": ["south"], "source": ""}]},
            {"id": "south-c", "type": "ASSAULT",
             "mentions": [{"report": "c", "words": ["south"], "source": "act:x"}]}]
    # Linking joined the airport pair and, wrongly, the two southern clashes.
    cluster = {"a1": "k1", "b1": "k1", "a2": "k2", "c1": "k2"}
    scores = merging._event_scores(gold, by_path, set(), cluster)
    assert scores["pair_recall"].value == 1.0 and scores["pair_recall"].n == 1
    assert scores["pair_precision"].value == 0.5  # one right pair of two made
    assert scores["mention_found"].value == 0.8  # of 5, the airport is not found in report c
    # A re-post pair is left to the re-post scores.
    copies = {frozenset(("A", "B"))}
    assert merging._event_scores(gold, by_path, copies, cluster)["pair_recall"].n == 0
