"""The diary CSV contract: accepts the spec's examples, rejects bad files whole, round-trips."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gutbrain.domain.entries import Kind
from gutbrain.domain.rules import make_entry
from gutbrain.io.diary_csv import CsvImportError, read_diary_csv, write_diary_csv
from gutbrain.services import diary as svc
from gutbrain.services import transfer

DATA = Path(__file__).parent / "data"
DIARY = uuid.UUID(int=1)


def test_spec_examples_import(ctx: svc.Context) -> None:
    result = transfer.import_csv(ctx, (DATA / "spec_examples.csv").read_text())
    assert result.rows == 16
    assert result.added == 16
    entries = {(e.kind, e.name): e for e in svc.list_entries(ctx)}
    attack = entries[(Kind.ATTACK, "migraine")]
    assert attack.intensity == 7
    assert attack.aura and attack.symptoms == ("nausea", "photophobia")
    assert attack.duration == timedelta(hours=8, minutes=30)
    assert attack.local_start.hour == 14  # local time in the diary's zone
    coffee = entries[(Kind.DRINK, "coffee")]
    assert coffee.start == datetime(2026, 3, 2, 7, 15, tzinfo=UTC)  # +01:00 converted
    probiotic = entries[(Kind.SUPPLEMENT, "Lactobacillus rhamnosus GG")]
    assert probiotic.amount == 1e10
    assert not probiotic.start_has_time
    period = entries[(Kind.MENSTRUATION, "period")]
    assert period.end_day is not None and (period.end_day - period.day).days == 4
    cov = svc.coverage(ctx)
    assert cov is not None
    assert cov.days_missing == 1 and cov.days_total == 6


def test_reimport_adds_nothing(ctx: svc.Context) -> None:
    text = (DATA / "spec_examples.csv").read_text()
    transfer.import_csv(ctx, text)
    again = transfer.import_csv(ctx, text)
    assert again.added == 0 and again.skipped == 16


def test_bad_file_rejected_whole_naming_each_line(ctx: svc.Context) -> None:
    transfer.import_csv(ctx, (DATA / "spec_examples.csv").read_text())
    before = transfer.export_csv(ctx)
    with pytest.raises(CsvImportError) as info:
        transfer.import_csv(ctx, (DATA / "bad_lines.csv").read_text())
    lines = {p.line: p.reason for p in info.value.problems}
    assert set(lines) == {7, 12}
    assert "2026-02-30" in lines[7] and "not a real date" in lines[7]
    assert "unknown kind 'snack'" in lines[12]
    assert "line 7" in str(info.value) and "nothing was written" in str(info.value)
    assert transfer.export_csv(ctx) == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2026-03-02T14:00,attack,migraine,,,,11,,", "intensity 11 is outside 0–10"),
        ("2026-03-02T14:00,attack,migraine,2026-03-02T10:00,,,5,,", "end is before start"),
        ("2026-03-02T14:00,symptom,stool,,9,bristol,,,", "Bristol stool type 9 is not one of 1–7"),
        ("2026-03-02T14:00,food,,,,,,,", "name is empty"),
        ("2026-03-02T14:00,food,apple,,lots,,,,", "amount 'lots' is not a number"),
        ("2026-03-02T14:00,stress,work,,,,6.5,,", "not a whole number"),
        ("03/02/2026,food,apple,,,,,,", "not an ISO 8601"),
        ("2026-03-02T25:00,food,apple,,,,,,", "does not have a real time of day"),
        ("2026-03-02T14:00,sleep,sleep,2026-03-04T14:00,,,,,", "cannot last 48 h"),
        ("2062-03-02T14:00,food,apple,,,,,,", "more than a year in the future"),
        ("1826-03-02,food,apple,,,,,,", "before 1900"),
    ],
)
def test_impossible_values_are_refused_with_reason(row: str, message: str) -> None:
    text = "start,kind,name,end,amount,unit,intensity,tags,notes\n" + row + "\n"
    with pytest.raises(CsvImportError) as info:
        read_diary_csv(text, diary_id=DIARY, tz="Europe/Berlin")
    assert info.value.problems[0].line == 2
    assert message in info.value.problems[0].reason


def test_header_problems_and_bom_and_unknown_columns() -> None:
    with pytest.raises(CsvImportError, match="required column 'kind'"):
        read_diary_csv("start,name\n2026-03-01,apple\n", diary_id=DIARY, tz="UTC")
    with pytest.raises(CsvImportError, match="empty"):
        read_diary_csv("", diary_id=DIARY, tz="UTC")
    text = "\ufeffStart,KIND,Name,Mood\n2026-03-01,food,apple,happy\n"
    (entry,) = read_diary_csv(text, diary_id=DIARY, tz="UTC")
    assert entry.notes == "mood: happy"  # unknown columns are kept, never dropped
    with pytest.raises(CsvImportError, match="fields but the header has"):
        read_diary_csv("start,kind,name\n2026-03-01,food,apple,extra\n", diary_id=DIARY, tz="UTC")


def test_quoted_fields_and_multiline_notes_keep_line_numbers() -> None:
    text = (
        "start,kind,name,notes\n"
        '2026-03-01T08:00,food,"bread, butter","line one\nline two"\n'
        "2026-03-01T09:00,bogus,apple,\n"
    )
    with pytest.raises(CsvImportError) as info:
        read_diary_csv(text, diary_id=DIARY, tz="UTC")
    assert [p.line for p in info.value.problems] == [4]


def test_demo_diary_round_trips_identically(ctx: svc.Context, demo_diary) -> None:  # type: ignore[no-untyped-def]
    first = write_diary_csv(demo_diary.entries)
    transfer.import_csv(ctx, first)
    assert transfer.export_csv(ctx) == first


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")


@st.composite
def entries(draw: st.DrawFn) -> object:
    kind = draw(st.sampled_from([k for k in Kind if k not in (Kind.SYMPTOM,)]))
    start = draw(
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 1, 1))
    ).replace(second=0, microsecond=0, tzinfo=UTC)
    has_time = draw(st.booleans())
    tz = draw(st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]))
    if not has_time:
        from zoneinfo import ZoneInfo

        local = start.astimezone(ZoneInfo(tz))
        start = local.replace(hour=0, minute=0)
    end = None
    if kind in (Kind.ATTACK, Kind.SLEEP, Kind.EXERCISE) and has_time and draw(st.booleans()):
        end = start + timedelta(minutes=draw(st.integers(1, 600)))
    return make_entry(
        diary_id=DIARY,
        kind=kind,
        name=draw(names),
        start=start,
        tz=tz,
        start_has_time=has_time,
        end=end,
        amount=draw(st.none() | st.floats(0, 1e12, allow_nan=False).map(lambda x: round(x, 3))),
        unit=draw(st.none() | st.sampled_from(["g", "ml", "mg", "CFU", "hPa", "slice"])),
        intensity=draw(st.none() | st.integers(0, 10)),
        tags=draw(
            st.lists(st.sampled_from(["aura", "nausea", "acute", "gi", "probiotic"]), max_size=3)
        ),
        notes=draw(st.text(st.characters(blacklist_characters="\x00"), max_size=40)),
        details=draw(st.sampled_from([{}, {"flow": "light"}, {"effect": "good"}]))
        if kind in (Kind.MENSTRUATION, Kind.MEDICATION)
        else {},
    )


@given(st.lists(entries(), max_size=25))
def test_export_import_export_is_identical(batch: list) -> None:  # type: ignore[type-arg]
    first = write_diary_csv(batch)
    again = read_diary_csv(first, diary_id=DIARY, tz="UTC")
    assert write_diary_csv(again) == first


# -- hostile files ---------------------------------------------------------------------
HEADER = "start,kind,name,end,amount,unit,intensity,tags,notes\n"


def refused(data: str | bytes) -> list[tuple[int, str]]:
    with pytest.raises(CsvImportError) as info:
        read_diary_csv(data, diary_id=DIARY, tz="UTC")
    return [(p.line, p.reason) for p in info.value.problems]


def test_unbalanced_quote_swallowing_the_rest_of_the_file_is_refused() -> None:
    text = (
        HEADER
        + "2026-03-01T08:00,food,apple,,,,,,\n"
        + '2026-03-02T08:00,food,"pear,,,,,,\n'
        + "2026-03-03T08:00,food,plum,,,,,,\n"
        + "2026-03-04T08:00,food,fig,,,,,,\n"
    )
    ((line, reason),) = refused(text)
    assert line == 3 and "unbalanced quote" in reason and "never closed" in reason


def test_unbalanced_quote_that_merges_rows_is_refused() -> None:
    # the stray quote pairs with a later one that happens to sit before a comma
    text = (
        HEADER
        + '2026-03-02T08:00,food,"pear,,,,,,\n'
        + '2026-03-03T08:00,food,plum",,,,,,\n'
        + "2026-03-04T08:00,food,fig,,,,,,\n"
    )
    ((line, reason),) = refused(text)
    assert line == 2 and "'name' field runs over lines 2–3" in reason


def test_open_quote_in_notes_swallowing_rows_is_refused() -> None:
    text = (
        HEADER
        + '2026-03-02T08:00,food,pear,,,,,,"he said\n'
        + '2026-03-03T08:00,food,plum,,,,,,"\n'
        + "2026-03-04T08:00,food,fig,,,,,,\n"
    )
    ((line, reason),) = refused(text)
    assert line == 2 and "unbalanced quote" in reason


def test_stray_quote_after_a_closed_one_is_refused_with_its_line() -> None:
    text = (
        HEADER + "2026-03-02T08:00,food,apple,,,,,,\n" + '2026-03-02T09:00,food,"big" apple,,,,,,\n'
    )
    ((line, reason),) = refused(text)
    assert line == 3 and "malformed quoting" in reason


def test_multiline_notes_that_are_just_prose_are_fine() -> None:
    text = HEADER + '2026-03-02T08:00,food,pear,,,,,,"first line\nsecond, with a comma\n"\n'
    (entry,) = read_diary_csv(text, diary_id=DIARY, tz="UTC")
    assert entry.notes == "first line\nsecond, with a comma\n"


def test_nul_bytes_are_refused_naming_each_line() -> None:
    text = HEADER + "2026-03-02T08:00,food,ap\x00ple,,,,,,\n2026-03-03,food,pear,,,,,,\n\x00\n"
    problems = refused(text)
    assert [line for line, _ in problems] == [2, 4]
    assert all("NUL" in reason for _, reason in problems)


def test_invalid_utf8_names_the_line_and_column() -> None:
    raw = (HEADER + "2026-03-02T08:00,food,apple,,,,,,\n2026-03-03T08:00,food,caf").encode()
    raw += b"\xe9,,,,,,\n"  # Latin-1 é
    ((line, reason),) = refused(raw)
    assert line == 3 and "not UTF-8" in reason and "0xe9" in reason and "column 26" in reason


def test_bom_with_bytes_is_tolerated() -> None:
    raw = b"\xef\xbb\xbf" + (HEADER + "2026-03-02T08:00,food,apple,,,,,,\n").encode()
    (entry,) = read_diary_csv(raw, diary_id=DIARY, tz="UTC")
    assert entry.name == "apple"


@pytest.mark.parametrize(
    "notes", ["trailing spaces   ", "trailing newline\n", "\r\nboth\r\n  ", "  lead", '"quoted"\n']
)
def test_notes_are_kept_byte_for_byte(ctx: svc.Context, notes: str) -> None:
    entry = make_entry(
        diary_id=ctx.diary_id, kind="food", name="apple",
        start=datetime(2026, 3, 2, 8, tzinfo=UTC), tz="UTC", notes=notes,
    )  # fmt: skip
    text = write_diary_csv([entry])
    transfer.import_csv(ctx, text.encode())
    (stored,) = svc.list_entries(ctx)
    assert stored.notes == notes
    assert transfer.export_csv(ctx) == text


def test_cli_reports_hostile_file_line_and_writes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gutbrain.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "2026-03-02T08:00,food,apple,,,,,,\n").encode() + b"caf\xe9\n")
    db = str(tmp_path / "d.sqlite")
    result = CliRunner().invoke(main, ["import", "csv", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "line 3: not UTF-8" in result.output
    assert CliRunner().invoke(main, ["list", "--json", "--db", db]).output.strip() == "[]"


@given(
    st.lists(entries(), max_size=10),
    st.text(st.characters(blacklist_characters="\x00"), max_size=20),
)
def test_round_trip_keeps_notes_exactly(batch: list, tail: str) -> None:  # type: ignore[type-arg]
    from dataclasses import replace

    batch = [replace(e, notes=e.notes + tail) for e in batch]
    again = read_diary_csv(write_diary_csv(batch), diary_id=DIARY, tz="UTC")
    assert sorted(e.notes for e in again) == sorted(e.notes for e in batch)


def test_a_runaway_field_is_refused_with_its_line() -> None:
    text = (
        HEADER
        + "2026-03-02T08:00,food,apple,,,,,,\n"
        + '2026-03-02,food,"pear'
        + "x" * 200_000
        + '",,,,,,\n'
    )
    ((line, reason),) = refused(text)
    assert line == 3 and "runs past 131,072 characters" in reason
