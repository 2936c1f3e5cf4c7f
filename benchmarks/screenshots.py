"""Screenshots of every page at 360 px (a phone) and 1280 px (a laptop) into docs/screenshots/.

    .venv/bin/python benchmarks/screenshots.py [--out docs/screenshots] [--theme attack] [--only NAME ...]

Builds the seeded demo diary (the one ``gutbrain demo`` shows) in a temporary folder, starts
the real server, starts an experiment through the API so its pages exist, and photographs each
page in Debian's Chromium (``GUTBRAIN_CHROMIUM`` or ``chromium`` on the PATH). Pages longer than
``--max-height`` are cut there; PNGs are reduced to a 64-colour palette to stay small.
Not a benchmark: it lives here so ruff and mypy check it like the other scripts.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import DESKTOP, PHONE, launch, start_server  # noqa: E402
from site_pages import site_pages  # noqa: E402

#: Not a page of its own: Today photographed with an attack open.
ATTACK = "/#attack"


def slug(path: str) -> str:
    """A file name for a page path: ``/experiments/<uuid>/result`` → ``experiment-result``."""
    path = re.sub(r"/experiments/[0-9a-f-]{36}", "/experiment", path.split("?")[0])
    path = re.sub(r"/entries/[0-9a-f-]{8,}", "/entry", path)
    path = re.sub(r"/day/[0-9-]+", "/day", path)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    return name or "today"


def shrink(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as img:
        small = img.convert("RGB").quantize(colors=64)
    small.save(png, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--max-height", type=int, default=3000)
    parser.add_argument(
        "--theme",
        choices=["auto", "attack"],
        default="auto",
        help="auto: the app's own choice (dark while an attack is open)",
    )
    parser.add_argument(
        "--only", nargs="*", default=None, help="file stems to redo, e.g. today-attack"
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from gutbrain.services.demo import build_demo

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx, _ = build_demo(seed=7, days=365, directory=Path(tmp))
        db = ctx.settings.db_path
        ctx.close()
        assert db is not None
        server = start_server(db)
        url = next(server)
        try:
            with sync_playwright() as p:
                browser = launch(p)
                paths = site_pages(browser.new_context(), url)
                seen: set[str] = set()
                for path in [*paths, ATTACK]:
                    name = "today-attack" if path == ATTACK else slug(path)
                    if name in seen or (args.only and name not in args.only):
                        continue
                    seen.add(name)
                    for label, size in (("360", PHONE), ("1280", DESKTOP)):
                        context = browser.new_context(viewport=size, device_scale_factor=1)
                        if args.theme == "attack":
                            context.add_cookies(
                                [{"name": "gb_theme", "value": "attack", "url": url}]
                            )
                        pg = context.new_page()
                        if path == ATTACK:  # Today during an attack: the dark attack theme
                            pg.goto(url + "/")
                            pg.get_by_test_id("attack-start").click()
                            pg.get_by_test_id("intensity-6").click()
                            pg.get_by_label("nausea").check()
                            pg.wait_for_load_state("networkidle")
                        pg.goto(url + path)
                        pg.wait_for_load_state("networkidle")
                        height = min(args.max_height, pg.evaluate("document.body.scrollHeight"))
                        file = args.out / f"{name}-{label}.png"
                        pg.screenshot(path=str(file), full_page=True,
                                      clip={"x": 0, "y": 0, "width": size["width"], "height": height})  # fmt: skip
                        if path == ATTACK:
                            pg.get_by_test_id("attack-end").click()
                            pg.wait_for_load_state("networkidle")
                        context.close()
                        shrink(file)
                        print(f"{file}  {file.stat().st_size // 1024} KiB")
                browser.close()
        finally:
            server.close()


if __name__ == "__main__":
    main()
