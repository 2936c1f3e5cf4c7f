"""Both themes keep text readable: WCAG 2 contrast ≥ 4.5:1 for every text/background pair the
stylesheet uses (the attack theme is dim, but not below AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gutbrain.web

CSS = (Path(gutbrain.web.__file__).parent / "static" / "app.css").read_text()
#: (foreground variable, background variable) pairs that carry text.
PAIRS = [
    ("--fg", "--bg"),
    ("--fg", "--card"),
    ("--muted", "--bg"),
    ("--muted", "--card"),
    ("--accent-fg", "--accent"),
    ("--fg", "--mild"),
    ("--fg", "--moderate"),
    ("--fg", "--unrated"),
]


def _variables(selector: str) -> dict[str, str]:
    block = re.search(re.escape(selector) + r"\s*\{(.*?)\}", CSS, re.S)
    assert block is not None, selector
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", block.group(1)))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


NORMAL = _variables(":root")
ATTACK = {**NORMAL, **_variables("body.attack")}


@pytest.mark.parametrize("theme", ["normal", "attack"])
@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_contrast_is_at_least_aa(theme: str, fg: str, bg: str) -> None:
    colours = NORMAL if theme == "normal" else ATTACK
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 4.5, f"{theme}: {fg} on {bg} is {ratio:.2f}:1"


def test_severe_days_keep_readable_numbers() -> None:
    # White on the normal theme's red; the theme's own dim text on the attack theme's red.
    assert contrast("#ffffff", NORMAL["--severe"]) >= 4.5
    assert contrast(ATTACK["--fg"], ATTACK["--severe"]) >= 4.5
    assert "body.attack .cal a.day.severe" in CSS


def test_attack_theme_is_dimmer_than_normal() -> None:
    assert _luminance(ATTACK["--fg"]) < 0.45
    assert _luminance(ATTACK["--bg"]) < 0.01
    assert contrast(ATTACK["--fg"], ATTACK["--bg"]) < contrast(NORMAL["--fg"], NORMAL["--bg"])


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
