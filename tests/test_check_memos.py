"""What checking keeps for reuse (per process, and per user between builds) must only ever answer for the
input it was made from: another spelling, an entry changed under the same id, or the same formula under other
words gets its own answer, never one kept for its neighbour."""
from __future__ import annotations

import random
from dataclasses import replace

from kb.check.entries import note_name
from kb.check.link import attach_checks, candidate_mappings
from kb.formulas import registry
from kb.parse import parse_note
from kb.read import read_bytes
from kb.cards import make_cards


def _registry_spellings() -> list[str]:
    return sorted({s for f in registry() for param, aliases in f.aliases.items() for s in (param, *aliases)})


def test_a_kept_note_name_is_the_translation_of_that_very_spelling():
    # spellings that one key too coarse (the symbol key drops accents: all three are p^t there) would merge
    accented = ["p^t", r"\tilde{p}^t", r"\hat{p}^t", r"\bar{p}^t", "y", r"\hat{y}", r"\mathbf{x}", "x_i"]
    order = _registry_spellings() + accented
    random.Random(13).shuffle(order)
    kept = [note_name(s) for s in order]   # every translation kept, in a shuffled order
    assert [note_name(s) for s in reversed(order)] == kept[::-1]
    assert kept == [note_name.__wrapped__(s) for s in order]   # each the uncached translation of its spelling
    assert len({note_name(s) for s in ("p^t", r"\tilde{p}^t", r"\hat{p}^t", r"\bar{p}^t")}) == 4
    assert note_name("y") != note_name(r"\hat{y}")


def test_an_entry_changed_under_the_same_id_is_matched_by_its_own_aliases():
    conv = next(f for f in registry() if f.id == "conv_output_size")
    renamed = replace(conv, aliases={**conv.aliases, "P": ("rho",)})   # same id, padding spelt otherwise
    symbols = frozenset({"W", "F", "rho", "S"})
    assert candidate_mappings(conv, symbols) == []
    assert candidate_mappings(renamed, symbols) == [{"F": "F", "S": "S", "P": "rho", "W": "W"}]
    assert candidate_mappings(conv, symbols) == []   # what was kept for the renamed entry is not conv's
    assert candidate_mappings(conv, frozenset({"W", "F", "P", "S"})) != []


NOTE = """# Convolutions

## Dilated convolution

The output size of a dilated convolution:

$$O=\\frac{W+2P-(d(k-1)+1)}{S}+1$$

## Sizes

Some sizes:

$$O=\\frac{W+2P-(d(k-1)+1)}{S}+1$$
"""


def _checks(store) -> list[tuple[str, str]]:
    note = parse_note(read_bytes(NOTE.encode(), "conv.md"))
    cards = [c for c in attach_checks([note], make_cards(note), store, salt="test") if c.kind == "formula"]
    return [(c.source.line, c.check.status) for c in cards]


class _Store(dict):
    def put(self, key, value):
        self[key] = value


def test_the_same_formula_under_other_words_is_decided_for_its_own_words():
    store = _Store()
    first = _checks(store)
    # the same LaTeX: where the words name the dilated convolution it differs, where nothing names it kb is unsure
    assert [status for _, status in first] == ["note_differs", "not_checkable"]
    decisions = [kept for kept in store.values() if isinstance(kept, dict)]   # (the note's statements are lists)
    assert {kept["status"] for kept in decisions} == {"note_differs", "not_checkable"}   # one kept for each
    assert _checks(store) == first   # read back from the store, each keeps its own verdict


def test_an_entry_changed_under_the_same_id_plays_the_roles_of_its_own_spelling():
    from kb.check.notation import course_spellings, roles_of

    mse = next(f for f in registry() if f.id == "mse")
    assert roles_of(mse) == {"y_hat": "prediction", "y": "target"}
    renamed = replace(mse, aliases={param: ("q",) for param in mse.aliases})   # same id, no role's spelling
    assert roles_of(renamed) == {} and course_spellings(renamed, "y") == frozenset()
    assert roles_of(mse) == {"y_hat": "prediction", "y": "target"}   # what was kept for the renamed entry is not mse's


def test_a_kept_naming_answers_for_its_own_words():
    from kb.check.naming import naming_phrase, normalise

    relu = next(f for f in registry() if f.id == "relu")
    assert naming_phrase(relu, "## ReLU") == "relu"
    # a longer name that holds the entry's own is another entry's: blanked, however often the words were seen
    assert naming_phrase(relu, "## Leaky ReLU") == ""
    assert naming_phrase(relu, "## ReLU") == "relu"
    assert normalise("Leaky-ReLU") == normalise.__wrapped__("Leaky-ReLU") == "leaky relu"


def test_the_phrase_quoted_for_an_entry_does_not_depend_on_string_hashing():
    import os
    import subprocess
    import sys

    # pool_output_size has several phrases as long as "max pooling" ("output size"): a tie the order decides
    code = ("from kb.formulas import get; from kb.check.naming import naming_phrase;"
            "print(naming_phrase(get('pool_output_size'), 'What is max pooling? Its output size'))")
    found = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("4", "5", "6", "7")}
    assert len(found) == 1


