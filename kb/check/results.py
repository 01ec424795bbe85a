"""A row of `kb verify`: the result of one registry check or one note formula's check."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Status = Literal["verified", "note_differs", "failed", "skipped"]


@dataclass(frozen=True)
class CheckResult:
    """One row of `kb verify`: a registry check or a note formula checked against the registry."""
    id: str
    title: str
    source: dict[str, Any] | None          # {"file", "line"} of a note formula; None for the registry's own check
    status: Status
    device: str
    examples: int
    mutants_caught: int
    mutants_total: int
    seconds: float
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
