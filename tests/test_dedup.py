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
