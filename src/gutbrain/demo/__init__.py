"""The one seeded demo-diary generator: feeds ``gutbrain demo``, the tests and the docs."""

from __future__ import annotations

from gutbrain.demo.generator import DemoDiary, Planted, generate_diary

__all__ = ["DemoDiary", "Planted", "generate_diary"]
