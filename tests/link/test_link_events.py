from __future__ import annotations

from pathlib import Path
from typing import Any

from ceasefire.link import link_store
from ceasefire.link.events import reconcile
from ceasefire.query import ClusterFilter, merged_events
from ceasefire.schema import Fatalities, SourceFigure
from ceasefire.store.duckdb import Store


def _reports(Report: Any) -> list[Any]:
    """Three outlets on one night's shelling of Tripoli, each with its own toll; a shelling
    in Sirte the same night; a later report repeating the war's aggregate toll."""
    a = Report("a.txt", "2020-01-22")
    a.event("Rockets hit the airport, killing five.", "ASSAULT", "2020-01-22",
            ["act:lna"], [], "geo:tripoli", deaths=5)
    a.event("Shelling hit Sirte.", "ASSAULT", "2020-01-22", ["act:gna"], [], "geo:sirte")
    a.event("Talks are planned.", "CONSULT", "2020-01-25", ["act:gna"], status="planned")
    b = Report("b.txt", "2020-01-23")
    b.event("The strike killed seven people in Tajura.", "ASSAULT", "2020-01-23",
            ["act:haftar"], [], "geo:tajura", deaths=7)
    c = Report("c.txt", "2020-01-23")
    c.event("At least six died in the attack.", "ASSAULT", "2020-01-22", ["act:lna"], [], "geo:LBY",
            deaths=6, high=9)
    c.aggregate("Since April, 2,000 fighters have been killed.", "2020-01-22", 2000)
    d = Report("d.txt", "2020-01-30")
    d.event("Rockets again hit the airport.", "ASSAULT", "2020-01-29", ["act:lna"], [],
            "geo:tripoli", deaths=1)
    return [a, b, c, d]


def test_reports_of_one_attack_merge_and_keep_each_figure(tmp_path: Path, kit: Any) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        kit.store_reports(store, _reports(kit.Report))
        link_store(store)
        clusters = merged_events(store, ClusterFilter(types=("assault",)))
    shelling = [c for c in clusters if c["n_sources"] == 3]
    assert len(shelling) == 1
    merged = shelling[0]
    # Five, seven, "at least six (up to nine)": low 5, best the median 6, high 9.
    assert merged["fatalities"] == {"low": 5, "best": 6, "high": 9}
    assert sorted(s["fatalities"]["best"] for s in merged["sources"]) == [5, 6, 7]
    assert merged["place"]["id"] in ("geo:tripoli", "geo:tajura")  # a city, not the country
    assert merged["date"] == "2020-01-22" and merged["end_date"] == "2020-01-23"
    # Sirte (another province) and the attack a week later stay apart; the aggregate toll and
    # the planned talks make no cluster at all.
    assert len(clusters) == 3
    assert all(c["fatalities"] is None or c["fatalities"]["best"] != 2000 for c in clusters)
    assert merged_events(store_path_types(tmp_path), ClusterFilter(types=("CONSULT",))) == []


def store_path_types(tmp_path: Path) -> Store:
    return Store(tmp_path / "a.duckdb", read_only=True)


def test_filters_and_min_sources(tmp_path: Path, kit: Any) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        kit.store_reports(store, _reports(kit.Report))
        link_store(store)
        assert len(merged_events(store, ClusterFilter(min_sources=2))) == 1
        late = merged_events(store, ClusterFilter(since="2020-01-28"))
        assert [c["date"] for c in late] == ["2020-01-29"]


def test_reconcile_rule() -> None:
    figures = [SourceFigure("d1", "e1", 10, 10, 10), SourceFigure("d2", "e2", 12, 12, 20),
               SourceFigure("d2", "e3", 3, 3, 3), SourceFigure("d3", "e4", 30, None, None)]
    # d2 counts once (its larger figure); "at least 30" raises the high end; the best is
    # the lower median of the best figures given (10, 12).
    assert reconcile(figures) == Fatalities(10, 10, 30)
    assert reconcile([]) is None


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "clusters": "SELECT * FROM event_clusters ORDER BY cluster_id",
        "members": "SELECT cluster_id, component, event_id FROM event_cluster_members "
                   "ORDER BY event_id",
        "agreements": "SELECT * FROM linked_agreements ORDER BY agreement_id",
        "agreement_members": "SELECT * FROM linked_agreement_members ORDER BY member_id",
    }
    return {k: store.con.execute(q).fetchall() for k, q in queries.items()}


def test_incremental_batches_equal_one_run(tmp_path: Path, kit: Any) -> None:
    reports = _reports(kit.Report) + kit.libya()
    with Store(tmp_path / "one.duckdb") as store:
        kit.store_reports(store, reports)
        link_store(store)
        expected = _tables(store)
    assert len(expected["clusters"]) == 3 and len(expected["agreements"]) == 2
    for order in ([0, 5, 2, 7], [8, 1, 3], [4, 6]), ([6, 4, 8], [3, 2, 1, 0], [7, 5]):
        with Store(tmp_path / f"inc{order[0][0]}.duckdb") as store:
            for batch in order:
                kit.store_reports(store, [reports[i] for i in batch])
                link_store(store)
            assert _tables(store) == expected


def test_rebuild_and_restored_report_give_the_same_links(tmp_path: Path, kit: Any) -> None:
    reports = _reports(kit.Report) + kit.libya()
    with Store(tmp_path / "a.duckdb") as store:
        kit.store_reports(store, reports)
        link_store(store)
        expected = _tables(store)
        kit.store_reports(store, reports[1:2])  # the same report stored again
        link_store(store, [reports[1].doc_id])
        assert _tables(store) == expected
        assert link_store(store).documents == 0  # nothing new
        link_store(store, rebuild=True)
        assert _tables(store) == expected
