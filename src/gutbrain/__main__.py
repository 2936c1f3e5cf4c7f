"""``python -m gutbrain``."""

from __future__ import annotations

from gutbrain.cli import run

if __name__ == "__main__":
    run()
