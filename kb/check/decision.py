"""A link decision: what the registry says about one note formula, as the card's Check records it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kb.formulas.core import Formula
from kb.model import Check

LinkStatus = Literal["verified", "note_differs", "not_checkable"]


@dataclass(frozen=True)
class Decision:
    """What the registry says about one note formula."""
    status: LinkStatus
    note_latex: str
    formula: Formula | None = None
    mapping: dict[str, str] = field(default_factory=dict)   # entry parameter -> the note's symbol
    detail: str = ""
    examples: int = 0

    def to_check(self) -> Check:
        return Check(
            status=self.status,
            formula_id=self.formula.id if self.formula else None,
            verified_latex=self.formula.latex if self.formula else None,
            note_latex=self.note_latex,
            detail=self.detail,
            examples=self.examples,
        )
