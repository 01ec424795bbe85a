"""The registry of checked formulas: every module in this package that defines FORMULAS contributes."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from kb.formulas.core import Formula

# Modules that hold shared types and helpers rather than formula families (as do modules named _*).
_NOT_FAMILIES = {"core"}


@lru_cache(maxsize=1)
def registry() -> tuple[Formula, ...]:
    """All formulas, ordered by family module name then definition order; ids are unique."""
    formulas: list[Formula] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_FAMILIES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        formulas.extend(getattr(module, "FORMULAS", ()))
    ids = [f.id for f in formulas]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate formula ids: {sorted(duplicates)}")
    return tuple(formulas)


def get(formula_id: str) -> Formula:
    for formula in registry():
        if formula.id == formula_id:
            return formula
    raise KeyError(formula_id)
