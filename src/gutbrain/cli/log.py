"""``gutbrain log …``: record anything in a few keystrokes."""

from __future__ import annotations

from datetime import datetime, timedelta

import click

from gutbrain.cli.output import summary
from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.entries import ANTIBIOTIC_TAG, PREVENTIVE_TAG, Entry, Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.domain.rules import DISABILITY, EFFECT, FLOW
from gutbrain.domain.when import parse_clock
from gutbrain.services import log as logsvc
from gutbrain.services.transfer import entry_to_json
from gutbrain.services.when import parse_when

WHEN_HELP = "When: now (default), 14:00, 7pm, yesterday 19:30, -2h, 2026-03-04 08:15."


def _when(state: AppState, text: str | None) -> tuple[datetime, bool]:
    return parse_when(text, state.ctx.now())


def _done(state: AppState, entries: list[Entry], verb: str = "Logged") -> None:
    if state.as_json:
        state.emit_json([entry_to_json(e) for e in entries])
        return
    for entry in entries:
        state.console.print(f"[green]{verb}[/green] {summary(entry)}")


at_option = click.option("--at", "at", metavar="WHEN", help=WHEN_HELP)


@click.group("log")
def log() -> None:
    """Record an attack, a meal, a medication, sleep, stress, GI symptoms, a period, …"""


@log.command("attack")
@click.option("--start", metavar="WHEN", help="When it started. " + WHEN_HELP)
@click.option("--end", metavar="WHEN", is_flag=False, flag_value="now", default=None,
              help="When it ended; alone (`--end`) it closes the ongoing attack now.")  # fmt: skip
@click.option("-i", "--intensity", type=click.IntRange(0, 10), help="Pain 0–10.")
@click.option("--aura", is_flag=True, help="There was an aura.")
@click.option(
    "--aura-type",
    type=click.Choice(["visual", "sensory", "speech", "motor", "brainstem", "retinal"]),
)
@click.option("-s", "--symptom", "symptoms", multiple=True, metavar="NAME",
              help="nausea, vomiting, photophobia, phonophobia, osmophobia, allodynia, neck pain… (repeatable)")  # fmt: skip
@click.option("--location", help="Where it hurts (temple, forehead, behind the eye…).")
@click.option("--side", type=click.Choice(["left", "right", "both", "varies"]))
@click.option("--disability", type=click.Choice(DISABILITY))
@click.option("--notes", default="")
@pass_state
def log_attack(state: AppState, start: str | None, end: str | None, intensity: int | None,
               aura: bool, aura_type: str | None, symptoms: tuple[str, ...], location: str | None,
               side: str | None, disability: str | None, notes: str) -> None:  # fmt: skip
    """An attack: starts now unless --start; close it later with `gutbrain log attack --end`."""
    ctx = state.ctx
    if end is not None and start is None:
        ended = logsvc.end_attack(ctx, end=_when(state, end)[0], intensity=intensity)
        _done(state, [ended], "Ended")
        return
    begin = _when(state, start)[0]
    finish = None if end is None else _when(state, end)[0]
    if finish is not None and finish < begin and finish + timedelta(days=1) > begin:
        finish += timedelta(days=1)  # "--start 22:00 --end 06:00" crosses midnight
    entry = logsvc.log_attack(
        ctx, start=begin, end=finish, intensity=intensity, aura=aura, aura_type=aura_type,
        symptoms=symptoms, location=location, side=side, disability=disability, notes=notes,
    )  # fmt: skip
    _done(state, [entry])
    if finish is None and not state.as_json:
        state.console.print("Close it when it is over: [bold]gutbrain log attack --end[/bold]")


@log.command("food")
@click.argument("text", nargs=-1, required=True)
@at_option
@click.option("--notes", default="")
@pass_state
def log_food(state: AppState, text: tuple[str, ...], at: str | None, notes: str) -> None:
    """A meal in your own words: "pepperoni pizza, 2 glasses of red wine and kimchi"."""
    when, has_time = _when(state, at)
    _done(
        state, logsvc.log_meal(state.ctx, " ".join(text), when=when, has_time=has_time, notes=notes)
    )


@log.command("drink")
@click.argument("text", nargs=-1, required=True)
@at_option
@pass_state
def log_drink(state: AppState, text: tuple[str, ...], at: str | None) -> None:
    """A drink: "coffee", "2 glasses of red wine", "500 ml water"."""
    when, has_time = _when(state, at)
    entries = logsvc.log_meal(state.ctx, " ".join(text), when=when, has_time=has_time)
    _done(state, entries)


