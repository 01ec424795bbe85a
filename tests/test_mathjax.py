"""Every formula in the built Anki deck parses in MathJax configured as Anki's reviewer runs it.

MathJax itself (mathjax-full from npm, installed into tests/js by `scripts/setup.sh --test`) runs in node;
tests/js/tex_check.js loads the TeX packages Anki loads and reports each formula's error. Undefined
macros such as `\\R` or `\\bm` are errors there, as they are red text on a card, so these tests also guard
kb.emit.tex_macros, which rewrites them at build time.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kb.build import collect
from kb.emit.anki import PACKAGE_NAME, write_decks
from kb.emit.html import tex_to_mathml
from kb.emit.tex_macros import ARGUMENT_MACROS, SIMPLE_MACROS, expand_macros
from kb.eval import copy_without_gold
from kb.formulas import registry
from kb.macros.undefined import mathjax_commands

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "tests" / "js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (MathJax runs in node)")

_MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.S)


def mathjax_errors(formulas: list[tuple[str, bool]]) -> list[str | None]:
    """MathJax's error for each (tex, display), or None where it parses."""
    if not (JS / "node_modules" / "mathjax-full").is_dir():
        pytest.fail("mathjax-full is not installed: run `bash scripts/setup.sh --test` (npm ci in tests/js)")
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in formulas])
    done = subprocess.run([NODE, str(JS / "tex_check.js")], input=payload, capture_output=True, text=True,
                          cwd=JS, timeout=300, check=True)
    return json.loads(done.stdout)


def field_formulas(field_html: str) -> list[tuple[str, bool]]:
    """The formulas MathJax typesets in one field: \\(..\\) and \\[..\\] outside code, as the reviewer
    sees them (HTML entities decoded; a cloze inside math shows its answer)."""
    found = []
    for match in _MATH.finditer(_CODE.sub("", field_html)):
        display = match.group(2) is not None
        tex = html.unescape(match.group(2) if display else match.group(1))
        found.append((_CLOZE.sub(r"\1", tex), display))
    return found


def deck_formulas(notes_dir: Path, out: Path) -> list[tuple[str, bool]]:
    """Build kb.apkg from a notes folder, import it into a real Anki collection and read every field."""
    notes, cards, *_ = collect(notes_dir)
    write_decks(notes, cards, out, notes_dir)
    col = Collection(str(out / "col.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out / PACKAGE_NAME), options=options))
        formulas = [f for note_id in col.find_notes("") for field in col.get_note(note_id).fields
                    for f in field_formulas(field)]
    finally:
        col.close()
    return formulas


def failures(formulas: list[tuple[str, bool]]) -> list[str]:
    return [f"{error}: {tex[:80]!r}" for (tex, _), error in zip(formulas, mathjax_errors(formulas)) if error]


# ---------------------------------------------------------------- the checker itself

def test_checker_reports_undefined_macros_and_broken_tex():
    errors = mathjax_errors([(r"x\in\R^n", False), (r"\frac{a}{", True), (r"\ce{H2O}\coloneqq\boldsymbol{x}", False)])
    assert "\\R" in errors[0] and errors[1] and errors[2] is None


# ---------------------------------------------------------------- the macro table

USES = {name: rf"x\in\{name}" for name in SIMPLE_MACROS} | {"bm": r"\bm{x}", "bold": r"\bold{x}", "vb": r"\vb{x}",
                                                            "T": r"W^\T x", "argmax": r"\argmax_a Q(s,a)",
                                                            "argmin": r"\argmin_w L(w)"}
USES |= {name: rf"\{name}{{x-\abs{{y}}}}" for name in ARGUMENT_MACROS} | {
    "label": r"x=1\label{eq:a}", "nonumber": r"x=1\nonumber", "notag": r"x=1\notag"}
USES |= {"pdv": r"\pdv{L}{c} + \pdv[2]{f}{x}", "dv": r"\dv x x^2", "qty": r"\sigma\qty[\sum_i x_i]",
         "only": r"\only<2->{x = 1}", "markdown escapes": r"v_{\*} = \-0.5", "hspace*": r"\hspace*{-1cm} x"}


def latex2mathml_error(latex: str) -> str | None:
    try:
        tex_to_mathml(latex, display=True)   # raises on a command latex2mathml does not know
    except ValueError as exc:
        return str(exc)
    return None


def test_every_macro_fails_raw_in_a_renderer_and_renders_once_expanded_in_both():
    raw, expanded = list(USES.values()), [expand_macros(u) for u in USES.values()]
    raw_errors = zip(mathjax_errors([(u, True) for u in raw]), map(latex2mathml_error, raw))
    assert [u for u, errors in zip(raw, raw_errors) if not any(errors)] == []   # each macro is one a renderer lacks
    assert failures([(u, True) for u in expanded]) == []
    assert [u for u in expanded if latex2mathml_error(u)] == []


def test_registry_formulas_shown_on_cards_parse_in_mathjax():
    assert failures([(expand_macros(f.latex), True) for f in registry()]) == []


# ---------------------------------------------------------------- the built decks

MACRO_NOTE = """# Linear algebra for ML

## What is a linear layer?

A map $f:\\R^n\\to\\R^m$, $f(\\bm{x})=W^\\T\\bm{x}+b$, with $\\norm{W}_F$ kept small.

## Which action does a greedy policy take?

$$\\pi(s)=\\argmax_a Q(s,a),\\quad \\E[G_t]=\\sum_k\\gamma^k r_{t+k+1}$$
"""


def test_a_deck_from_notes_that_use_common_macros_renders_in_mathjax(tmp_path):
    notes_dir = tmp_path / "notes"
    notes_dir.mkdir()
    (notes_dir / "macros.md").write_text(MACRO_NOTE, encoding="utf-8")
    formulas = deck_formulas(notes_dir, tmp_path)
    assert failures(formulas) == []
    assert any(r"\mathbb{R}" in tex for tex, _ in formulas) and any(r"\boldsymbol" in tex for tex, _ in formulas)


@pytest.mark.parametrize("folder", ["notes", "tests/corpus"])
def test_every_formula_in_the_built_deck_parses_in_mathjax(folder, tmp_path):
    source = ROOT / folder
    if not source.is_dir():
        pytest.skip(f"{folder} is not in this checkout")
    notes_dir = tmp_path / "notes"
    copy_without_gold(source, notes_dir)
    formulas = deck_formulas(notes_dir, tmp_path)
    assert formulas, "the deck has no formulas: the extraction is broken"
    assert failures(formulas) == []


# ---------------------------------------------------------------- what kb.macros.undefined takes MathJax to define

def test_the_list_of_mathjax_commands_is_the_one_mathjax_full_defines():
    listed = subprocess.run([NODE, str(JS / "mathjax_commands.js")], capture_output=True, text=True, cwd=JS,
                            timeout=120, check=True).stdout.split()
    assert sorted(listed) == sorted(mathjax_commands())   # else: rerun tests/js/mathjax_commands.js (its header)
    assert "Loss" not in listed and "Undefined control sequence" in mathjax_errors([(r"\Loss(w)", True)])[0]
