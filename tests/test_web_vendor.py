"""The vendored htmx is exactly the file recorded in static/vendor/README.md."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import gutbrain.web

VENDOR = Path(gutbrain.web.__file__).parent / "static" / "vendor"


def test_htmx_hash_matches_readme() -> None:
    readme = (VENDOR / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `htmx-"))
    name = re.search(r"`(htmx-[\d.]+\.min\.js)`", row)
    digest = re.search(r"`([0-9a-f]{64})`", row)
    assert name is not None
    assert digest is not None
    data = (VENDOR / name.group(1)).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest.group(1)
    assert (VENDOR / "LICENSE.htmx").read_text().startswith("Zero-Clause BSD")


def test_base_template_loads_the_vendored_file_and_no_cdn() -> None:
    templates = Path(gutbrain.web.__file__).parent / "templates"
    base = (templates / "base.html").read_text()
    assert "vendor/htmx-2.0.11.min.js" in base
    for template in templates.glob("*.html"):
        assert "https://" not in template.read_text(), template.name
