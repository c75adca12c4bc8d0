from __future__ import annotations

from ceasefire.dedup import DuplicateIndex, fingerprint, similarity
from ceasefire.errors import DUPLICATE_EXACT, DUPLICATE_NEAR

BASE = " ".join(
    f"Sentence {i} reports that the militia shelled district {i} of the city overnight."
    for i in range(30)
)


def test_exact_duplicate_ignores_case_and_spacing() -> None:
    index = DuplicateIndex()
    index.add("first", fingerprint(BASE))
    reason = index.check(fingerprint("  " + BASE.upper().replace(" ", "   ")))
    assert reason is not None and reason.code == DUPLICATE_EXACT
    assert reason.duplicate_of == "first"


def test_small_edit_is_a_near_duplicate() -> None:
    edited = BASE.replace("Sentence 7", "Paragraph seven") + " An editor added this line."
    index = DuplicateIndex()
    index.add("first", fingerprint(BASE))
    reason = index.check(fingerprint(edited))
    assert reason is not None and reason.code == DUPLICATE_NEAR


def test_different_report_is_new() -> None:
    other = " ".join(f"Talks on point {i} of the truce resumed in the capital." for i in range(30))
    index = DuplicateIndex()
    index.add("first", fingerprint(BASE))
    assert index.check(fingerprint(other)) is None
    assert similarity(fingerprint(BASE).signature, fingerprint(other).signature) < 0.2


def test_signatures_are_stable_across_calls() -> None:
    assert fingerprint(BASE) == fingerprint(BASE)
    assert len(fingerprint("one word").signature) == 128 * 4


def test_equal_scores_go_to_the_first_band_then_the_oldest() -> None:
    from ceasefire.dedup import Candidate, decide

    fp = fingerprint(BASE)
    same = fp.signature
    late_band, early_old, early_new = (Candidate(3, 1, "late-band", same),
                                       Candidate(0, 5, "early-old", same),
                                       Candidate(0, 9, "early-new", same))
    for order in ([late_band, early_new, early_old], [early_new, early_old, late_band]):
        reason = decide(fp, None, order, 0.8)
        assert reason is not None and reason.duplicate_of == "early-old"
    assert decide(fp, "exact-first", [early_old], 0.8) == decide(
        fp, "exact-first", [], 0.8)


def test_index_numbers_its_reports_after_an_earlier_one() -> None:
    index = DuplicateIndex(first_order=1000)
    index.add("a", fingerprint(BASE))
    index.add("b", fingerprint(BASE + " One more line about the truce talks."))
    orders = {c.doc_id: c.order for c in index.candidates(fingerprint(BASE))}
    assert orders == {"a": 1000, "b": 1001}
    assert len(index) == 2
