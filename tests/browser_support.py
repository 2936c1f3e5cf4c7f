"""What the browser tests share: Debian's Chromium, a real server subprocess on a free port.

Plain functions (not fixtures) so each test module keeps its own fixtures and diary.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("GUTBRAIN_CHROMIUM") or shutil.which("chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
NO_CHROMIUM = "no Chromium found: install Debian's `chromium` or set GUTBRAIN_CHROMIUM"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    db: Path, *args: str, env: dict[str, str] | None = None, ready: str = "/api/v1/settings"
) -> Iterator[str]:
    """``gutbrain serve [args]`` on ``db`` until the generator is closed; yields its base URL
    once ``ready`` answers."""
    port = free_port()
    env = {**os.environ, "GUTBRAIN_TZ": "Europe/Berlin", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gutbrain", "--db", str(db), "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded machine imports the web stack slowly
    while True:
        try:
            with urllib.request.urlopen(url + ready, timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()  # first: reading the output of a live server would wait forever
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server did not start: {out}")
            time.sleep(0.1)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def demo_server(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """A server on the seeded one-year demo diary (same generator as ``gutbrain demo``,
    ending yesterday, so "today" starts empty)."""
    from gutbrain.services.demo import build_demo

    ctx, _ = build_demo(seed=7, days=365, directory=tmp_path_factory.mktemp(name))
    path = ctx.settings.db_path
    ctx.close()
    assert path is not None
    yield from start_server(path)


def browser_session() -> Iterator[Any]:
    """Debian's Chromium under Playwright until the generator is closed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


#: Words broken across lines inside table cells and headings (a header split "Previ/ous" or a
#: report stacked a letter per line): each word of each text node must sit on one line.
SPLIT_WORDS = """(selector) => {
  const out = [];
  for (const cell of document.querySelectorAll(selector)) {
    if (cell.closest('details:not([open])') || !cell.offsetParent) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-–]+/g;  // a break at a hyphen or dash is a fine break
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out.slice(0, 10);
}"""

#: Elements wider than the viewport or sticking out of it (the page itself, tables, charts).
WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width + 1)
    out.push(`page is ${document.documentElement.scrollWidth}px wide`);
  for (const el of document.querySelectorAll('table, svg, pre, img, figure')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || el.closest('details:not([open])')) continue;
    if (r.right > width + 1 || el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} ${Math.round(r.width)}px`);
  }
  return out.slice(0, 10);
}"""

#: The smallest effective font size (CSS size × the SVG's scale) of visible chart text.
SMALLEST_CHART_TEXT = """(selector) => {
  let smallest = Infinity;
  for (const t of document.querySelectorAll(selector + ' text')) {
    if (!t.textContent.trim() || t.closest('details:not([open])')) continue;
    const r = t.getBoundingClientRect();
    if (r.height === 0) continue;
    const svg = t.ownerSVGElement;
    const vb = svg.viewBox.baseVal;
    const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
  }
  return smallest === Infinity ? null : smallest;
}"""


AXE = Path(__file__).resolve().parent / "data" / "axe-core" / "axe-4.14.1.min.js"


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run the vendored axe-core on the page (WCAG 2.x A and AA rules) and return
    "rule: target" for each violation of the given impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
          return r.violations.map(v => ({id: v.id, impact: v.impact,
            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {', '.join(v['targets'])}" for v in result
            if v["impact"] in impacts]  # fmt: skip
