"""Every entry of the formula registry, whatever its family: the reference agrees with the independent
truth, every mutant is caught, and the entry carries what cards and linking need."""
import dataclasses
import random
import subprocess
import sys
from functools import lru_cache

import pytest

from kb.formulas import registry
from kb.check.compare import Counterexample, Pass, compare

ENTRIES = {f.id: f for f in registry()}


@lru_cache(maxsize=None)
def _examples(formula_id):
    formula = ENTRIES[formula_id]
    return formula.examples(random.Random(0), formula.n_examples)


@lru_cache(maxsize=None)
def _truth_once(formula_id):
    """The entry with its truth computed once per example, so each mutant costs only itself."""
    formula = ENTRIES[formula_id]
    table = {repr(p): formula.truth(**p) for p in _examples(formula_id)}
    return dataclasses.replace(formula, truth=lambda **p: table[repr(p)])


@pytest.mark.parametrize("formula_id", ENTRIES)
def test_reference_agrees_with_the_truth_on_every_example(formula_id):
    examples = _examples(formula_id)
    assert len(examples) == ENTRIES[formula_id].n_examples
    assert compare(ENTRIES[formula_id].reference, _truth_once(formula_id), examples) == Pass(len(examples))


@pytest.mark.parametrize("formula_id,mutant", [(f.id, m) for f in ENTRIES.values() for m in f.mutants])
def test_every_mutant_is_rejected(formula_id, mutant):
    formula = ENTRIES[formula_id]
    assert isinstance(compare(formula.mutants[mutant], _truth_once(formula_id), _examples(formula_id)), Counterexample)


@pytest.mark.parametrize("formula_id", ENTRIES)
def test_entry_names_itself_in_the_notes_languages_and_can_fail(formula_id):
    formula = ENTRIES[formula_id]
    assert {"en", "zh", "ru"} <= set(formula.titles) and formula.latex and formula.keywords
    assert len(formula.mutants) >= 2
    for check in formula.extra_checks:
        outcome = check()
        assert outcome.ok, outcome.detail



@pytest.mark.parametrize("formula_id", ENTRIES)
def test_every_spelling_of_a_parameter_is_printable_text(formula_id):
    """A spelling typed without a raw string (`"\\beta"` is a backspace and `eta`) matches no note."""
    spellings = [s for names in ENTRIES[formula_id].aliases.values() for s in names]
    assert all(s.isprintable() for s in spellings), [s for s in spellings if not s.isprintable()]

def test_family_modules_import_no_heavy_library():
    """`kb --help` and a no-change build import the registry: torch, numpy and sympy load only when a check runs."""
    code = ("import sys; from kb.formulas import registry; assert len(registry()) > 200; "
            "print(sorted({'torch', 'numpy', 'sympy'} & set(sys.modules)))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"

