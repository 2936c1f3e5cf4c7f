"""Reading HTML form fields: empty means "not given", bad numbers are user errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from gutbrain.domain.errors import EntryError

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], fields: Mapping[str, object]) -> M:
    """Validate form fields with the API's model; problems become one user-facing error."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise EntryError(
            [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        ) from exc


def opt_float(value: str | None, field: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError as exc:
        raise EntryError([f"{field}: {value!r} is not a number"]) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise EntryError([f"{field}: {value!r} is not a number"])
    return number


def opt_int(value: str | None, field: str) -> int | None:
    number = opt_float(value, field)
    if number is None:
        return None
    if number != int(number):
        raise EntryError([f"{field}: {value!r} is not a whole number"])
    return int(number)
