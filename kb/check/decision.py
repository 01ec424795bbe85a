"""A link decision: what the registry says about one note formula, as the card's Check records it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kb.formulas.core import Formula
from kb.model import Check

LinkStatus = Literal["verified", "note_differs", "not_checkable"]


@dataclass(frozen=True)
class Evidence:
    """Why kb takes a note formula to state an entry: its left side, the words near it that name the entry,
    and which of the note's symbols play which of the entry's roles. A `note_differs` verdict needs all three."""
    lhs: str = ""                                            # the note's left side ('' when it has none)
    words: str = ""                                          # the entry's keyword or title found near the formula
    roles: dict[str, str] = field(default_factory=dict)      # note symbol -> entry parameter

    def describe(self) -> str:
        parts = [f"left side {self.lhs}" if self.lhs else "no left side"]
        if self.words:
            parts.append(f"named \"{self.words}\" nearby")
        if self.roles:
            parts.append("roles " + ", ".join(f"{sym}={param}" if sym != param else sym
                                              for sym, param in self.roles.items()))
        return "; ".join(parts)


@dataclass(frozen=True)
class Decision:
    """What the registry says about one note formula."""
    status: LinkStatus
    note_latex: str
    formula: Formula | None = None
    mapping: dict[str, str] = field(default_factory=dict)   # entry parameter -> the note's symbol
    detail: str = ""
    examples: int = 0
    evidence: Evidence | None = None
    verified_latex: str | None = None     # the checked form when no entry gives it (an identity kb computed)
    method: str = ""                      # a check made without an entry that `kb verify` lists: "identity",
                                          # "steps" (a chain under stated values), "arithmetic" (worked numbers)
    equals: str = ""                      # note_differs: the entry the note's formula is exactly, where the words
                                          # name another (a Gaussian written where a bent identity is named)

    def to_check(self) -> Check:
        return Check(
            status=self.status,
            formula_id=self.formula.id if self.formula else None,
            verified_latex=self.formula.latex if self.formula else self.verified_latex,
            note_latex=self.note_latex,
            detail=self.detail,
            examples=self.examples,
        )
