"""Limits on one uploaded file, checked before any importer sees it (the web app's import).

A zip is measured by *decompressing* its members in memory, 1 MiB at a time, under a running
cap — never by trusting the sizes its header claims — so a zip bomb (2 MB holding 2 GB of
zeros) costs at most the cap in CPU and nothing on disk. One import runs per diary at a time.
The figures are stated in docs/server.md.
"""

from __future__ import annotations

import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from gutbrain.domain.errors import GutbrainError

#: An uploaded file (a diary CSV, a phone's export zip): 32 MiB.
MAX_UPLOAD_BYTES = 32 * 1024 * 1024
#: Everything in a zip, unpacked: 1 GiB (a multi-year Apple Health export.xml is ~0.3–1 GB).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
#: Unpacked ÷ packed: health exports compress 5–25×; a bomb compresses ~1000×. Below
#: ``RATIO_FLOOR`` unpacked the ratio is not applied (tiny zips compress well too).
MAX_RATIO = 100
RATIO_FLOOR = 16 * 1024 * 1024
MAX_MEMBERS = 10_000
#: Lines of a CSV: ten years of 50 entries a day is 180,000.
MAX_CSV_LINES = 250_000
CHUNK = 1024 * 1024


class UploadLimitError(GutbrainError):
    """An upload over a limit (the web app answers 413)."""

    http_status = 413


class ImportBusyError(GutbrainError):
    """Another import into the same diary is still running (the web app answers 429)."""

    http_status = 429


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB"


def check_upload(data: bytes) -> None:
    """Refuse a file over a limit, with the limit in the message; else return."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadLimitError(f"the file is larger than {_mib(MAX_UPLOAD_BYTES)} (the limit)")
    if data[:4] == b"PK\x03\x04":
        check_zip(data)
    elif data.count(b"\n") > MAX_CSV_LINES:
        raise UploadLimitError(f"the file has more than {MAX_CSV_LINES:,} lines (the limit)")


def unpacked_cap(packed: int) -> int:
    return min(MAX_UNPACKED_BYTES, max(RATIO_FLOOR, MAX_RATIO * packed))


def check_zip(data: bytes) -> int:
    """The zip's real unpacked size, streamed under ``unpacked_cap``; raises over it."""
    cap = unpacked_cap(len(data))
    total = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise UploadLimitError(f"the zip holds more than {MAX_MEMBERS:,} files (the limit)")
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(CHUNK):
                        total += len(chunk)
                        if total > cap:
                            raise UploadLimitError(_too_big(cap, len(data)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise GutbrainError(f"the zip cannot be read ({exc})") from exc
    return total


def _too_big(cap: int, packed: int) -> str:
    if cap == MAX_UNPACKED_BYTES:
        return f"the zip unpacks to more than {_mib(cap)} (the limit)"
    return (
        f"the zip unpacks to more than {MAX_RATIO} times its size ({_mib(cap)} from "
        f"{packed / (1024 * 1024):.1f} MiB; the limit): it is not a health export"
    )


_running: set[uuid.UUID] = set()
_guard = threading.Lock()


@contextmanager
def one_import_per_diary(diary_id: uuid.UUID) -> Iterator[None]:
    """Hold the diary's import slot (in this process), or raise ``ImportBusyError``."""
    with _guard:
        if diary_id in _running:
            raise ImportBusyError("an import into this diary is still running; try again later")
        _running.add(diary_id)
    try:
        yield
    finally:
        with _guard:
            _running.discard(diary_id)
