"""``gutbrain food``, ``gutbrain foods …``, ``gutbrain gut`` and ``gutbrain microbiome …``."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.errors import GutbrainError
from gutbrain.domain.text import count
from gutbrain.services import foods as food_svc
from gutbrain.services import gut as gut_svc
from gutbrain.services import microbiome as micro_svc
from gutbrain.services.foods import FoodAnalysis
from gutbrain.services.gut import PLANS, PlanCheck, plan_excludes
from gutbrain.services.microbiome import DISCLAIMER, FORMATS

json_option = click.option("--json", "local_json", is_flag=True, help="Print JSON.")


def _num(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "unknown" if value is None else f"{value:.{digits}f}{unit}"


def analysis_json(a: FoodAnalysis) -> dict[str, Any]:
    data = asdict(a)
    data["tags"] = [asdict(t) for t in a.tags]
    return data


@click.command("food")
@click.argument("text", nargs=-1, required=True)
@json_option
@pass_state
def food(state: AppState, text: tuple[str, ...], local_json: bool) -> None:
    """What gutbrain knows about a food and why: `gutbrain food "pepperoni pizza"`."""
    items = food_svc.describe_food(state.ctx, " ".join(text))
    if state.as_json or local_json:
        state.emit_json([analysis_json(a) for a in items])
        return
    out = state.console
    for a in items:
        matched = {
            "curated": "everyday table",
            "fuzzy": f"closest name ({a.score:.0f}/100)",
            "contained": "the foods its name mentions",
            "fdc": "USDA FoodData Central",
            "personal": "your mapping",
            "recipe": "your recipe",
            "unknown": "not recognised",
        }.get(a.via, a.via)
        out.print(f"[bold]{a.text}[/bold] → {a.food}  [dim](matched by {matched})[/dim]")
        if not a.known:
            out.print(
                f"  gutbrain does not know this food. Map it once: "
                f'gutbrain foods map {json.dumps(a.food)} --as FOOD  (or --recipe "…")'
            )
            continue
        if a.via in ("fuzzy", "contained", "fdc"):
            out.print(
                f"  [dim]not what you meant? gutbrain foods map {json.dumps(a.text)} --as FOOD[/dim]"
            )
        out.print(f"  {a.grams:.0f} g ({a.grams_basis})")
        caffeine = "" if not a.caffeine_mg else f" · caffeine {a.caffeine_mg:.0f} mg"
        alcohol = "" if not a.alcohol_g else f" · alcohol {a.alcohol_g:.1f} g"
        nova = "" if a.nova is None else f" · NOVA {a.nova}"
        plants = f" · plants: {', '.join(a.plants)}" if a.plants else ""
        out.print(f"  fiber {_num(a.fiber_g, ' g')}{caffeine}{alcohol}{nova}{plants}")
        if a.fdc_description:
            out.print(f"  [dim]USDA FDC {a.fdc_id}: {a.fdc_description}[/dim]")
        if not a.tags:
            out.print("  no suspected components or gut markers on record")
            continue
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        for column in ("component", "grade", "because", "source"):
            table.add_column(column, overflow="fold")
        shown = set(a.components)
        for group in food_svc.grouped_tags(a.tags):
            if group.component in shown or group.component == "gluten":
                note = (
                    ""
                    if group.component in shown
                    else " (not analysed: no celiac/gluten sensitivity)"
                )
                table.add_row(
                    group.component + note,
                    group.grade,
                    "; ".join(group.vias),
                    "; ".join(group.sources),
                )
        out.print(table)
    legend = " · ".join(f"{grade} {meaning}" for grade, meaning in food_svc.GRADES.items())
    out.print(f"[dim]Evidence grades: {legend}. Your own data decides.[/dim]")


@click.group("foods")
def foods() -> None:
    """Foods gutbrain did not recognise, your mappings and elimination plans."""


@foods.command("unknown")
@json_option
@pass_state
def foods_unknown(state: AppState, local_json: bool) -> None:
    """Foods you logged that gutbrain could not match (map each once)."""
    unknown = food_svc.unknown_foods(state.ctx)
    if state.as_json or local_json:
        state.emit_json([asdict(u) for u in unknown])
        return
    if not unknown:
        state.console.print("Every logged food is recognised.")
        return
    table = Table(header_style="bold")
    for column in ("food as typed", "times", "first logged"):
        table.add_column(column)
    for u in unknown:
        table.add_row(u.text, str(u.times), u.first_day)
    state.console.print(table)
    state.console.print('Map one with: gutbrain foods map "TEXT" --as FOOD  or  --recipe "…"')


@foods.command("map")
@click.argument("text")
@click.option("--as", "as_food", metavar="FOOD", help="The food it means (e.g. red wine).")
@click.option("--recipe", metavar="ITEMS", help='Its parts, e.g. "150 g lentils, 1 onion".')
@click.option(
    "--components",
    metavar="LIST",
    help="Define a personal food: its components, e.g. msg,histamine.",
)
@click.option("--fiber", type=click.FloatRange(0, 100), help="Personal food: fiber g per 100 g.")
@click.option("--serving", type=click.FloatRange(1, 5000), help="Personal food: grams per serving.")
@json_option
@pass_state
def foods_map(
    state: AppState,
    text: str,
    as_food: str | None,
    recipe: str | None,
    components: str | None,
    fiber: float | None,
    serving: float | None,
    local_json: bool,
) -> None:
    """Remember what a food name means for you; applies to past and future entries.

    Use --as FOOD, --recipe ITEMS, or define a personal food with --components/--fiber/--serving.
    """
    define = None
    if components is not None or fiber is not None or serving is not None:
        define = {
            "components": [c.strip().lower() for c in (components or "").split(",") if c.strip()],
            "fiber_g_per_100g": fiber,
            "serving_g": serving or 100.0,
        }
    result = food_svc.map_food(state.ctx, text, as_food=as_food, recipe=recipe, define=define)
    if state.as_json or local_json:
        state.emit_json(analysis_json(result))
        return
    state.console.print(
        f"{text!r} now means {result.food} ({result.grams:.0f} g; "
        f"components: {', '.join(result.components) or 'none'})."
    )


@foods.command("unmap")
@click.argument("text")
@pass_state
def foods_unmap(state: AppState, text: str) -> None:
    """Forget a mapping."""
    food_svc.unmap_food(state.ctx, text)
    state.console.print(f"Forgot the mapping for {text!r}.")


@foods.command("plan")
@click.argument("plan", type=click.Choice(sorted(PLANS)))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Day the plan began.")
@json_option
@pass_state
def foods_plan(state: AppState, plan: str, since: Any, local_json: bool) -> None:
    """What an elimination plan excludes, and how it is going (breaches, plants, fiber)."""
    excludes = plan_excludes(plan, food_svc.food_knowledge(state.ctx))
    check = gut_svc.plan_check(state.ctx, plan, since.date() if since else None)
    if state.as_json or local_json:
        state.emit_json({"excludes": excludes, "check": asdict(check)})
        return
    out = state.console
    out.print(f"[bold]{plan}[/bold] excludes {len(excludes)} everyday foods:")
    out.print("  " + ", ".join(excludes))
    _print_plan(state, check)


def _print_plan(state: AppState, check: PlanCheck) -> None:
    out = state.console
    out.print(f"Since {check.started}: {len(check.breaches)} items that break the plan")
    for b in check.breaches[-5:]:
        out.print(f"  {b.day} {b.text} ({b.via})")
    for warning in check.warnings:
        out.print(f"[yellow]⚠ {warning}[/yellow]")


@click.command("gut")
@click.option("--weeks", type=click.IntRange(1, 260), default=8, show_default=True)
@json_option
@pass_state
def gut(state: AppState, weeks: int, local_json: bool) -> None:
    """Gut-health habits per week: fiber, plants, fermented foods, UPF, probiotics, water."""
    report = gut_svc.gut_report(state.ctx, weeks)
    if not report.food_weeks:
        raise GutbrainError('no meals logged yet: try gutbrain log food "porridge and coffee"')
    if state.as_json or local_json:
        state.emit_json(
            {
                "weeks": [{**asdict(w), "complete": w.complete} for w in report.weeks],
                "averages": asdict(report.averages),
                "min_week_food_days": gut_svc.MIN_WEEK_FOOD_DAYS,
                "fiber_trend": asdict(report.fiber_trend),
                "plants_trend": asdict(report.plants_trend),
                "antibiotic_courses": [asdict(c) for c in report.antibiotic_courses],
                "probiotic_courses": [asdict(c) for c in report.probiotic_courses],
                "targets": {
                    "fiber_g": report.settings.fiber_target_g,
                    "plants": report.settings.plants_target,
                },
                "explanations": gut_svc.EXPLANATIONS,
                "plan": None if report.plan is None else asdict(report.plan),
            }
        )
        return
    s = report.settings
    table = Table(title="Gut habits per week", header_style="bold")
    for column in ("week of", "days", f"fiber g/day (≥{s.fiber_target_g:g})", "days on target",
                   f"plants (≥{s.plants_target})", "fermented", "UPF share", "water ml/day",
                   "probiotic days", "antibiotics"):  # fmt: skip
        table.add_column(column, justify="right")
    for w in report.weeks:
        table.add_row(
            w.week_start.isoformat(),
            str(w.food_days) if w.complete else f"{w.food_days} partial",
            _num(w.fiber_mean_g),
            str(w.fiber_days_on_target),
            f"{w.plant_points:g}",
            str(w.fermented_servings),
            "–" if w.upf_share is None else f"{w.upf_share:.0%}",
            _num(w.water_mean_ml, digits=0),
            str(w.probiotic_days),
            "course" if w.antibiotic_days else ("after" if w.post_antibiotic else ""),
        )
    out = state.console
    out.print(table)
    out.print(
        f"Trends count complete weeks only (meals on at least {gut_svc.MIN_WEEK_FOOD_DAYS} of 7 days); "
        f"{count(report.averages.partial_weeks, 'partial week')} shown but not counted."
    )
    for t in (report.fiber_trend, report.plants_trend):
        if t.slope_per_week is None:
            out.print(f"{t.metric} trend: not enough complete weeks yet (n = {t.n})")
        else:
            out.print(
                f"{t.metric} trend: {t.slope_per_week:+.2f} per week "
                f"(95% CI {t.ci_low:+.2f} to {t.ci_high:+.2f}, n = {t.n} complete weeks)"
            )
    for c in report.probiotic_courses[-3:]:
        out.print(
            f"probiotic {', '.join(c.names)}: {c.first} – {c.last}, "
            f"taken {c.days_taken}/{c.span_days} days ({c.adherence:.0%})"
        )
    for c in report.antibiotic_courses[-3:]:
        out.print(f"antibiotic course {', '.join(c.names)}: {c.first} – {c.last}")
    if report.plan is not None:
        _print_plan(state, report.plan)
    out.print()
    for text in gut_svc.EXPLANATIONS.values():
        out.print(f"[dim]{text}[/dim]")


@click.group("microbiome")
def microbiome() -> None:
    """Import microbiome results and follow their diversity."""


@microbiome.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Skip format detection.")
@click.option("--date", "collected", type=click.DateTime(["%Y-%m-%d"]), help="Collection day.")
@json_option
@pass_state
def microbiome_import(
    state: AppState, file: Path, fmt: str | None, collected: Any, local_json: bool
) -> None:
    """Import a MetaPhlAn, Kraken 2, Bracken, BIOM or taxid,name,abundance CSV file."""
    day: date | None = collected.date() if collected else None
    samples = micro_svc.import_microbiome(state.ctx, file, fmt=fmt, collected_on=day)
    if state.as_json or local_json:
        state.emit_json([{**asdict(s), "taxa": len(s.taxa)} for s in samples])
        return
    out = state.console
    for s in samples:
        m = s.metrics
        out.print(
            f"Imported {s.label} ({s.source_format}, {s.abundance_kind}, {len(s.taxa)} taxa): "
            f"Shannon {m['shannon']:.3f}, Simpson {m['simpson']:.3f}, "
            f"{m['observed']} {m['rank']} observed"
        )
        for a in m["annotations"]:
            share = "" if a["share"] is None else f" {a['share']:.1%} of {a['rank']}"
            out.print(f"  {a['taxon']}{share}: {a['direction']}, {a['effect']} — {a['source']}")
    out.print(f"[dim]{DISCLAIMER}[/dim]")


@microbiome.command("list")
@json_option
@pass_state
def microbiome_list(state: AppState, local_json: bool) -> None:
    """Samples and their diversity over time (per abundance kind, never mixed)."""
    series = micro_svc.list_microbiome(state.ctx)
    if state.as_json or local_json:
        state.emit_json(
            {
                kind: [
                    {
                        "label": p.sample.label,
                        "collected_on": p.sample.collected_on,
                        "format": p.sample.source_format,
                        **p.sample.metrics,
                        "change": p.change,
                    }
                    for p in points
                ]
                for kind, points in series.items()
            }
        )
        return
    if not series:
        raise GutbrainError("no microbiome samples yet: gutbrain microbiome import FILE")
    for kind, points in series.items():
        table = Table(title=f"{kind.replace('_', ' ')} samples", header_style="bold")
        for column in ("collected", "sample", "format", "Shannon", "change", "Simpson", "observed"):
            table.add_column(column)
        for p in points:
            m = p.sample.metrics
            table.add_row(
                str(p.sample.collected_on or "?"),
                p.sample.label,
                p.sample.source_format,
                f"{p.shannon:.3f}",
                "" if p.change is None else f"{p.change:+.3f}",
                f"{m.get('simpson', 0):.3f}",
                f"{m.get('observed', '')} {m.get('rank', '')}",
            )
        state.console.print(table)


COMMANDS = [food, foods, gut, microbiome]
