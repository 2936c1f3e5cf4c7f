"""A second, independently written diary simulator for the calibration benchmark (issue 10).

``simulate(scenario, seed)`` returns a :class:`Diary` whose ``csv_text()`` follows
shared/spec/diary-csv.md and whose other fields hold the truth (attacks, planted causes, the
days each cause was met, prodromal cravings).
"""

from .diary import Diary
from .people import CRAVING_TEXTS, SCENARIOS, Person, Planted, make_person
from .simulate import simulate

__all__ = ["CRAVING_TEXTS", "SCENARIOS", "Diary", "Person", "Planted", "make_person", "simulate"]
