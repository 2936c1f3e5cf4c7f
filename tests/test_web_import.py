"""Importing the web app stays light: the engines (SciPy, statsmodels), the chart and PDF
libraries and pyarrow load when a result is computed, never with the app (issue 18: importing
the web app cost seconds because every page module pulled the trigger engine in)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("scipy", "statsmodels", "matplotlib", "weasyprint", "pyarrow", "dask", "ray")


def test_importing_and_creating_the_web_app_loads_no_engine(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from gutbrain.settings import Settings\n"
        "from gutbrain.web.app import create_app\n"
        f"create_app(Settings(db_url='sqlite:///{tmp_path}/d.db', timezone='UTC'))\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "", f"imported with the web app: {done.stdout.strip()}"
