"""The letters courses and textbooks use for the same quantity, as data (kb/check/data/notation.toml): an entry
parameter the registry spells one way may be written in a note the way its course writes it (Bishop's targets
t_n and predictions y_n, Ng's prediction a, d2l's logits o)."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from kb.check.entries import note_name
from kb.check.latex_text import symbol_key
from kb.formulas.core import Formula


@lru_cache(maxsize=1)
def _notation() -> dict[str, dict]:
    text = resources.files("kb.check").joinpath("data/notation.toml").read_text("utf-8")
    return tomllib.loads(text)


def _roles() -> dict[str, dict]:
    return _notation()["roles"]


def _own(formula: Formula, param: str) -> frozenset[str]:
    return frozenset(note_name(a) for a in (param, *formula.aliases.get(param, ())))


_ROLES_OF: dict[int, tuple[Formula, dict[str, str]]] = {}


def roles_of(formula: Formula) -> dict[str, str]:
    """Each parameter of the entry -> the role its registry spelling marks it as playing (none: left out).
    Made once per entry and process: linking asks it for every entry a note formula's letters might fit."""
    cached = _ROLES_OF.get(id(formula))
    if cached is None or cached[0] is not formula:
        cached = _ROLES_OF[id(formula)] = (formula, _roles_of(formula))
    return cached[1]


def _roles_of(formula: Formula) -> dict[str, str]:
    params = set(formula.aliases)
    found: dict[str, str] = {}
    for role, table in _roles().items():
        for param in sorted(params):
            if param not in found and any(set(mark) <= _own(formula, param) for mark in table["marks"]):
                found[param] = role
    # a role that needs another beside it (the target beside the prediction) holds only when that one is there
    return {param: role for param, role in found.items()
            if not (beside := _roles()[role].get("beside")) or beside in found.values()}


def course_spellings(formula: Formula, param: str) -> frozenset[str]:
    """The spellings courses give the parameter's role (empty when it plays none)."""
    role = roles_of(formula).get(param)
    return frozenset(_roles()[role]["spellings"]) if role else frozenset()


def names_a_loss(lhs_latex: str) -> bool:
    r"""The left side is written with a letter that names a loss or a cost (L_i, ℓ(y, ŷ), \mathcal{L}_{CE})."""
    head = re.match(r"[^\W\d_]+", symbol_key(lhs_latex.strip()))
    return head is not None and head.group() in _notation()["cost"]["loss_letters"]


def names_a_cost(lhs_latex: str) -> bool:
    r"""The left side is written with a letter that names a loss or a cost, with or without its parameters (J,
    J(θ), L_i, ℓ, \mathrm{loss})."""
    head = re.match(r"[^\W\d_]+", symbol_key(lhs_latex.strip()))
    return names_a_loss(lhs_latex) or (head is not None and head.group() in _notation()["cost"]["heads"])


def is_cost(lhs: Any) -> bool:
    """The left side (as the LaTeX reader gives it) is a cost applied to its parameters: J(θ), E(w), L(w, b)."""
    from kb.check.latex import APPLY

    return (lhs is not None and getattr(lhs, "func", None) == APPLY
            and note_name(str(lhs.args[0])) in _notation()["cost"]["heads"])
