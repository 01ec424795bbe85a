"""Each registry entry's seeded examples, true values and the quantities a note may name, made once per
process and shared by linking and worked-number checks."""
from __future__ import annotations

import pickle
import random
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from kb.atomic import write_bytes_atomic

from kb.formulas.core import Formula

SEED = 20240601

class EntryError(Exception):
    """An entry's own examples, truth or note view raised: kb cannot judge a note formula by that entry."""

    def __init__(self, formula: Formula, exc: Exception) -> None:
        super().__init__(f"{formula.id}'s ground truth raised {type(exc).__name__}: {exc}")
        self.formula_id = formula.id


_EXAMPLES: dict[int, tuple[Formula, tuple[dict[str, Any], ...]]] = {}
_TRUTHS: dict[int, tuple[Formula, tuple[Any, ...]]] = {}
_ENVS: dict[int, tuple[Formula, tuple[dict[str, Any], ...]]] = {}


def entry_examples(formula: Formula) -> tuple[dict[str, Any], ...]:
    """The entry's seeded examples, made once per process (matching symbols needs only these)."""
    cached = _EXAMPLES.get(id(formula))
    if cached is None or cached[0] is not formula:
        try:
            examples = tuple(formula.examples(random.Random(SEED), formula.n_examples))
        except Exception as exc:  # registry code: its own check in `kb verify` reports it as failed
            raise EntryError(formula, exc) from exc
        cached = _EXAMPLES[id(formula)] = (formula, examples)
    return cached[1]


def warm_entry_cases(formulas: Sequence[Formula]) -> None:
    """Compute every entry's examples and true values now, so forked note checks share them instead of
    each recomputing the truths (seconds per check otherwise)."""
    import kb.check.latex  # noqa: F401 - sympy, which every note check needs, loaded once

    for formula in formulas:
        try:
            entry_cases(formula)
        except EntryError:
            continue   # linking skips the entry and says why; its registry row shows the failure


def entry_cases(formula: Formula) -> tuple[tuple[dict[str, Any], ...], tuple[Any, ...]]:
    """The examples and their true values; the truth runs only for entries a note formula could state."""
    examples = entry_examples(formula)
    cached = _TRUTHS.get(id(formula))
    if cached is None or cached[0] is not formula:
        cached = _TRUTHS[id(formula)] = (formula, _kept_truths(formula, examples))
    return examples, cached[1]


def _kept_truths(formula: Formula, examples: tuple[dict[str, Any], ...]) -> tuple[Any, ...]:
    """The true values of a registry entry's examples, computed once per machine: every note worker of every
    build needs those of the entries its formulas fit (all of them, in a large vault), and computing them
    (torch, numpy) took 16 s of CPU per worker. Kept per user (`truths/`) under the entry's id and the code and
    packages that compute them; an entry that is not the registry's own (a test's variant) is never kept."""
    return _kept(formula, "truths", lambda: tuple(formula.truth(**params) for params in examples))


def _kept_views(formula: Formula, examples: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """The entry's note view of each example as the entry gives it (its own names, not yet translated: the
    names depend on the translator's code, which the key does not cover), kept per user (`views/`) like its
    truths: every note worker matches symbols against every entry's quantities, and some views compute with
    torch (the returns of an episode), so computing them imported torch into every worker (190 MB each)."""
    if formula.note_view is None:
        return tuple({} for _ in examples)
    note_view = formula.note_view
    return _kept(formula, "views", lambda: tuple(dict(note_view(**params)) for params in examples))


def _kept(formula: Formula, kind: str, compute: Callable[[], tuple[Any, ...]]) -> tuple[Any, ...]:
    """compute()'s values for a registry entry's examples, read from the per-user cache's folder `kind` when
    kept there, else computed and kept (never for an entry that is not the registry's own)."""
    path = _kept_path(formula, kind)
    if path is not None:
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            pass
    try:
        values = compute()
    except Exception as exc:
        raise EntryError(formula, exc) from exc
    if path is not None:
        try:
            # (no fsync: a file a power failure cuts fails to unpickle, and is computed again)
            write_bytes_atomic(path, pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass   # a value that cannot be kept is computed again by the next build, never an error
    return values


def _kept_path(formula: Formula, kind: str) -> Path | None:
    from kb.cache import code_fingerprint, key_for, package_versions, user_cache_dir
    from kb.formulas import registry

    if not any(entry is formula for entry in registry()):
        return None
    # (this module in the key too: it says what a kept file holds)
    key = key_for(kind, formula.id, str(formula.n_examples), str(SEED), code_fingerprint("formulas", "check/entries"),
                  package_versions(*TRUTH_PACKAGES), sys.version)
    return user_cache_dir() / kind / key[:2] / f"{key}.pickle"


TRUTH_PACKAGES = ("numpy", "sympy", "torch")   # what the registry's truths compute with


def entry_envs(formula: Formula) -> tuple[dict[str, Any], ...]:
    """Per example, every quantity a note may name: the parameters plus the entry's note view."""
    cached = _ENVS.get(id(formula))
    if cached is None or cached[0] is not formula:
        try:
            examples = entry_examples(formula)
            views = _kept_views(formula, examples)
            envs = tuple({**params, **_named(view)} for params, view in zip(examples, views))
        except EntryError:
            raise
        except Exception as exc:
            raise EntryError(formula, exc) from exc
        cached = _ENVS[id(formula)] = (formula, envs)
    return cached[1]


def note_view_of(formula: Formula, params: dict[str, Any]) -> dict[str, Any]:
    if formula.note_view is None:
        return {}
    return _named(formula.note_view(**params))


def _named(view: Mapping[str, Any]) -> dict[str, Any]:
    """A view's quantities under the names notes give them."""
    return {VIEW_PREFIX + note_name(k): v for k, v in view.items()}


VIEW_PREFIX = "view:"   # keeps a view's names apart from parameter names


def part_of(value: Any, part: int | None) -> Any:
    return value if part is None else value[part]


def parameters(formula: Formula) -> tuple[str, ...]:
    examples = entry_examples(formula)
    return tuple(examples[0]) if examples else ()


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_array(value: Any) -> bool:
    """A list of numbers, or a rectangular list of such lists (a batch): something numpy can broadcast."""
    if not isinstance(value, (list, tuple)) or not value:
        return False
    if all(is_number(v) for v in value):
        return True
    return all(is_array(v) and len(v) == len(value[0]) for v in value) and is_array(value[0])


# The registry's ~430 alias spellings are named again for every formula a note states (translating them was
# 58% of a cold build's checking time); a note's own left sides also pass through, hence a bound.
@lru_cache(maxsize=1 << 16)
def note_name(spelling: str) -> str:
    """The name the translator gives a spelling (\\tilde{p}^t -> tildep^t), so aliases meet note symbols.
    A function of the spelling alone (and of the translator's code), so it is kept per spelling."""
    import sympy

    from kb.check.latex import LatexError, symbol_key, to_sympy

    key = symbol_key(spelling)
    try:
        expr = to_sympy(spelling)
    except LatexError:  # an alias need not be valid LaTeX on its own
        return key
    if isinstance(expr, sympy.Pow) and all(isinstance(a, sympy.Symbol) for a in expr.args):
        return f"{expr.base.name}^{expr.exp.name}"  # in an alias a superscript is a label: s^t is the teacher's s
    return expr.name if isinstance(expr, sympy.Symbol) else key
