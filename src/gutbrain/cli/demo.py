"""``gutbrain demo``: a generated year in a temporary diary, never your real one."""

from __future__ import annotations

import click

from gutbrain.cli.state import AppState, pass_state
from gutbrain.services.demo import build_demo


@click.command("demo")
@click.option(
    "--seed", type=int, default=7, show_default=True, help="Random seed (same seed, same diary)."
)
@click.option("--days", type=click.IntRange(14, 3660), default=365, show_default=True)
@click.option(
    "--no-serve", is_flag=True, help="Build and summarise only; do not start the web app."
)
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the browser.")
@pass_state
def demo(
    state: AppState, seed: int, days: int, no_serve: bool, port: int, open_browser: bool
) -> None:
    """Build a realistic demo diary (planted triggers and decoys) and open it in the web app."""
    ctx, diary = build_demo(seed=seed, days=days)
    out = state.console
    if state.as_json:
        state.emit_json(
            {
                "db": str(ctx.settings.db_path),
                "first_day": diary.first_day,
                "last_day": diary.last_day,
                "entries": len(diary.entries),
                "attack_onsets": diary.onsets,
                "missing_days": diary.missing_days,
                "planted": [p.__dict__ for p in diary.planted]
                if False
                else [
                    {
                        "factor": p.factor,
                        "role": p.role,
                        "lag_days": p.lag_days,
                        "rr": p.rr,
                        "why": p.why,
                    }
                    for p in diary.planted
                ],
            }
        )
    else:
        out.print(f"[bold]Demo diary[/bold] (seed {seed}): {ctx.settings.db_path}")
        out.print(
            f"{diary.first_day} → {diary.last_day}: {len(diary.entries)} entries, "
            f"{diary.onsets} attacks, {diary.missing_days} days marked missing"
        )
        out.print("[bold]Planted[/bold] (what a good analysis should find, and not find):")
        for p in diary.planted:
            effect = f"RR {p.rr:g} at lag {p.lag_days}" if p.rr else "no effect"
            marker = "[green]trigger[/green]" if p.role == "trigger" else "[yellow]decoy[/yellow]  "
            out.print(f"  {marker}  {p.factor:<22} {effect:<16} {p.why}")
        for note in diary.notes:
            out.print(f"  [dim]{note}[/dim]")
        out.print(f"Explore it: [bold]gutbrain --db {ctx.settings.db_path} triggers[/bold]")
    if no_serve:
        ctx.close()
        return
    try:
        from gutbrain.web import serve
    except ImportError:
        out.print("The web app is not available in this build; use the CLI with --db as shown.")
        return
    ctx.close()
    serve(ctx.settings, port=port, open_browser=open_browser)


COMMANDS = [demo]
