"""Paths, folders, standard input, overrides, size limits and lazy reading."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from ceasefire.config import IngestConfig
from ceasefire.errors import E_TOO_LARGE, E_UNREADABLE, E_UNSUPPORTED, UsageError
from ceasefire.ingest import STDIN_NAME, iter_inputs
from ceasefire.schema import Input

REPORT = "Two aid workers were released on Thursday after a week in captivity, the agency said."


def _read(
    paths: list[str], config: IngestConfig | None = None, stdin: bytes | None = None
) -> list[Input]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_inputs(paths, config or IngestConfig(), stdin=stream))


def test_missing_path_raises_usage_error_before_reading(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    with pytest.raises(UsageError) as caught:
        iter_inputs([str(good), str(tmp_path / "missing.txt")], IngestConfig())
    assert "missing.txt" in str(caught.value)
    with pytest.raises(UsageError):
        iter_inputs(str(good), IngestConfig())  # one string, not a list of paths
    with pytest.raises(UsageError):
        iter_inputs(["-", "-"], IngestConfig())


def test_folder_recursion_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in (
        "b.txt",
        "a/z.md",
        "a/sub/y",
        "c.jsonl",
        "d.jsonlines",
        ".hidden.txt",
        ".git/config.txt",
        "a/.cache/x.txt",
        "README",
        "LICENSE.txt",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"text": REPORT}) if ".json" in name else REPORT
        path.write_text(body)
    items = _read([str(tmp_path)])
    relative = [os.path.relpath(i.path, tmp_path) for i in items]
    # A folder's own documentation (README, LICENSE, *.md) is not a report...
    assert relative == ["a/sub/y", "b.txt", "c.jsonl#1", "d.jsonlines#1"]
    assert all(i.text == REPORT for i in items)
    # ... but a file named explicitly is read whatever its name.
    assert [i.text for i in _read([str(tmp_path / "a" / "z.md")])] == [REPORT]
    assert [i.path for i in _read([str(tmp_path)])] == [i.path for i in items]


def test_unsupported_extension_is_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 binary")
    (item,) = _read([str(path)])
    assert item.rejection is not None
    assert item.rejection.code == E_UNSUPPORTED
    assert item.text is None


def test_oversize_file_is_rejected_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(REPORT * 20)
    (item,) = _read([str(path)], IngestConfig(max_bytes=100))
    assert item.rejection is not None
    assert item.rejection.code == E_TOO_LARGE
    assert "100-byte limit" in item.rejection.message
    (fits,) = _read([str(path)], IngestConfig(max_bytes=len(REPORT) * 20))
    assert fits.rejection is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(REPORT)
    path.chmod(0)
    try:
        (item,) = _read([str(path)])
    finally:
        path.chmod(0o600)
    assert item.rejection is not None
    assert item.rejection.code == E_UNREADABLE


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "1-empty.txt").write_bytes(b"")
    (tmp_path / "2-binary.txt").write_bytes(b"\x00\xff\x10" * 50)
    (tmp_path / "3-good.txt").write_text(REPORT)
    (tmp_path / "4-image.png").write_bytes(b"\x89PNG")
    items = _read([str(tmp_path)])
    assert [i.rejection.code if i.rejection else None for i in items] == [
        "E_EMPTY",
        "E_BINARY",
        None,
        "E_UNSUPPORTED",
    ]
    assert len({i.raw_sha256 for i in items}) == 4


def test_stdin_plain_text_report_with_header() -> None:
    raw = f"Title: Hostages freed\nSource: Example Wire\n\n{REPORT}\r\n".encode()
    (item,) = _read(["-"], stdin=raw)
    assert (item.path, item.title, item.source, item.text) == (
        STDIN_NAME,
        "Hostages freed",
        "Example Wire",
        REPORT,
    )


def test_stdin_json_lines() -> None:
    lines = ["", json.dumps({"text": REPORT}), "{broken", json.dumps({"text": REPORT + " Again."})]
    items = _read(["-"], stdin="\n".join(lines).encode())
    assert [i.path for i in items] == [f"{STDIN_NAME}#{n}" for n in (2, 3, 4)]
    assert [i.rejection.code if i.rejection else None for i in items] == [None, "E_BAD_JSON", None]


def test_stdin_html_page() -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>Hostages freed</title></head><body><article>"
        f"<p>{REPORT}</p><p>{REPORT.replace('Two', 'Three')}</p></article></body></html>"
    )
    (item,) = _read(["-"], stdin=page.encode())
    assert item.rejection is None
    assert item.text is not None
    assert REPORT in item.text
    assert "<p>" not in item.text
    assert item.title == "Hostages freed"


def test_stdin_over_the_limit() -> None:
    (item,) = _read(["-"], IngestConfig(max_bytes=50), stdin=REPORT.encode() * 3)
    assert item.rejection is not None
    assert item.rejection.code == E_TOO_LARGE


def test_overrides_fill_only_what_the_document_lacks(tmp_path: Path) -> None:
    with_header = tmp_path / "a.txt"
    with_header.write_text(f"Title: Own title\nPublished: 2020-01-14\n\n{REPORT}")
    bare = tmp_path / "b.txt"
    bare.write_text(REPORT)
    config = IngestConfig(title="CLI title", published="13 Jan 2020", source="CLI source")
    first, second = _read([str(with_header), str(bare)], config)
    assert (first.title, first.published, first.source) == ("Own title", "2020-01-14", "CLI source")
    assert (second.title, second.published, second.source) == (
        "CLI title",
        "2020-01-13",
        "CLI source",
    )
    with pytest.raises(UsageError):
        iter_inputs([str(bare)], IngestConfig(published="last week"))


def _fd_position(path: Path) -> int:
    """The read offset of this process's open descriptor on ``path`` (Linux /proc)."""
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                info = Path(f"/proc/self/fdinfo/{fd}").read_text()
                return int(info.split("pos:")[1].split()[0])
        except OSError:
            continue
    raise AssertionError(f"{path} is not open")


@pytest.mark.skipif(not Path("/proc/self/fdinfo").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".json"])
def test_large_corpus_is_read_lazily(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    n = 200_000
    if suffix == ".jsonl":
        body = "".join(f'{{"text": "Report {i} on the ceasefire line."}}\n' for i in range(n))
    elif suffix == ".csv":
        body = "id,text\n" + "".join(f"{i},Report {i} on the ceasefire line.\n" for i in range(n))
    else:
        body = "[" + ",\n".join(f'{{"text": "Report {i} on the line."}}' for i in range(n)) + "]"
    path.write_text(body)
    size = path.stat().st_size
    inputs = iter_inputs([str(path)], IngestConfig())
    first = next(inputs)
    assert first.text is not None
    assert first.text.startswith("Report 0 ")
    assert _fd_position(path) < min(size // 10, 1 << 20)
    second = next(inputs)
    assert second.text is not None
    assert second.text.startswith("Report 1 ")


class _CountingStream(io.RawIOBase):
    """A standard input that counts how many bytes were taken from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


def test_stdin_json_lines_are_read_lazily() -> None:
    data = "".join(json.dumps({"text": f"Report {i}."}) + "\n" for i in range(200_000)).encode()
    raw = _CountingStream(data)
    inputs = iter_inputs(["-"], IngestConfig(), stdin=io.BufferedReader(raw))
    assert next(inputs).text == "Report 0."
    assert raw.taken < 1 << 20 < len(data)