def test_a_registry_entrys_truths_are_kept_per_user_and_a_variants_never(tmp_path, monkeypatch):
    from kb.check.entries import _kept_truths, entry_examples

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    relu = next(f for f in registry() if f.id == "relu")
    examples = entry_examples(relu)
    first = _kept_truths(relu, examples)
    kept = list((tmp_path / "kb" / "truths").rglob("*.pickle"))
    assert len(kept) == 1 and first == tuple(relu.truth(**p) for p in examples)
    kept[0].write_bytes(__import__("pickle").dumps(tuple(-1.0 for _ in examples)))
    assert _kept_truths(relu, examples) == tuple(-1.0 for _ in examples)   # read back, not computed again
    # an entry changed under the same id computes its own truths, and keeps none
    variant = replace(relu, truth=lambda **params: 0.0)
    assert _kept_truths(variant, examples) == tuple(0.0 for _ in examples)
    assert len(list((tmp_path / "kb" / "truths").rglob("*.pickle"))) == 1
    kept[0].write_bytes(b"not a pickle")   # a damaged file is a miss, computed again
    assert _kept_truths(relu, examples) == first


def test_a_registry_entrys_note_views_are_kept_per_user_and_a_variants_never(tmp_path, monkeypatch):
    from kb.check.entries import _kept_views, entry_examples

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    returns = next(f for f in registry() if f.id == "return_recursive")
    examples = entry_examples(returns)
    first = _kept_views(returns, examples)
    kept = list((tmp_path / "kb" / "views").rglob("*.pickle"))
    # kept under the entry's own names: the names notes give them come from the translator's code
    assert len(kept) == 1 and first == tuple(dict(returns.note_view(**p)) for p in examples)
    kept[0].write_bytes(__import__("pickle").dumps(tuple({"G": 0.5} for _ in examples)))
    assert _kept_views(returns, examples) == tuple({"G": 0.5} for _ in examples)   # read back
    variant = replace(returns, note_view=lambda **params: {"G": 1.0})
    assert _kept_views(variant, examples) == tuple({"G": 1.0} for _ in examples)
    assert len(list((tmp_path / "kb" / "views").rglob("*.pickle"))) == 1
    kept[0].write_bytes(b"not a pickle")   # a damaged file is a miss, computed again
    assert _kept_views(returns, examples) == first
    relu = next(f for f in registry() if f.id == "relu")   # an entry with no view keeps no file
    assert _kept_views(relu, entry_examples(relu)) == tuple({} for _ in entry_examples(relu))
    assert len(list((tmp_path / "kb" / "views").rglob("*.pickle"))) == 1


def test_matching_a_formula_against_every_entry_imports_no_torch_once_the_views_are_kept(tmp_path):
    """A note worker matches every formula's symbols against every entry's quantities; an entry's view that
    computes with torch (an episode's returns) must not load torch (190 MB) into every worker of every build,
    and the quantities read back are those computed, under the names notes give them."""
    import os
    import subprocess
    import sys

    code = ("import sys; from kb.formulas import registry; from kb.check.entries import entry_envs, EntryError\n"
            "envs = {}\n"
            "for f in registry():\n"
            "    try: envs[f.id] = entry_envs(f)\n"
            "    except EntryError: pass\n"
            "print(repr(sorted(envs.items())))\n"
            "print('torch' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first, again = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                   env=env).stdout.splitlines() for _ in range(2))
    assert (first[1], again[1]) == ("True", "False")
    assert first[0] == again[0] and "'view:" in first[0]


def test_a_steps_simplified_difference_is_kept_per_expression():
    import sympy

    from kb.check.steps import _simplified

    x = sympy.Symbol("x")
    assert _simplified(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1) == 0
    assert _simplified(x * (x + 1) - x ** 2) == x == _simplified.__wrapped__(x * (x + 1) - x ** 2)


def test_a_rebuild_whose_decisions_are_all_kept_imports_no_sympy(tmp_path):
    """An edit that leaves a note's formulas as they were finds every decision kept; the quantities the note
    states (read with sympy) are kept with them, so the rebuild does not import sympy (half a second)."""
    import json
    import subprocess
    import sys

    note = tmp_path / "sigmoid.md"
    note.write_text("# Logistic regression\n\n## Sigmoid\n\n$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n"
                    "## Prediction\n\n$$z = w x + b$$\n\n$$\\hat y = \\sigma(w x + b)$$\n", encoding="utf-8")
    code = ("import json, sys; from pathlib import Path; from kb.build import process_note, check_cards\n"
            "note, cards = process_note(Path(sys.argv[1]).read_bytes(), 'sigmoid.md')\n"
            "checked = check_cards(note, cards, Path(sys.argv[2]))\n"
            "print(json.dumps([card.check.to_dict() if card.check else None for card in checked]))\n"
            "print('sympy' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code, str(note), str(tmp_path / "links")], capture_output=True,
                           text=True, check=True).stdout.splitlines() for _ in range(2)]
    assert (runs[0][1], runs[1][1]) == ("True", "False")
    assert runs[0][0] == runs[1][0] and any(check is not None for check in json.loads(runs[0][0]))
