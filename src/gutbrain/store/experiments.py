"""Reads and writes of N-of-1 experiments, each scoped to its diary (one short transaction)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from gutbrain.domain.errors import NotFoundError
from gutbrain.store.experiment_tables import ExperimentCheckRow, ExperimentEventRow, ExperimentRow
from gutbrain.store.repo import Store


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Experiment:
    id: uuid.UUID
    diary_id: uuid.UUID
    factor: str
    design: str
    period_days: int
    blocks: int
    washout_days: int
    seed: int
    start_day: date
    exposure_text: str
    avoidance_text: str
    status: str  # active | paused | stopped | finished
    stopped_on: date | None = None
    plan: dict[str, Any] = field(default_factory=dict)
    #: randomisation secret (hex), never shown while periods are hidden; "" = seed-only
    secret: str = ""
    exposure_days: int = 7  # days a week with the factor in "have it" periods


@dataclass(frozen=True, slots=True)
class ExperimentEvent:
    kind: str  # planned | paused | resumed | extended | stopped
    day: date
    note: str
    detail: dict[str, Any]
    recorded_at: datetime


_FIELDS = tuple(Experiment.__dataclass_fields__)


def _experiment(row: ExperimentRow) -> Experiment:
    return Experiment(**{f: getattr(row, f) for f in _FIELDS})


class ExperimentStore:
    """The experiment tables of one database (wraps the diary ``Store``'s engine)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(
        self, experiment: Experiment, note: str = "", planned_on: date | None = None
    ) -> Experiment:
        """Store a new experiment; its "planned" event is dated ``planned_on`` (the day the
        person planned it; the start day when not given)."""
        with self.store.session() as s:
            s.add(ExperimentRow(**{f: getattr(experiment, f) for f in _FIELDS},
                                created_at=_now()))  # fmt: skip
            s.flush()
            day = planned_on or experiment.start_day
            s.add(self._event(experiment.id, "planned", day, note, {}))
        return experiment

    def _event(
        self, experiment_id: uuid.UUID, kind: str, day: date, note: str, detail: dict[str, Any]
    ) -> ExperimentEventRow:
        return ExperimentEventRow(experiment_id=experiment_id, kind=kind, day=day, note=note,
                                  detail=detail, recorded_at=_now())  # fmt: skip

    def get(self, diary_id: uuid.UUID, experiment_id: uuid.UUID) -> Experiment:
        with self.store.session() as s:
            row = s.get(ExperimentRow, experiment_id)
            if row is None or row.diary_id != diary_id:
                raise NotFoundError(f"no experiment {experiment_id} in this diary")
            return _experiment(row)

    def all_for(self, diary_id: uuid.UUID) -> list[Experiment]:
        """The most recently planned first."""
        with self.store.session() as s:
            rows = s.scalars(
                select(ExperimentRow)
                .where(ExperimentRow.diary_id == diary_id)
                .order_by(ExperimentRow.created_at.desc(), ExperimentRow.start_day.desc())
            )
            return [_experiment(r) for r in rows]

    def change(
        self,
        experiment: Experiment,
        event: str,
        day: date,
        note: str = "",
        detail: dict[str, Any] | None = None,
        **values: Any,
    ) -> Experiment:
        """Update fields and record the event that changed them, in one transaction."""
        with self.store.session() as s:
            row = s.get(ExperimentRow, experiment.id)
            if row is None or row.diary_id != experiment.diary_id:
                raise NotFoundError("no such experiment")
            for key, value in values.items():
                setattr(row, key, value)
            s.add(self._event(experiment.id, event, day, note, detail or {}))
            s.flush()
            return _experiment(row)

    def events(self, experiment_id: uuid.UUID) -> list[ExperimentEvent]:
        with self.store.session() as s:
            rows = s.scalars(
                select(ExperimentEventRow)
                .where(ExperimentEventRow.experiment_id == experiment_id)
                .order_by(ExperimentEventRow.id)
            )
            return [ExperimentEvent(r.kind, r.day, r.note, dict(r.detail), r.recorded_at)
                    for r in rows]  # fmt: skip

    def set_check(self, experiment_id: uuid.UUID, day: date, followed: bool, note: str) -> None:
        """Record (or replace) the adherence answer for one day."""
        with self.store.session() as s:
            row = s.get(ExperimentCheckRow, (experiment_id, day))
            if row is None:
                s.add(ExperimentCheckRow(experiment_id=experiment_id, day=day, followed=followed,
                                         note=note, recorded_at=_now()))  # fmt: skip
            else:
                row.followed, row.note, row.recorded_at = followed, note, _now()

    def checks(self, experiment_id: uuid.UUID) -> dict[date, tuple[bool, str]]:
        with self.store.session() as s:
            rows = s.scalars(
                select(ExperimentCheckRow).where(ExperimentCheckRow.experiment_id == experiment_id)
            )
            return {r.day: (r.followed, r.note) for r in rows}