@log.command("med")
@click.argument("text", nargs=-1, required=True)
@at_option
@click.option("--preventive", is_flag=True, help="A preventive regimen (runs until --until).")
@click.option("--until", metavar="WHEN", help="End of a preventive regimen.")
@click.option("--effect", type=click.Choice(EFFECT), help="How well it worked.")
@click.option("--relief", "relief_minutes", type=click.IntRange(0, 10_000), metavar="MIN",
              help="Minutes until relief.")  # fmt: skip
@pass_state
def log_med(state: AppState, text: tuple[str, ...], at: str | None, preventive: bool,
            until: str | None, effect: str | None, relief_minutes: int | None) -> None:  # fmt: skip
    """A medication dose: `gutbrain log med sumatriptan 50mg --effect good`."""
    when, _ = _when(state, at)
    end = None if until is None else _when(state, until)[0]
    entry = logsvc.log_medication(
        state.ctx, " ".join(text), when=when, role=PREVENTIVE_TAG if preventive else "acute",
        effect=effect, relief_minutes=relief_minutes, end=end,
    )  # fmt: skip
    _done(state, [entry])


@log.command("antibiotic")
@click.argument("text", nargs=-1, required=True)
@click.option("--from", "start", metavar="WHEN", help="First day of the course (default today).")
@click.option("--to", "end", metavar="WHEN", help="Last day of the course.")
@pass_state
def log_antibiotic(
    state: AppState, text: tuple[str, ...], start: str | None, end: str | None
) -> None:
    """An antibiotic course: `gutbrain log antibiotic amoxicillin 500mg --from mon --to sun`."""
    begin, _ = _when(state, start)
    finish = None if end is None else _when(state, end)[0]
    entry = logsvc.log_medication(
        state.ctx, " ".join(text), when=begin, role=ANTIBIOTIC_TAG, end=finish
    )
    _done(state, [entry])


@log.command("sleep")
@click.argument("span", metavar="BED-WAKE")
@click.option("-q", "--quality", type=click.IntRange(0, 10), help="Sleep quality 0–10.")
@click.option("--date", "day", metavar="DAY", help="The day you woke up (default today).")
@pass_state
def log_sleep(state: AppState, span: str, quality: int | None, day: str | None) -> None:
    """Last night's sleep: `gutbrain log sleep 23:30-06:40 --quality 6`."""
    try:
        bed_text, wake_text = span.split("-", 1)
        bed_clock, wake_clock = parse_clock(bed_text), parse_clock(wake_text)
    except ValueError:
        raise GutbrainError(f"{span!r} is not BED-WAKE such as 23:30-06:40") from None
    wake_day = _when(state, day)[0].date() if day else state.ctx.now().date()
    tzinfo = state.ctx.now().tzinfo
    wake = datetime.combine(wake_day, wake_clock, tzinfo=tzinfo)
    bed = datetime.combine(wake_day, bed_clock, tzinfo=tzinfo)
    if bed >= wake:
        bed -= timedelta(days=1)
    _done(state, [logsvc.log_sleep(state.ctx, bedtime=bed, wake=wake, quality=quality)])


@log.command("stress")
@click.argument("level", type=click.IntRange(0, 10))
@click.option("--reason", default="stress", help='What it was about ("work deadline").')
@click.option("--date", "day", metavar="DAY", help="Which day (default today).")
@pass_state
def log_stress(state: AppState, level: int, reason: str, day: str | None) -> None:
    """Today's stress 0–10: `gutbrain log stress 8`."""
    when = _when(state, day or "today")[0].replace(hour=0, minute=0)
    entry = logsvc.log_simple(
        state.ctx, Kind.STRESS, reason, when=when, has_time=False, intensity=level
    )
    _done(state, [entry])


@log.command("gi")
@click.argument("symptom")
@click.argument("severity", type=click.IntRange(0, 10))
@at_option
@pass_state
def log_gi(state: AppState, symptom: str, severity: int, at: str | None) -> None:
    """A GI symptom and its severity: `gutbrain log gi bloating 5`."""
    _done(state, [logsvc.log_gi(state.ctx, symptom, severity, when=_when(state, at)[0])])


@log.command("stool")
@click.argument("bristol", type=click.IntRange(1, 7))
@at_option
@pass_state
def log_stool(state: AppState, bristol: int, at: str | None) -> None:
    """A bowel movement by Bristol stool type 1–7: `gutbrain log stool 4`."""
    _done(state, [logsvc.log_stool(state.ctx, bristol, when=_when(state, at)[0])])


