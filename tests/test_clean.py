from __future__ import annotations

from ceasefire.clean import clean

STORY = (
    "Rebels and army agree truce in the north\n\n"
    "Government forces and rebel fighters agreed to halt fighting on Friday, officials said.\n\n"
    "The truce is meant to let aid convoys reach the besieged town.\n\n"
)


def test_keeps_article_and_separates_paragraphs() -> None:
    result = clean(STORY)
    assert result.text.split("\n\n")[0] == "Rebels and army agree truce in the north"
    assert result.removed == ()


def test_drops_related_tail_only_near_the_end() -> None:
    text = STORY * 2 + "Related Articles\n\nAnother story headline\n\nAnd one more"
    result = clean(text)
    assert "Related Articles" not in result.text
    assert "Another story headline" not in result.text
    early = "Read more\n\n" + STORY + "A closing paragraph that is long enough to count."
    assert "Read more" in clean(early).text  # not in the tail, so it stays


def test_drops_captions_and_credits() -> None:
    text = STORY + (
        "This picture taken on March 3 shows smoke over the town. (Photo by\n\n"
        "Soldiers patrol the main road near the town [John Doe via AFP]\n\n"
        "Photo: a convoy waits at the checkpoint\n\n"
        "The talks resume next week."
    )
    result = clean(text)
    assert {r.reason for r in result.removed} == {"caption"}
    assert len(result.removed) == 3
    assert result.text.endswith("The talks resume next week.")


def test_drops_repeated_paragraphs_and_furniture() -> None:
    text = STORY + "Share on Facebook\n\nTweet\n\n" + STORY.split("\n\n")[1] + "\n\nEnd of report."
    result = clean(text)
    assert result.text.count("agreed to halt fighting") == 1
    assert sorted(r.reason for r in result.removed) == ["furniture", "furniture", "repeated"]


def test_normalises_spacing_and_line_endings() -> None:
    result = clean("First\u00a0 line\r\n\r\n\tSecond   li\u200bne  ")
    assert result.text == "First line\n\nSecond line"
