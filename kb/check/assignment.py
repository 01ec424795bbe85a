"""An update written with `=`: `x = x + \\alpha d`, `v = \\beta v + (1-\\beta) g`, `i = i + 1`.

Pseudo-code, and many notes after it, assign with `=`: the left side is the value after the step and the same
symbol on the right its value before. It is no equation (read as one, x = x + αd holds only where αd = 0) and
states nothing kb can check without a registry entry of that update. Where no entry states it, the verdict says so,
rather than listing the entries whose letters merely fit or saying no entry has its symbols.
"""
from __future__ import annotations

from typing import Any

from kb.check.decision import Decision


def updated_symbol(lhs: Any, rhs: Any, lhs_latex: str) -> str:
    """The symbol, as the note writes it, that an `=` gives a new value from its old one (x in x = x + αd: the
    sympy left side is one symbol its right side reads); '' when the formula is no such update."""
    if lhs is None or not getattr(lhs, "is_Symbol", False) or rhs == lhs:
        return ""
    return lhs_latex.strip() if lhs in getattr(rhs, "free_symbols", ()) else ""


def unchecked_update(latex: str, symbol: str, why: str) -> Decision:
    return Decision("not_checkable", latex, detail=(
        f"an update written with = ({symbol} on both sides: its value after the step from its value before), not an "
        f"equation, and no registry entry states this update ({why})"))