@log.command("period")
@click.option("--date", "day", metavar="DAY", help="Day of bleeding (default today).")
@click.option("--until", metavar="DAY", help="Last day, to log several days at once.")
@click.option("--flow", type=click.Choice(FLOW))
@pass_state
def log_period(state: AppState, day: str | None, until: str | None, flow: str | None) -> None:
    """A period day (or days): `gutbrain log period --flow medium`."""
    first = _when(state, day or "today")[0].date()
    last = None if until is None else _when(state, until)[0].date()
    _done(state, [logsvc.log_period(state.ctx, day=first, end_day=last, flow=flow)])


@log.command("factor")
@click.argument("name")
@click.option("--amount", type=float, help="A number, for a numeric factor.")
@click.option("--unit")
@at_option
@pass_state
def log_factor(
    state: AppState, name: str, amount: float | None, unit: str | None, at: str | None
) -> None:
    """A custom factor present now (or --at): `gutbrain log factor "bright light"`."""
    when, has_time = _when(state, at)
    entry = logsvc.log_simple(
        state.ctx, Kind.FACTOR, name, when=when, has_time=has_time, amount=amount, unit=unit
    )
    _done(state, [entry])


@log.command("exercise")
@click.argument("kind")
@click.option("--minutes", type=click.IntRange(1, 1440), default=30, show_default=True)
@at_option
@pass_state
def log_exercise(state: AppState, kind: str, minutes: int, at: str | None) -> None:
    """Exercise: `gutbrain log exercise running --minutes 40`."""
    when, _ = _when(state, at)
    entry = logsvc.log_simple(
        state.ctx, Kind.EXERCISE, kind, when=when, end=when + timedelta(minutes=minutes)
    )
    _done(state, [entry])


@log.command("water")
@click.argument("ml", type=click.FloatRange(1, 10_000))
@at_option
@pass_state
def log_water(state: AppState, ml: float, at: str | None) -> None:
    """Water drunk, in ml: `gutbrain log water 500`."""
    entry = logsvc.log_simple(
        state.ctx, Kind.DRINK, "water", when=_when(state, at)[0], amount=ml, unit="ml"
    )
    _done(state, [entry])


@log.command("supplement")
@click.argument("text", nargs=-1, required=True)
@click.option("--probiotic", is_flag=True, help="It is a probiotic.")
@click.option("--strain", help="Strain(s) as on the pack.")
@at_option
@pass_state
def log_supplement(
    state: AppState, text: tuple[str, ...], probiotic: bool, strain: str | None, at: str | None
) -> None:
    """A supplement or probiotic: `gutbrain log supplement magnesium 400mg`."""
    entry = logsvc.log_supplement(
        state.ctx, " ".join(text), when=_when(state, at)[0], probiotic=probiotic, strain=strain
    )
    _done(state, [entry])


@log.command("weather")
@click.argument("name")
@click.argument("amount", type=float)
@click.option("--unit", default="hPa", show_default=True)
@click.option("--date", "day", metavar="DAY")
@pass_state
def log_weather(state: AppState, name: str, amount: float, unit: str, day: str | None) -> None:
    """A weather reading you entered: `gutbrain log weather pressure 1003`."""
    when = _when(state, day or "today")[0].replace(hour=0, minute=0)
    entry = logsvc.log_simple(
        state.ctx, Kind.WEATHER, name, when=when, has_time=False, amount=amount, unit=unit
    )
    _done(state, [entry])


@log.command("note")
@click.argument("text", nargs=-1, required=True)
@at_option
@pass_state
def log_note(state: AppState, text: tuple[str, ...], at: str | None) -> None:
    """A free note."""
    when, has_time = _when(state, at)
    entry = logsvc.log_simple(state.ctx, Kind.NOTE, " ".join(text), when=when, has_time=has_time)
    _done(state, [entry])


@log.command("missing")
@click.argument("days", nargs=-1, required=True, metavar="DAY...")
@pass_state
def log_missing(state: AppState, days: tuple[str, ...]) -> None:
    """Days you did not keep the diary (left out of analysis, not read as 'nothing happened')."""
    from gutbrain.services.diary import mark_missing

    entries = [mark_missing(state.ctx, _when(state, d)[0].date()) for d in days]
    _done(state, entries, "Marked missing")


COMMANDS = [log]
