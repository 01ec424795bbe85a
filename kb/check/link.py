"""Link note formulas to the registry: find the entry a formula states, check it, and record the result.

A note formula is matched by what it is written in (its symbols against each entry's aliases), what is
written around it (the section's headings and nearby text against each entry's keywords and titles),
and finally by running it: the note's own right-hand side, with its symbols mapped onto the entry's
parameters, is the candidate that `compare()` runs against the entry's ground truth.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from kb.check import (any_function, approximation, argument_order, assignment, bare_braces, chain_links,
                      index_slips, integer_brackets, kl_arguments, layer_labels, leibniz_chain, leibniz_gradient,
                      log_base, sampled_from, scale_words, standard_deviation, stated_bound, worked_step)
from kb.check.compare import Counterexample, attempt, short, smallest
from kb.check.decision import Decision, Evidence
from kb.check.formula_gaps import lost_its_math, markdown_gaps
from kb.check.entries import (VIEW_PREFIX, EntryError, entry_cases, entry_envs, entry_examples, is_array, is_number,
                              note_name, note_view_of, parameters, part_of)
from kb.check.latex_text import MATH_SPAN, STATED_VALUE_END, symbol_key
from kb.check.notation import course_spellings, is_cost, names_a_cost, names_a_loss
from kb.check.primes import read_primes
from kb.check.stated_derivative import Stated, note_statements, stated_quantities
from kb.check.naming import (LETTER_MEANINGS, entry_phrases, kind_named, letter_meaning, names_a_derivative,
                             goes_on_with_the_sentence, names_within, naming_phrase, naming_score, normalise,
                             expand_abbreviations, role_named, rounding_down_said, subject_match, variant_named)
from kb.formulas.core import Formula, values_match
from kb.model import CHECK_CRASHED, Block, Card, Check, Note, Section

MAX_MAPPINGS = 64              # alias assignments tried per entry; notes use few symbols, so this is ample
NEAR_BLOCKS = 3                # paragraphs before a formula that count as its context
AGREEMENT_FOR_SAME_QUANTITY = 0.2   # a formula right this often, with no naming text, is a wrong version of it

# (an arg max over a table's index, \arg\max_a Q(s,a), is computed; over anything else it does not translate)
_PROBABILISTIC = re.compile(r"\\Pr\b|\bPr\s*\(|\\mathbb\{E\}|\\mathcal\{N\}|\\text\{Norm\}|\\text\{Cat\}|\\propto|"
                            r"\\int\b")
# an equation in math written $...$ or \(...\) (Anki's and MathJax's inline delimiters)
_EQUATION_IN_TEXT = re.compile(r"\$[^$]*(?<![<>!\\])=[^$]*\$|\\\((?:(?!\\\)).)*?(?<![<>!\\])=(?:(?!\\\)).)*?\\\)", re.S)
_RESTORED_LINE = {
    "en": "Formula restored from kb's checked registry",
    "zh": "公式由 kb 的已验证公式库补全",
    "ru": "Формула восстановлена из проверенного реестра kb",
}

@dataclass(frozen=True)
class _Trial:
    formula: Formula
    mapping: dict[str, str]
    naming: int                     # length of the longest keyword/title found near the formula (0: none)
    agreement: float                # share of examples where the note's formula gives the truth
    counterexample: Counterexample | None
    examples: int
    part: int | None = None         # the component of a multi-part truth the note states


# ---- matching --------------------------------------------------------------------------------------

def _aliases(formula: Formula, param: str) -> set[str]:
    return {note_name(a) for a in (param, *formula.aliases.get(param, ()))}


_VARIABLES: dict[int, tuple[Formula, dict[str, tuple[frozenset[str], bool]]]] = {}


def _variables(formula: Formula) -> dict[str, tuple[frozenset[str], bool]]:
    """What a note symbol can stand for in this entry: name -> (spellings, is a vector)."""
    cached = _VARIABLES.get(id(formula))
    if cached is not None and cached[0] is formula:
        return cached[1]
    envs = entry_envs(formula)
    found: dict[str, tuple[frozenset[str], bool]] = {}
    for name in envs[0] if envs else ():
        values = [env[name] for env in envs]
        if all(is_number(v) for v in values):
            vector = False
        elif all(is_array(v) or hasattr(v, "index_values") for v in values):
            vector = True   # a vector, a table, or a table that computes its entries (an MDP's p(s',r|s,a))
        else:
            continue
        spellings = ({name[len(VIEW_PREFIX):]} if name.startswith(VIEW_PREFIX)
                     else _aliases(formula, name) | course_spellings(formula, name))
        found[name] = (frozenset(spellings), vector)
    _VARIABLES[id(formula)] = (formula, found)
    return found


_SPELLINGS: dict[int, tuple[Formula, frozenset[str]]] = {}


def _spellings(formula: Formula) -> frozenset[str]:
    """Every way a note may spell any of the entry's parameters (its aliases and its roles' course letters)."""
    cached = _SPELLINGS.get(id(formula))
    if cached is None or cached[0] is not formula:
        found = frozenset(name for param in formula.aliases
                          for name in _aliases(formula, param) | course_spellings(formula, param))
        cached = _SPELLINGS[id(formula)] = (formula, found)
    return cached[1]


@lru_cache(maxsize=65536)
def _forms(symbol: str) -> tuple[str, str, str]:
    """How a note symbol may name a quantity (_fits): as written, as a vector's element written for the vector
    (x_i names x), and as a size along one axis (kernel_H, pad_W, kernel_size_0 name the size)."""
    return symbol, re.sub(r"_[a-z](?=\^|$)", "", symbol), re.sub(r"_\d$|(?<=[a-z]{2})_[HW]$", "", symbol)


def _fits(forms: tuple[str, str, str], spellings: frozenset[str], vector: bool) -> bool:
    """x_i names the vector x (one element written for all); W_1 names the scalar W (the first layer's W, the
    input of W_2 = ...); otherwise the spelling must match."""
    return forms[0] in spellings or (forms[1] if vector else forms[2]) in spellings


def candidate_mappings(formula: Formula, symbols: frozenset[str]) -> list[dict[str, str]]:
    """Every injective assignment of the note's symbols onto the entry's quantities.

    Each symbol must name some parameter (or a quantity of the entry's note view). A parameter the note
    leaves out keeps its example values, so a formula that forgets one (P in an output size) is caught.
    """
    variables = _variables(formula)
    if not variables or not symbols:
        return []
    choices: list[list[str]] = []
    ordered = sorted(symbols)
    for symbol in ordered:
        forms = _forms(symbol)
        fits = [name for name, (spellings, vector) in variables.items() if _fits(forms, spellings, vector)]
        if not fits:
            return []
        choices.append(fits)
    mappings = []
    for combo in itertools.islice(itertools.product(*choices), MAX_MAPPINGS * 8):
        if len(set(combo)) == len(combo):
            mappings.append({param: sym for param, sym in zip(combo, ordered)})
        if len(mappings) >= MAX_MAPPINGS:
            break
    return mappings


def _parts_for(formula: Formula, lhs_latex: str) -> list[int | None]:
    """The truth's components a note formula with this left side may state (None: the whole truth)."""
    if not formula.note_parts:
        return [None]
    named = {symbol_key(k): i for k, i in formula.note_parts.items()}
    lhs = symbol_key(lhs_latex)
    return [named[lhs]] if lhs in named else sorted(set(named.values()))


def _trial(formula: Formula, mapping: dict[str, str], function: Callable[[dict[str, Any]], Any], naming: int,
           part: int | None) -> _Trial:
    """The note's formula run on every example of the entry, each once: its agreement with the truth and the
    counterexample compare() would report (the smallest failing example)."""
    from kb.check.latex import unstated_points

    examples, expected = entry_cases(formula)
    envs = entry_envs(formula)
    failures = []
    for params, env, truth in zip(examples, envs, expected):
        want = part_of(truth, part)

        def evaluate() -> Any:
            note_env = {sym: env[var] for var, sym in mapping.items()}
            return _plain(_stated_or(want, function(note_env), unstated_points(function, note_env)))

        got = attempt(evaluate)
        if not values_match(want, got, formula.rel_tol, formula.abs_tol):
            failures.append(Counterexample(dict(params), want, got))
    counterexample = smallest(failures) if failures else None
    return _Trial(formula, mapping, naming, (len(examples) - len(failures)) / max(len(examples), 1), counterexample,
                  len(examples), part)


def _stated_or(want: Any, got: Any, unstated: Any) -> Any:
    """The note's values, with the truth where its piecewise definition has no row (a break point it leaves
    open states nothing there, so it cannot be wrong there)."""
    import numpy as np

    if unstated is False or not np.any(unstated):   # (False: a formula with no piecewise rows, the usual case)
        return got
    if not np.ndim(got):
        return want
    return np.where(unstated, np.asarray(want, dtype=float), got)


def _plain(value: Any) -> Any:
    """Numbers and nested lists, as the truth gives them (numpy results converted, complex made real)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, complex):
        return value.real if value.imag == 0 else value
    return value


def check_note_formula(latex: str, context: str = "", formulas: Sequence[Formula] | None = None,
                       definitions: dict[str, str] | None = None, heading: str = "",
                       stated: tuple[Stated, ...] = (), local: str | None = None,
                       companions: tuple[str, ...] = ()) -> Decision:
    """Decide whether the note has `latex` right (_note_formula_decision); a formula written with ≈ states an
    approximation, which is never wrong for differing from the exact quantity (kb.check.approximation)."""
    decision = _note_formula_decision(latex, context, formulas, definitions, heading, stated, local, companions)
    # `E = -\sum_i t_k \log y_k`: read numerically it is the cross-entropy, as written n copies of one term
    if decision.status == "verified" and decision.method != "arithmetic" and (slip := index_slips.slip(latex)):
        return Decision("not_checkable", latex, detail=(
            f"agrees with {decision.formula.id if decision.formula else 'kb'}'s reading of it, but its indices do not "
            f"fit: {slip}"), evidence=decision.evidence)
    if sign := approximation.written_as(latex):
        return approximation.withhold(decision, f"it is written with {sign}")
    return decision


def _note_formula_decision(latex: str, context: str = "", formulas: Sequence[Formula] | None = None,
                           definitions: dict[str, str] | None = None, heading: str = "",
                           stated: tuple[Stated, ...] = (), local: str | None = None,
                           companions: tuple[str, ...] = ()) -> Decision:
    """Decide whether the note has `latex` right (see _check_formula); a chain `a = b = c` is verified only when
    each of its links is (kb.check.chain_links), not by its first and last parts alone, and it differs wherever
    two of its rewritings differ (kb.check.chain_parts), whatever entries its links agree with. A prime is read
    however it was typed (kb.check.primes): `σ′(x)` and `σ^{\\prime}(x)` are `σ'(x)`."""
    latex = read_primes(latex)
    if joined := _joined_statements(latex):
        return Decision("not_checkable", latex, detail=f"{joined}, so they are not read as one chain")
    # `W \sim U(-a, a)`: a weight drawn from a distribution, checked by the bound or variance that fixes it
    if (drawn := sampled_from.decide(latex, lambda equation, entries: check_note_formula(
            equation, context, entries, definitions, heading, stated, local, companions))) is not None:
        return drawn
    if (bounded := stated_bound.decide(latex, lambda equation: check_note_formula(
            equation, context, formulas, definitions, heading, stated, local, companions))) is not None:
        return bounded
    decision = _chain_decision(latex, context, formulas, definitions, heading, stated, local, companions)
    if decision.status == "note_differs" or decision.method in chain_links.STEPWISE:
        return decision
    from kb.check import chain_parts   # (sympy: not imported by a rebuild whose decisions are all kept)

    decision = chain_parts.check_parts(latex) or decision
    # σ_w = √(2/n_in), which no entry states as written: its square, a variance, may be one an entry states
    if decision.status not in LINKED_STATUSES and (deviation := standard_deviation.decide(latex, lambda squared: (
            check_note_formula(squared, context, formulas, definitions, heading, stated, local, companions)))):
        return deviation
    return decision


def _chain_decision(latex: str, context: str, formulas: Sequence[Formula] | None, definitions: dict[str, str] | None,
                    heading: str, stated: tuple[Stated, ...], local: str | None,
                    companions: tuple[str, ...]) -> Decision:
    decision = _check_formula(latex, context, formulas, definitions, heading, stated, local, companions)
    decision = chain_links.check_every_link(latex, decision, lambda link, entries=None: _check_formula(
        link, context, entries if entries is not None else formulas, definitions, heading, stated, local, companions))
    # `s = e^a/(e^a+e^b) = 1/(1+e^{b-a})`: a first part that only names the value leaves an identity kb computes
    if decision.status not in LINKED_STATUSES and (rest := chain_links.after_leading_name(latex)):
        from kb.check.identity import METHOD

        identity = _check_formula(rest, context, formulas, definitions, heading, stated, local, companions)
        if identity.method == METHOD and identity.status in LINKED_STATUSES:
            return replace(identity, note_latex=latex, detail=(
                f"{latex.split('=', 1)[0].strip()} names the value; the rest is an identity: {identity.detail}"))
    return decision


_BARE_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
# a row that goes on with the row above it: a relation (a chain: `= c`) or an operator (a long sum: `+ λ‖w‖²`)
_GOES_ON = re.compile(r"^\s*&?\s*(?:[=<>+\-*/]|\\(?:approx|le|ge|leq|geq|cdot|times|quad|qquad)(?![A-Za-z]))")


def _joined_statements(latex: str) -> str:
    """Why the formula holds separate statements kb could not take apart ('' when it is one): rows of a display
    (`\\\\` outside any environment) where a row after the first starts a statement of its own instead of going
    on with the one above, or a comma outside every bracket followed by another equation (`e^{-1} = 0.37,
    0.37 \\times -0.53 = -0.2`, a step and the next). Read as one chain, one statement's end would be compared with
    the next one's start."""
    if "\\begin" not in latex:
        rows = [row for row in _BARE_ROW_BREAK.split(latex) if row.strip()]
        if len(rows) > 1 and not all(_GOES_ON.match(row) for row in rows[1:]):
            return f"its {len(rows)} rows state separate things kb could not take apart"
    depth = 0
    for at, char in enumerate(latex):
        depth += (char in "{([") - (char in "})]")
        # (`\,` is a thin space, no comma: `(\hat y - y)\,x_j` is one product)
        if char == "," and depth == 0 and latex[at - 1:at] != "\\" and "=" in latex[:at] and \
                _EQUATION_AFTER.search(latex[at + 1:]):
            return "a comma outside every bracket joins two equations"
    return ""


_EQUATION_AFTER = re.compile(r"(?<![<>!\\])=|\\approx(?![A-Za-z])")


def _check_formula(latex: str, context: str = "", formulas: Sequence[Formula] | None = None,
                   definitions: dict[str, str] | None = None, heading: str = "",
                   stated: tuple[Stated, ...] = (), local: str | None = None,
                   companions: tuple[str, ...] = ()) -> Decision:
    """Decide whether the note has `latex` right: by the registry entry it states, or, when no entry
    verifies it, as an identity kb computes on both sides (a known function or its derivative on the left).

    `definitions` are the section's other formulas that define a function (`J(X,Y)` -> its right side),
    so `D(X,Y)=1-J(X,Y)` can be read in terms of X and Y. `heading` is the formula's own (innermost) heading:
    a formula that matches an entry nothing names is not verified as that entry under a heading that names
    another topic. `stated` are the quantities the note states by name (x̂_i = ...) that the formula can
    refer to: a derivative ∂x̂/∂σ² of one of them is checked against its statement. `local` is the formula's
    own heading and the words just before it (`context` less the outer headings; None: not known): an entry
    only the outer headings name is no certain identity. `companions` are the rows of the section's other
    formulas: an entry whose conventions its companion formulas fix (momentum's step by its velocity line) is
    judged under the convention they state.
    """
    from kb.check.events import check_events
    from kb.check.identity import a_step_of_a_system, check_identity, check_with_definitions
    from kb.check.ranges import check_range
    from kb.check.stated_derivative import derivative_of_stated_quantity
    from kb.check.stated_loss import gradient_of_stated_loss

    # `{1-\beta} * dW`: braces that draw no parentheses; the formula is judged as the page shows it
    if (braces := bare_braces.decide(latex, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions))) is not None:
        return braces
    # `\left[\frac{W-F+2P}{S}\right]+1`: square brackets that may be Gauss's integer part
    if (brackets := integer_brackets.decide(latex, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions))) is not None:
        return brackets
    # `-\sum p \log_2 p`: a logarithm to a base, whose base is a unit (bits or nats)
    if (based := log_base.decide(latex, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions))) is not None:
        return based
    # `H(p,q) = -\sum q \log p`: a cross-entropy whose left side's argument order says which distribution is true
    if (ordered := argument_order.decide(latex, context, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions))) is not None:
        return ordered
    # `KL(q\|p) = \sum q \log q/p`: a KL divergence's arguments are bound by position, not by letter
    if (bound := kl_arguments.decide(latex, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions))) is not None:
        return bound
    # `Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]}`: a layer's step, its superscripts labels of layers and not powers
    if (layered := layer_labels.decide(latex, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions), context)) is not None:
        return layered
    if (stated_range := check_range(latex)) is not None:   # `σ'(x) ∈ (0, 1/4]`: a claim about all values of σ'
        return stated_range
    # notations rewritten exactly into the entries' spelling: a Bellman equation with an expectation
    # (`v_π(s) = E_π[R_{t+1} + γ v_π(S_{t+1}) | S_t = s]`) or a deterministic policy (`P(s'|s,π(s))`), and a
    # gradient's component over the examples (`∂J/∂θ_j = (1/m)Σ_i (h_θ(x^{(i)}) − y^{(i)}) x_j^{(i)}`)
    if (rewritten := _rewritten_decision(latex, context, definitions, heading, stated, local, companions)) is not None:
        return rewritten
    # `V_{dW} := \beta V_{dW} + (1-\beta) dW`: an optimiser's update in the course notes' d-gradient notation, or
    # `s ← ρ₁s + (1 − ρ₁)g` in the Deep Learning book's
    if (update := _update_notation_decision(latex, context, definitions, heading, stated, local,
                                            companions)) is not None:
        return update
    # `θ_{t+1} = θ_t − η ∂L/∂θ_t`: an update whose gradient is written as a Leibniz fraction, read as ∇L(θ_t)
    if (gradient := leibniz_gradient.rewrite(latex)) is not None:
        decision = check_note_formula(gradient, context, formulas, definitions, heading, stated, local,
                                      companions)
        return replace(decision, note_latex=latex,
                       detail=f"read with the gradient written as ∇, {gradient}: {decision.detail}")
    # `∂ℓ/∂w = ∂ℓ/∂a · ∂a/∂w`: a chain rule in Leibniz's notation, right when its factors cancel to the left side
    if (chain_rule := leibniz_chain.decide(latex)) is not None:
        return chain_rule
    if (events := check_events(latex)) is not None:   # P(A | B) = ...: both sides known for any joint distribution
        return events
    # ∇_w L where the section states L: the note's own loss says which gradient it is
    if (loss_gradient := gradient_of_stated_loss(latex, definitions or {})) is not None:
        return loss_gradient
    # ∂x̂/∂σ² where the note states x̂: the derivative of the note's own quantity
    if (derivative := derivative_of_stated_quantity(latex, stated)) is not None:
        return derivative

    # f'(x) = \lim_{h\to 0} (f(x+h) - f(x))/h: the derivative's definition, which holds for any function
    if (general := any_function.decide(latex, definitions or {})) is not None:
        return general
    # A left side kb computes (σ'(x), d/dx log(1+e^x)) identifies the quantity exactly: its verdict stands
    # over an entry that merely agrees with the right side; a verified entry still gives the card its link.
    identity = check_identity(latex)
    if identity is None and definitions:   # ζ(x) − ζ(−x) = x under the section's ζ(x) = log(1 + exp(x))
        identity = check_with_definitions(latex, definitions, lambda text: check_note_formula(
            text, context, formulas, None, heading, stated, local, companions).status == "verified")
    if identity is not None and (step := a_step_of_a_system(identity, companions)) is not None:
        return step
    if identity is not None and identity.status == "note_differs":
        words = local if local is not None else context
        return (_letter_doubt(identity, words) or _activation_letter(identity, words, lambda text: check_note_formula(
            text, context, formulas, definitions, heading, stated, local, companions)) or identity)
    decision = _registry_decision(latex, context, formulas, definitions, heading, companions)
    if decision.status == "note_differs" and (computed := _label_computed(decision, stated)):
        decision = Decision("not_checkable", latex, detail=(
            f"disagrees with {decision.formula.id}, but it is not certain the note states it: {computed}"),
            evidence=decision.evidence)
    if decision.status == "note_differs" and decision.formula is not None and (
            kind := kind_named(decision.formula, context)):
        decision = Decision("not_checkable", latex, detail=(
            f"disagrees with {decision.formula.id}, but the words near it also name the {kind}, a kind of it "
            "the expression may state"), evidence=decision.evidence)
    if decision.status in LINKED_STATUSES and decision.formula is not None and (
            doubt := _identity_doubt(decision, context, heading, local)):
        decision = Decision("not_checkable", latex, detail=(
            f"{'agrees' if decision.status == 'verified' else 'disagrees'} with {decision.formula.id}, but it is not "
            f"certain the note states it: {doubt}"), evidence=decision.evidence)
    if decision.status == "note_differs" and local is not None and (
            gap := named_only_by_outer_heading(decision, local, heading)):
        decision = Decision("not_checkable", latex, detail=(
            f"disagrees with {decision.formula.id}, but it is not certain the note states it: {gap}"),
            evidence=decision.evidence)
    if decision.status == "verified" or identity is None:
        return decision
    return identity


def _letter_doubt(identity: Decision, words: str) -> Decision | None:
    """not_checkable when the left side's function is a letter (σ) that the words near it give another meaning
    (the standard deviation, a Gaussian): the note is not certainly about the function kb reads it as."""
    lhs = identity.evidence.lhs if identity.evidence is not None else ""
    letters = [name for name in LETTER_MEANINGS if re.search(rf"\\{name}(?![A-Za-z])", lhs)]
    meaning = next((found for name in letters if (found := letter_meaning(name, words))), "")
    if not meaning:
        return None
    return Decision("not_checkable", identity.note_latex, detail=(
        f"read with σ as the sigmoid it differs ({identity.detail.removeprefix('identity: ')}), but the words near "
        f"it name the {meaning}, which σ also stands for"), evidence=identity.evidence)


_SIGMA_LHS = re.compile(r"\s*\\sigma(?![A-Za-z])")
_SIGMA = re.compile(r"\\sigma(?![A-Za-z])")
_ACTIVATION_FAMILIES = ("activations", "activation_derivatives")


def _activation_letter(identity: Decision, words: str, recheck: Callable[[str], Decision]) -> Decision | None:
    """σ(x) = max(0, x) under words that name another activation (ReLU, tanh) and not the sigmoid: notes write σ
    for whatever activation a layer applies (`a = σ(Wx + b)`), so the formula defines the activation the words
    name. It is checked as that activation, written with a plain function letter; where that gives no verdict
    on the named activation, it is not checkable (None when σ is not on the left or the words name no other
    activation)."""
    from kb.formulas import registry

    lhs = identity.evidence.lhs if identity.evidence is not None else ""
    if not _SIGMA_LHS.match(lhs):
        return None
    activations = [f for f in registry() if f.family in _ACTIVATION_FAMILIES]
    if any(naming_phrase(f, words) for f in activations if f.id in ("sigmoid", "sigmoid_derivative")):
        return None
    named = [f for f in activations if naming_phrase(f, words)]
    if not named:
        return None
    decision = recheck(_SIGMA.sub("f", identity.note_latex))
    if decision.status in LINKED_STATUSES and decision.formula in named:
        return replace(decision, note_latex=identity.note_latex, detail=(
            f"read with σ as the activation the words name ({decision.formula.title}): {decision.detail}"))
    return Decision("not_checkable", identity.note_latex, detail=(
        f"read with σ as the sigmoid it differs ({identity.detail.removeprefix('identity: ')}), but the words near "
        f"it name {named[0].title}, and notes write σ for any activation"), evidence=identity.evidence)


_STATUS_RANK = {"verified": 2, "note_differs": 1, "not_checkable": 0}


def _identity_doubt(decision: Decision, context: str, heading: str, local: str | None) -> str:
    """Why a formula the registry verified or refuted as an entry may state another quantity ('' when none):
    the words name a variant of the entry kb has no entry for ("thresholded ReLU"), or the left side declares a
    parameter its right side never uses (f_θ(x) of a threshold the cases ignore), or, for a refutation, its own
    heading calls it a target and the entry is none."""
    formula = decision.formula
    assert formula is not None
    words = local if local is not None and naming_phrase(formula, local) else context
    if variant := variant_named(formula, words):
        return f"the words name the {variant}, a variant of {formula.title} kb has no entry for"
    # (a variant named in the formula's own heading and paragraphs: one named a section away is another topic)
    if decision.status == "verified" and (entry := _variant_entry_named(formula, local if local is not None
                                                                        else context)):
        return f"the words name {entry.title}, a variant of {formula.title} with an entry of its own"
    if decision.status == "verified" and (other := _decay_coupling_named(formula, local, heading)) is not None:
        return (f"the words just before it name {other.title}, and the formula is {formula.title}: weight decay "
                "added to the gradient and weight decay taken from the weights apart are different steps")
    if swapped := _numbered_roles_swapped(decision.mapping) or _numbered_constant_of_another_role(
            decision, (heading, local or "", context)):
        return swapped
    lhs = decision.evidence.lhs if decision.evidence is not None else ""
    # (unless the letter is one of the entry's own parameters: then the right side leaves out an input the entry
    # has, thresholded ReLU's θ compared with 0, which the entry's examples show)
    if (ignored := _lhs_parameters_unused(decision.note_latex, lhs)) and not any(
            note_name(ignored) in _aliases(formula, p) for p in parameters(formula)):
        return f"its left side {lhs} names {ignored}, which its right side does not use"
    # y = r + γV(s') under "TD target": the quantity its own heading calls a target is no error or update
    if (decision.status == "note_differs" and (role := role_named(heading)) and not _UPDATE_ARROW.search(
            decision.note_latex) and not role_named(" ".join(entry_phrases(formula)) + " " + formula.id)):
        return f"its own heading calls it a {role}, and {formula.id} is not one"
    return ""


_COUPLED, _DECOUPLED = "coupled weight decay", "decoupled weight decay"


def _decay_coupling_named(formula: Formula, local: str | None, heading: str) -> Formula | None:
    """The entry of the other coupling of weight decay that the words between the formula's heading and the formula
    name, where they do not name the formula's own (None when they do not): "Standard L2 regularization in Adam:"
    over θ − α m̂/(√v̂ + ε) − αλθ, which takes the decay from the weights apart as AdamW does, while L2 in Adam adds
    λθ to the gradient, where √v̂ divides it. A heading "AdamW" above both names the section's topic, not the line."""
    from kb.formulas import registry

    own = {normalise(k) for k in formula.keywords}
    coupling = _DECOUPLED if _DECOUPLED in own else _COUPLED if _COUPLED in own else ""
    if not coupling or local is None:
        return None
    # (the heading's words come back in a question front made from it: "AdamW (…): what is the formula for θ?")
    core = re.sub(r"^[\s\d.]+", "", heading).strip()
    words = "\n".join(line for line in local.split("\n") if not core or core not in line)
    if naming_phrase(formula, words):
        return None
    other = _COUPLED if coupling == _DECOUPLED else _DECOUPLED
    return next((entry for entry in registry() if other in {normalise(k) for k in entry.keywords}
                 and naming_phrase(entry, words)), None)


def _variant_entry_named(formula: Formula, words: str) -> Formula | None:
    """An entry of the same family that the words name by a longer name holding this entry's own ("thresholded
    ReLU" holds "ReLU"), where the words do not name this entry by itself; None when there is none."""
    from kb.formulas import registry

    from kb.check.naming import VARIANT_AFTER, VARIANT_BEFORE

    if naming_phrase(formula, words):
        return None
    # (the longer name is the entry's with a variant word, as naming.VARIANT_BEFORE/AFTER list them: "categorical
    # cross-entropy" is no variant of cross-entropy, "thresholded ReLU" is one of ReLU)
    marks = {w for ws in (*VARIANT_BEFORE.values(), *VARIANT_AFTER.values()) for w in ws}
    own = entry_phrases(formula)
    return next((other for other in registry() if other.id != formula.id and other.family == formula.family
                 and (phrase := naming_phrase(other, words))
                 and any(names_within(phrase, p) and phrase.replace(p, " ").strip() in marks for p in own)), None)


_UPDATE_ARROW = re.compile(r"\\leftarrow|\\gets|:=|←")
_NUMBERED = re.compile(r"^(?P<base>[A-Za-z]+?)_?\{?(?P<number>\d+)\}?$")


def _numbered_roles_swapped(mapping: dict[str, str]) -> str:
    """A numbered parameter the note writes under another number of the same letter ('' when none): Adam's
    first moment written with β₂ instead of β₁ computes alike, but the note gives the first moment the
    second moment's constant, which a student would learn."""
    for parameter, symbol in mapping.items():
        entry, note = _NUMBERED.match(parameter), _NUMBERED.match(symbol)
        if entry and note and entry["base"] == note["base"] and entry["number"] != note["number"]:
            return f"it writes {symbol} where the entry has {parameter}"
    return ""


def _numbered_constant_of_another_role(decision: Decision, nearest_words: tuple[str, ...]) -> str:
    """A numbered constant the entry reads as an unnumbered one, which the method the words name gives to another
    role ('' when none). Adam numbers its decays, β₁ for the first moment and β₂ for the second: under "Adam",
    `v_t = β₁v_{t-1} + (1−β₁)g_t²` computes RMSProp's accumulator with decay β₁, but as the second moment it names
    Adam's it gives it the first moment's constant. Found by reading the formula with the other number (β₂) against
    the entries the nearest words name that spell that number and not the note's: one of them verifying it shows
    the quantity the number belongs to is not the one the note states."""
    from kb.formulas import registry

    formula = decision.formula
    assert formula is not None
    numbered = [(symbol, note) for parameter, symbol in decision.mapping.items()
                if (note := _NUMBERED.match(symbol)) and not _NUMBERED.match(parameter)
                and symbol not in _variables(formula).get(parameter, ((), False))[0]]
    if not numbered:
        return ""
    for words in nearest_words:
        named = [entry for entry in registry() if entry.id != formula.id and naming_phrase(entry, words)]
        found = False
        for symbol, note in numbered:
            for entry in named:
                spellings = {s for spelt, _ in _variables(entry).values() for s in spelt}
                others = [s for s in spellings if (m := _NUMBERED.match(s)) and m["base"] == note["base"]
                          and m["number"] != note["number"]]
                if symbol in spellings or not others:
                    continue
                found = True
                spelling = min(others, key=lambda s: ("_" not in s, s))   # β_2 before β2: as the note spells β_1
                renamed = _renamed_symbol(decision.note_latex, note["base"], note["number"],
                                          _NUMBERED.match(spelling)["number"])
                if renamed != decision.note_latex and _registry_decision(
                        renamed, words, [entry], None).status == "verified":
                    return (f"it writes {symbol} where {entry.id}, which the words name, has {spelling} "
                            "(a numbered constant belongs to one role)")
        if found:
            break   # the nearest words that name a method numbering the letter decide
    return ""


def _renamed_symbol(latex: str, base: str, number: str, other: str) -> str:
    """The formula with the numbered symbol (β₁ as `\\beta_1`, `\\beta_{1}` or `β_1`) written under another number."""
    from kb.check.latex_text import _UNICODE_GREEK

    greek = [re.escape(ch) for ch, name in _UNICODE_GREEK.items() if name == base]
    letters = ([re.escape(f"\\{base}") + r"(?![A-Za-z])", *greek] if greek
               else [r"(?<![\\A-Za-z])" + re.escape(base)])
    pattern = re.compile(rf"(?P<letter>{'|'.join(letters)})\s*_\s*(?:\{{\s*{number}\s*\}}|{number}(?!\d))")
    return pattern.sub(lambda m: f"{m['letter']}_{{{other}}}", latex)


# a left side written as a function with a subscript or arguments: f_θ(x), f(x; α); its name (f) is group 1
_DECLARED = re.compile(r"^\s*(\\?[A-Za-z]+)\s*(_\{[^{}]*\}|_\\[A-Za-z]+|_[A-Za-z0-9])?\s*(\(.*\))?\s*$")
_LHS_PARAMETER = re.compile(r"\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|kappa|lambda|mu|nu|"
                            r"xi|rho|tau|phi|varphi|psi|omega)(?![A-Za-z])")


def _lhs_parameters_unused(latex: str, lhs: str) -> str:
    """A Greek parameter the left side declares in its subscript or arguments (f_θ(x), f(x; α)) that the right
    side never writes ('' when none)."""
    declared = _DECLARED.match(lhs)
    if not declared or lhs not in latex:
        return ""
    rest = latex.replace(lhs, " ", 1)
    unused = [m.group() for m in _LHS_PARAMETER.finditer((declared.group(2) or "") + (declared.group(3) or ""))
              if not re.search(re.escape(m.group()) + r"(?![A-Za-z])", rest)]
    return unused[0] if unused else ""


def _rewritten_decision(latex: str, context: str, definitions: dict[str, str] | None, heading: str,
                        stated: tuple[Stated, ...], local: str | None,
                        companions: tuple[str, ...] = ()) -> Decision | None:
    """The verdict on a formula written in a notation kb rewrites exactly into its entries' spelling: expectations
    or a deterministic policy's π(s) as sums over an MDP's tables (kb.check.rl_expectation), a gradient's j-th
    component over the examples as its matrix form (kb.check.component_form). None when no rewrite applies, or its
    reading is not certain."""
    from kb.check import component_form, rl_expectation, rl_notation

    for rewrite, reading in ((rl_notation.rewrite, "in the MDP entries' notation"),
                             (rl_expectation.rewrite, "as sums over the MDP's tables"),
                             (component_form.rewrite, "in matrix form, the component j for every j")):
        rewritten = rewrite(latex)
        if rewritten is not None:
            decision = check_note_formula(rewritten, context, None, definitions, heading, stated, local, companions)
            return replace(decision, note_latex=latex, detail=f"read {reading}, {rewritten}: {decision.detail}")
    return None


def _update_notation_decision(latex: str, context: str, definitions: dict[str, str] | None, heading: str,
                              stated: tuple[Stated, ...], local: str | None,
                              companions: tuple[str, ...] = ()) -> Decision | None:
    """The verdict on an update written in the d-gradient notation (kb.check.update_notation) or the Deep Learning
    book's (kb.check.book_notation), by the entries its target may state; None when it is not written so. Between entries that share the target's letter (V is
    momentum's velocity and Adam's first moment) the ones the nearest words name are the candidates: a line under
    "Adam" is checked as Adam's moment only, never verified as momentum's."""
    from kb.check import book_notation, update_notation
    from kb.formulas import registry

    notation, found = "the d-gradient notation", update_notation.readings(latex)
    if not found:
        notation, found = "the notation of Goodfellow et al.'s Deep Learning", book_notation.readings(latex)
    if not found:
        return None
    by_id = {f.id: f for f in registry()}
    candidates = [(r, by_id[r.formula_id]) for r in found if r.formula_id in by_id]
    for words in (heading, local or "", context):
        named = [(r, f) for r, f in candidates if naming_phrase(f, words)]
        if named:
            candidates = named
            break
    best: tuple[int, Decision] | None = None
    for reading, formula in candidates:
        decision = check_note_formula(reading.latex, context, [formula], definitions, heading, stated, local,
                                      companions)
        detail = decision.detail
        for entry_name, note_name_ in reading.note_names:   # the counterexample in the note's own names
            detail = re.sub(rf"(?<![\w\\]){re.escape(note_name(entry_name))}=", lambda _, n=note_name_: f"{n}=", detail)
        decision = replace(decision, note_latex=latex,
                           detail=f"read in {notation} as {reading.latex}: {detail}")
        if reading.other_gradient is not None and decision.status == "verified":   # b := b − α ∂J/∂w
            decision = replace(decision, status="note_differs", detail=(
                f"a step of {reading.other_gradient[0]} by another parameter's gradient: "
                f"{update_notation.other_gradient_counterexample(*reading.other_gradient)}"))
        if best is None or _STATUS_RANK[decision.status] > best[0]:
            best = (_STATUS_RANK[decision.status], decision)
    return best[1] if best is not None else None


def _registry_decision(latex: str, context: str, formulas: Sequence[Formula] | None,
                       definitions: dict[str, str] | None, heading: str = "",
                       companions: tuple[str, ...] = ()) -> Decision:
    """Which registry entry `latex` states and whether the note has it right."""
    from kb.formulas import registry
    from kb.check.latex import UPDATE, LatexError, parse_formula, strip_formula

    if _PROBABILISTIC.search(latex):
        return Decision("not_checkable", latex, detail="probabilistic model notation, no numeric ground truth")
    if _SET_BUILDER.search(latex):
        return Decision("not_checkable", latex, detail="set-builder notation ({x ∈ S : ...}), not a computation")
    pool = formulas if formulas is not None else equation_entries()
    expanded = _expand_definitions(latex, definitions or {})
    try:
        parts, relations = _chain(strip_formula(expanded))
        if UPDATE not in relations and any(_is_worked(part) for part in parts):
            from kb.check.worked import check_worked

            return check_worked(latex, parts, relations, context, pool)
        from kb.check.steps import check_steps

        if (steps := check_steps(latex, parts, relations, context)) is not None:
            return steps
        parsed = parse_formula(expanded)
    except LatexError as exc:
        return Decision("not_checkable", latex, detail=f"cannot translate the LaTeX: {exc}")
    cancelled = not parsed.symbols
    if cancelled and (parsed := _as_written(parsed)) is None:
        return Decision("not_checkable", latex, detail="no variables and nothing to compare")
    decision = _parsed_decision(latex, parsed, context, pool, heading,
                                (lambda: _registry_trials(expanded)) if formulas is None and not cancelled else None,
                                companions)
    if cancelled and decision.formula is not None and not _lhs_names(decision.formula, parsed.lhs_latex):
        # a number fits every entry: only a left side that names the quantity says which one it is meant to be
        return Decision("not_checkable", latex, detail=(
            f"its right side is a number whatever the names it writes; {decision.formula.id} fits it only by the "
            "words near it, and its left side does not name it"), evidence=decision.evidence)
    if decision.status == "verified":
        return decision
    # Other readings of the same letters; one that verifies the formula shows that a failing match was a
    # misreading: g(s) = 1/(1+e^{-s}) fits softmax's spelling of s, but its left side makes s sigmoid's input.
    # Among failing readings, the one whose entry the formula's own heading names is the quantity meant.
    for reading in _other_readings(parsed, pool):
        named = _parsed_decision(latex, reading[0], context, pool, heading, reading[1], companions)
        if _reading_rank(named, heading) > _reading_rank(decision, heading):
            decision = named
    return decision


def _lhs_names(formula: Formula, lhs: str) -> bool:
    """The left side is the entry's own name: its registry left side (F_1, F1) or one of its names (Recall)."""
    from kb.cards.formula import lhs_of

    def bare(text: str) -> str:
        return re.sub(r"\\(?:text|mathrm|operatorname)|[\s_{}\\]", "", text).lower()

    return bool(lhs.strip()) and (bare(lhs) == bare(lhs_of(formula.latex)) or _output_bonus(formula, lhs) > 0
                                  or formula.id in _entries_named(normalise(symbol_key(lhs))))


def _as_written(parsed: Any) -> Any | None:
    """A right side that cancels to a number as it is written (`\\frac{2·Prec·Rec}{Prec·Rec}`, F1 with the sum in
    its denominator slipped into a product) kept with the names it writes, so that it is judged as the constant it
    is for every value of them; None when it writes no names."""
    import sympy

    from kb.check.latex import LatexError, strip_formula, to_sympy
    from kb.check.latex_text import split_relation

    try:
        text = strip_formula(parsed.latex)
        rhs_latex = split_relation(text)[2] if parsed.lhs_latex else text
        with sympy.evaluate(False):
            written = to_sympy(rhs_latex)
    except (LatexError, ValueError, TypeError, AttributeError):
        return None
    if not written.free_symbols:
        return None
    return replace(parsed, rhs=written)


def _reading_rank(decision: Decision, heading: str) -> tuple[bool, bool, bool]:
    return (decision.status == "verified", decision.status in LINKED_STATUSES,
            decision.formula is not None and bool(naming_phrase(decision.formula, heading)))


def _other_readings(parsed: Any, pool: Sequence[Formula]
                    ) -> Iterator[tuple[Any, Callable[[], tuple[list[_Trial], list[str], list[str]]] | None]]:
    """The formula read with its applied names as quantities, then with its left side's arguments as the
    entry's inputs in order (each: the reading and how to get its trials, None for by spelling)."""
    # f(x) in max(0, 1 − y·f(x)) is the model's output on x: read as a table it fits no entry
    if (values := _function_values_as_names(parsed, pool)) is not None:
        yield values, None
    # d(x, c) = Σ_i (x_i − c_i)²: the left side lists the inputs the right side names with letters of its own
    if (by_position := _arguments_as_inputs(parsed, pool)) is not None:
        yield parsed, lambda: by_position


def _arguments_as_inputs(parsed: Any, pool: Sequence[Formula]) -> tuple[list[_Trial], list[str], list[str]] | None:
    """The trials of the entries whose own left side lists as many inputs as the note's (`d_2(I_1, I_2)` beside
    `d(x, c)`), the note's arguments mapped to the entry's in that order; None unless the note's left side
    applies a name to exactly the symbols its right side uses."""
    import sympy

    from kb.check.latex import APPLY, compile_formula

    lhs = parsed.lhs
    if lhs is None or lhs.func != APPLY or not all(isinstance(a, sympy.Symbol) for a in lhs.args[1:]):
        return None
    names = [a.name for a in lhs.args[1:]]
    if len(set(names)) != len(names) or set(names) != set(parsed.symbols):
        return None
    function = compile_formula(parsed)
    trials: list[_Trial] = []
    fitting: list[str] = []
    for formula in pool:
        order = _entry_arguments(formula)
        if order is None or len(order) != len(names):
            continue
        try:
            found = [_trial(formula, dict(zip(order, names)), function, 0, part)
                     for part in _parts_for(formula, parsed.lhs_latex)]
        except EntryError:
            continue
        fitting.append(formula.id)
        trials.extend(found)
    return (trials, fitting, []) if trials else None


_APPLIED_LHS = re.compile(r"\s*\\?[\w{}\\]+?\(([^()]*)\)\s*=")


def _entry_arguments(formula: Formula) -> tuple[str, ...] | None:
    """The entry's parameters in the order its own left side lists them (`d_2(I_1,I_2)`: a, b); None when its
    left side does not apply a name to every parameter, each argument an alias of one."""
    match = _APPLIED_LHS.match(formula.latex)
    if match is None:
        return None
    params = parameters(formula)
    order = []
    for argument in match.group(1).split(","):
        fits = [p for p in params if note_name(argument.strip()) in _aliases(formula, p)]
        if len(fits) != 1:
            return None
        order.append(fits[0])
    return tuple(order) if len(set(order)) == len(order) == len(params) else None


def _function_values_as_names(parsed: Any, pool: Sequence[Formula]) -> Any | None:
    """The formula with each `f(x)` (a one-letter function applied to names that appear nowhere else in it)
    read as one quantity, when some entry spells a quantity so (the score f(x) of a hinge loss, the prediction
    f(x_i) of an MSE); None when there is no such application. Read as a function, f and x are two inputs."""
    import sympy

    from kb.check.latex import APPLY, LENGTH

    spelled = {f"{a.args[0].name}({','.join(str(x) for x in a.args[1:])})": a for a in parsed.rhs.atoms(APPLY)
               if len(a.args[0].name) == 1 and all(isinstance(x, sympy.Symbol) for x in a.args[1:])}
    # the 1/N of a mean over f(x_i) is read as the length of x: it is the length of the values f(x_i) as well
    sizes = {LENGTH(x): LENGTH(sympy.Symbol(name)) for name, a in spelled.items() for x in a.args[1:]}
    rest = parsed.rhs.xreplace({a: sympy.Integer(1) for a in [*spelled.values(), *sizes]}).free_symbols
    spellings = set().union(*(_spellings(f) for f in pool))
    # (the arguments of a cost's left side, E(w) over the predictions y(x_n, w), are its parameters, not a table's
    # indices)
    indices = set() if is_cost(parsed.lhs) else set(parsed.every_index)
    chosen = {a: sympy.Symbol(name) for name, a in spelled.items()
              if name in spellings and not set(a.args[1:]) & (rest | indices)}
    if not chosen:
        return None
    return replace(parsed, rhs=parsed.rhs.xreplace({**chosen, **{k: v for k, v in sizes.items()
                                                                 if v.args[0] in chosen.values()}}))


def _parsed_decision(latex: str, parsed: Any, context: str, pool: Sequence[Formula], heading: str,
                     trials_of: Callable[[], tuple[list[_Trial], list[str], list[str]]] | None = None,
                     companions: tuple[str, ...] = ()) -> Decision:
    """The registry's verdict on one reading of the formula (`trials_of` gives its trials when they are not the
    entries' whose spellings fit its symbols)."""
    from kb.check.latex import UPDATE, LatexError, compile_formula

    order = sorted(parsed.symbols)
    try:
        trials, fitting, broken = (trials_of() if trials_of is not None
                                   else _numeric_trials(parsed, compile_formula(parsed), pool))
    except LatexError as exc:
        return Decision("not_checkable", latex, detail=f"cannot translate the LaTeX: {exc}")
    if not trials and (product := _per_axis_product(latex, parsed, context, pool)) is not None:
        return product
    updated = assignment.updated_symbol(parsed.lhs, parsed.rhs, parsed.lhs_latex) if parsed.relation == "=" else ""
    if not trials:
        skipped = f" (skipped: {'; '.join(broken)})" if broken else ""
        none_matches = f"no registry entry matches symbols {{{', '.join(order)}}}{skipped}"
        if updated:   # `x = x + \alpha d`: an update, not an equation no entry has the symbols of
            return assignment.unchecked_update(latex, updated, none_matches)
        return Decision("not_checkable", latex, detail=none_matches)
    # the numbers do not depend on the words around the formula; how well the entry is named there does
    naming = {f.id: naming_score(f, context) + _output_bonus(f, parsed.lhs_latex) for f in pool
              if f.id in fitting}
    return _decide(latex, [replace(t, naming=naming[t.formula.id]) for t in trials], fitting, order,
                   parsed.lhs_latex, context, _NoteFormula(compile_formula(parsed), _literals(parsed.rhs),
                                                           _computed_lhs(parsed.lhs),
                                                           parsed.rhs.name if parsed.rhs.is_Symbol else "",
                                                           parsed.lhs is not None and parsed.lhs.is_Add),
                   [f for f in pool if naming_phrase(f, heading)] if heading else [], parsed.relation == UPDATE,
                   companions, updated)


def _per_axis_product(latex: str, parsed: Any, context: str, pool: Sequence[Formula]) -> Decision | None:
    """`(\\frac{H-F+2P}{S}+1)\\times(\\frac{W-F+2P}{S}+1)\\times K`: a product of per-axis sizes states the
    entry once per axis, so each sum it multiplies is checked as that entry (with its own symbols: H and W are
    each the entry's input). The product is verified when every such factor is, and differs when one does;
    None unless every factor is decided by the same entry."""
    import sympy

    from kb.check.latex import compile_numeric

    factors = [f for f in sympy.Mul.make_args(parsed.rhs) if isinstance(f, sympy.Add) and f.free_symbols]
    if len(factors) < 2:
        return None
    decisions = []
    for factor in factors:
        part = replace(parsed, rhs=factor, lhs=None, lhs_latex="")
        function = compile_numeric(factor)
        trials, fitting, _ = _numeric_trials(part, function, pool)
        if not trials:
            return None
        naming = {f.id: naming_score(f, context) for f in pool if f.id in fitting}
        decisions.append(_decide(latex, [replace(t, naming=naming[t.formula.id]) for t in trials], fitting,
                                 sorted(part.symbols), "", context, _NoteFormula(function, _literals(factor))))
    entries = {d.formula.id if d.formula else None for d in decisions}
    if len(entries) != 1 or None in entries or any(d.status not in LINKED_STATUSES for d in decisions):
        return None
    chosen = next((d for d in decisions if d.status == "note_differs"), decisions[0])
    return replace(chosen, detail=f"each of the {len(factors)} per-axis factors is checked as "
                                  f"{chosen.formula.id}: {chosen.detail}")


def _chain(latex: str) -> tuple[list[str], list[str]]:
    """The parts of a chain and its relations; an expression with no relation is one part."""
    from kb.check.latex import LatexError, split_chain

    try:
        return split_chain(latex)
    except LatexError:
        return [latex], []


@lru_cache(maxsize=8192)
def _registry_trials(expanded: str) -> tuple[list[_Trial], list[str], list[str]]:
    """The registry's trials of one formula, kept for the run: a corpus repeats formulas in new contexts."""
    from kb.formulas import registry
    from kb.check.latex import compile_formula, parse_formula

    parsed = parse_formula(expanded)
    return _numeric_trials(parsed, compile_formula(parsed), equation_entries())


@lru_cache(maxsize=1)
def equation_entries() -> tuple[Formula, ...]:
    """The entries an equation may state: all but those that state a drawn weight (W ∼ U(−a, a)), whose bound only a
    statement of the draw names (kb.check.sampled_from): a bare `h = 1/\\sqrt{n}` is a bandwidth or a scale as
    often as the fan-in heuristic's bound."""
    from kb.formulas import registry

    return tuple(formula for formula in registry() if sampled_from.sampled(formula.latex) is None)


def _numeric_trials(parsed: Any, function: Callable[[dict[str, Any]], Any], pool: Sequence[Formula]
                    ) -> tuple[list[_Trial], list[str], list[str]]:
    """Every fitting entry's trials (naming 0), the ids of the entries whose parameters fit, and why entries
    whose own examples or truth raised were skipped."""
    trials: list[_Trial] = []
    fitting: list[str] = []
    broken: list[str] = []
    for formula in pool:
        try:
            mappings = candidate_mappings(formula, parsed.symbols)
            if not mappings:
                continue
            found = [_trial(formula, mapping, function, 0, part)
                     for part in _parts_for(formula, parsed.lhs_latex) for mapping in mappings]
        except EntryError as exc:   # a broken entry judges nothing; `kb verify` shows its own failure
            broken.append(str(exc))
            continue
        fitting.append(formula.id)
        trials.extend(found)
    return trials, fitting, broken


LINKED_STATUSES = ("verified", "note_differs")
_SET_BUILDER = re.compile(r"\\\{[^}]*(?:\\mid|:|\\in)[^}]*\\\}|\\left\\\{.*(?:\\mid|:)")
_DEFINED_FUNCTION = re.compile(r"\s*([A-Za-z])\s*\(\s*[A-Za-z](?:\s*,\s*[A-Za-z])*\s*\)\s*")
# a function of one argument named by a Greek letter (Goodfellow's softplus ζ(x)): an identity may call it, the
# registry's expansion does not; a function kb knows (σ, tanh, log) keeps kb's meaning
_DEFINED_GREEK_FUNCTION = re.compile(r"\s*\\(?:zeta|phi|varphi|psi|eta|xi|chi|rho|kappa)\s*\(\s*[A-Za-z]\s*\)\s*")
# a loss or objective named alone or with arguments (L, \mathcal{L}, J(\theta)): what a gradient's left side names
_STATED_NAME = re.compile(r"\s*(?:[A-Za-z]|\\mathcal\{[A-Z]\}|\\ell)\s*(?:\(\s*\\?[A-Za-z]+(?:\s*,\s*\\?[A-Za-z]+)*\s*\))?\s*")


def _is_worked(part: str) -> bool:
    """A part made of numbers only (a worked example), e.g. 256 \\times 3 \\times 5 = 1,228,800."""
    from kb.check.latex import GREEK, LatexError, to_sympy, tokenize

    tokens = tokenize(re.sub(r"\\(?:begin|end)\{\w+\}", " ", part))
    if not any(t.kind == "num" for t in tokens) or any(
            t.kind == "word" or (t.kind == "cmd" and t.text[1:] in GREEK) for t in tokens):
        return False
    try:
        return not to_sympy(part).free_symbols
    except LatexError:
        return False


def formula_definitions(section: Section, before: int | None = None,
                        rows: Sequence[tuple[int, str, str]] | None = None) -> dict[str, str]:
    """The section's formulas that define a function of named arguments: {'J(X,Y)': right side}.

    A name the section defines twice in different ways says nothing certain about either, except to a derivative
    read in order (`before`, the formula's block index): a list of activations that calls each function f(x)
    redefines f item by item, and f'(x) is the derivative of the last f(x) written above it (kept under the key
    latex_text.DERIVATIVE_ONLY + name). `rows`: the section's definition_rows, when the caller keeps them."""
    from kb.check.latex_text import DERIVATIVE_ONLY

    found: dict[str, str] = {}
    latest: dict[str, str] = {}
    for index, key, rhs in definition_rows(section) if rows is None else rows:
        found[key] = rhs if found.get(key, rhs) == rhs else ""
        if before is not None and index < before:
            latest[key] = rhs
    # (a plain call of a redefined name stays unread: V(s) written in several forms states one quantity several
    # ways, and which form a later V(s') means is not said)
    return {**{key: rhs for key, rhs in found.items() if rhs},
            **{DERIVATIVE_ONLY + key: latest[key] for key, rhs in found.items() if not rhs and key in latest}}


def definition_rows(section: Section) -> list[tuple[int, str, str]]:
    """(block index, defined name, right side) for each formula of the section that defines a function."""
    from kb.check.latex_text import LatexError, split_relation, strip_formula

    rows = []
    for index, block in enumerate(section.blocks):
        if block.kind != "formula" or not block.latex:
            continue
        try:
            lhs, relation, rhs = split_relation(strip_formula(block.latex))
        except LatexError:
            continue
        if relation == "=" and (_DEFINED_FUNCTION.fullmatch(lhs) or _STATED_NAME.fullmatch(lhs)
                                or _DEFINED_GREEK_FUNCTION.fullmatch(lhs)) and not _is_update(lhs, rhs):
            rows.append((index, re.sub(r"\s+", "", lhs), rhs))
    return rows


def _is_update(lhs: str, rhs: str) -> bool:
    """`V(s) = V(s) + α[G − V(s)]`: a left side that is a call its own right side makes is an update written with
    `=` (an assignment, as code and pseudo-code write it), which says how the value changes, not what it is:
    read as a definition it would expand into itself."""
    call = re.sub(r"\s+", "", lhs)
    return "(" in call and call in re.sub(r"\s+", "", rhs)


def _expand_definitions(latex: str, definitions: dict[str, str]) -> str:
    """Replace a call of a defined function, with its own argument names, by its definition; a function of one
    argument applied to another expression (g(θᵀx) where the section defines g(z) = 1/(1+e^{-z})) by its
    definition of that expression."""
    for call, body in definitions.items():
        if not _DEFINED_FUNCTION.fullmatch(call):
            continue   # a name defined alone (L = ...) is the loss a gradient refers to, never expanded
        compact = re.sub(r"\s+", "", latex)
        if call in compact and not compact.startswith(call):
            pattern = r"\s*".join(re.escape(ch) for ch in call)
            latex = re.sub(pattern, lambda _m: "\\left(" + body + "\\right)", latex)
        elif re.fullmatch(r"[A-Za-z]\([A-Za-z]\)", call) and _uses_its_argument(call[2], body):
            latex = _expand_applied(latex, call[0], call[2], body)
    return latex


def _uses_its_argument(parameter: str, body: str) -> bool:
    """Whether a one-argument definition's right side uses its argument. `p(b) = 2/3` beside `p(a) = 1/3` gives
    the function's value at one point (a distribution written as a table of outcomes), not a constant function:
    applied to another argument (p(x_i)) it would collapse every value into one."""
    return re.search(rf"(?<![\\A-Za-z]){parameter}(?![A-Za-z])", body) is not None


def _expand_applied(latex: str, name: str, parameter: str, body: str) -> str:
    """`g(θ^T x)` -> the body with its parameter replaced by `(θ^T x)`; the left side is left as written (it is
    the quantity the formula defines, not a call)."""
    relation = re.search(r"(?<![<>!\\])=|:=|\\leftarrow", latex)
    start = relation.end() if relation else 0
    out, at = [latex[:start]], start
    for match in re.finditer(rf"(?<![\\A-Za-z]){name}\s*(?:\\left)?\s*\(", latex[start:]):
        begin, depth, end = start + match.start(), 1, start + match.end()
        if begin < at:
            continue
        while end < len(latex) and depth:
            depth += {"(": 1, ")": -1}.get(latex[end], 0)
            end += 1
        if depth:
            break
        argument = re.sub(r"\\right\s*$", "", latex[start + match.end():end - 1])
        filled = re.sub(rf"(?<![\\A-Za-z]){parameter}(?![A-Za-z])", lambda _m: "\\left(" + argument + "\\right)", body)
        out += [latex[at:begin], "\\left(" + filled + "\\right)"]
        at = end
    return "".join(out) + latex[at:]


def _output_bonus(formula: Formula, lhs_latex: str) -> int:
    """An lhs the entry knows as its output name (O, W_O, ...) is weak evidence it is the same quantity."""
    params = set(parameters(formula))
    outputs = {_lhs_key(a) for key, names in formula.aliases.items() if key not in params for a in names}
    outputs |= {_lhs_key(k) for k in formula.note_parts}
    return 1 if _lhs_key(lhs_latex) in outputs else 0


def _output_name_of_some_example(formula: Formula, lhs_latex: str) -> bool:
    """The left side is the entry's output name with an example or layer label (z^{(i)}, a^{[l]}: the course notes'
    labels say which example or layer, not which quantity)."""
    labelled = _lhs_key(lhs_latex)
    return bool(_output_bonus(formula, lhs_latex)) or (
        _INDEX_LABEL.search(labelled) is not None and bool(_output_bonus(formula, _INDEX_LABEL.sub("", labelled))))


_INDEX_LABEL = re.compile(r"\^[(\[][^()\[\]]*[)\]]")


def _lhs_key(latex: str) -> str:
    """One spelling for a left side: a derivative written with d, d_{...} or ∂ gives the same key."""
    key = symbol_key(latex)
    return re.sub(r"(?:partial|d)_?(?=[A-Za-z])", "d", key) if _DERIVATIVE_LHS.search(latex) else key


@dataclass(frozen=True)
class _NoteFormula:
    """The note's right side as a function of its symbols, the numbers written in it, and the name it is when
    it is one name alone (`N`, `∇J(w)`)."""
    function: Callable[[dict[str, Any]], Any]
    literals: tuple[float, ...]
    lhs: Callable[[dict[str, Any]], Any] | None = None   # a left side that is an expression (‖u − v‖²), not a name
    lone_name: str = ""
    lhs_is_sum: bool = False   # the left side adds terms (1 − σ(x), ζ(x) − ζ(−x)): no name of a quantity is a sum


def _computed_lhs(lhs: Any) -> Callable[[dict[str, Any]], Any] | None:
    """The left side as a function of the note's symbols when it computes something (‖u − v‖², a − b); None for
    a name (L, MSE, y_i), whose value is what the entry gives."""
    import sympy

    from kb.check.latex import APPLY, LatexError, compile_numeric

    if lhs is None or isinstance(lhs, sympy.Symbol) or not lhs.free_symbols or isinstance(lhs, sympy.Number):
        return None
    if lhs.func == APPLY:
        return None   # V^*(s), Q(s,a): a table's entry names the quantity, as a name does
    if isinstance(lhs, sympy.Pow) and isinstance(lhs.base, sympy.Symbol) and isinstance(lhs.exp, sympy.Symbol):
        return None   # y^{LS}: a superscript that labels the name
    try:
        return compile_numeric(lhs)
    except LatexError:
        return None


def _lhs_disagrees(trial: _Trial, note: _NoteFormula | None) -> bool:
    """The note's left side computes a value that is not the entry's, on the entry's own examples (the right
    side may be right while the equation is not: ‖u − v‖ = 2 − 2cos(u, v))."""
    if note is None or note.lhs is None:
        return False
    examples, expected = entry_cases(trial.formula)
    for env, want in list(zip(entry_envs(trial.formula), expected))[:CASE_EXAMPLES]:
        try:
            got = _plain(note.lhs({sym: env[var] for var, sym in trial.mapping.items()}))
        except Exception:   # the left side names a symbol the entry does not map: not something kb computes
            return False
        if not values_match(part_of(want, trial.part), got, trial.formula.rel_tol, trial.formula.abs_tol):
            return True
    return False


def _literals(expr: Any) -> tuple[float, ...]:
    import sympy

    return tuple(sorted({float(n) for n in expr.atoms(sympy.Number) if n.is_finite}))


def _decide(latex: str, trials: list[_Trial], fitting: list[str], order: list[str], lhs: str = "",
            context: str = "", note: _NoteFormula | None = None, by_heading: Sequence[Formula] = (),
            update: bool = False, companions: tuple[str, ...] = (), updated: str = "") -> Decision:
    """`update`: the formula is an update (`w \\leftarrow w - \\eta g`), whose left side names the new value of an
    input. `companions`: the section's other formulas (see _check_formula). `updated`: the symbol an update
    written with `=` assigns (x in x = x + αd; kb.check.assignment)."""
    # the same numbers under a left side that is another quantity (σ' beside σ) state something else
    passed = [t for t in trials if t.counterexample is None and not _lhs_conflict(t.formula, lhs, t.mapping, update)]
    if not lhs.strip():   # an expression alone states the entry only when the words around it name it
        passed = [t for t in passed if naming_phrase(t.formula, context)]
    failing = [t for t in trials if t.counterexample is not None]
    if passed and all(_lhs_disagrees(t, note) for t in passed):
        best = max(passed, key=lambda t: (t.naming, len(t.mapping)))
        return Decision("not_checkable", latex, detail=(
            f"its right side agrees with {best.formula.id}{_part_name(best)}, but its left side {lhs.strip()} "
            "computes another value, so the equation is not the entry's"), evidence=_evidence(best, lhs, context))
    passed = [t for t in passed if not _lhs_disagrees(t, note)]
    if passed:
        # among entries named alike, the one whose examples are data vectors checked the note's Σ and 1/m: a mean
        # over m examples also agrees with its one-example entry, where the sum has one term and m is 1
        best = max(passed, key=lambda t: (t.naming, _vectors_mapped(t), len(t.mapping)))
        if best.naming:
            return _verified_or_stated(latex, best, lhs, context, note, update, companions)
        if note is not None and note.lone_name:
            # φ(x) = x agrees with any entry whose value is its input (dropout's expectation): letters alone
            return Decision("not_checkable", latex, detail=(
                f"its right side is {note.lone_name} alone, which agrees with {best.formula.id}"
                f"{_part_name(best)}, but nothing near the formula names {best.formula.title}: a name equal to an "
                "input identifies no quantity"), evidence=_evidence(best, lhs, context))
        # The formula is an entry nothing names: a named entry of its family that it gets wrong is the quantity
        # meant (the named quantity wins), and a heading that names another topic leaves its identity open.
        rivals = _named_rivals(best, failing, lhs, latex, update, context)
        if len(rivals) > 1:   # the text names two quantities the formula is not: which one it means is open
            return Decision("not_checkable", latex, detail=(
                f"agrees with {best.formula.id}{_part_name(best)}, but the text names "
                f"{' and '.join(t.formula.title for t in rivals[:2])}, and which one the note means is not certain"))
        if rivals and note is not None and (factor := _constant_factor(rivals[0], note)):
            # Σ(y − ŷ)² under "the squared error loss", which the registry keeps as ½Σ(y − ŷ)²: a formula that is an
            # entry of its own and the named one without its ½ states the named quantity under the other scaling
            # convention, which the words do not fix
            return Decision("not_checkable", latex, detail=(
                f"agrees with {best.formula.id}{_part_name(best)}, which is {factor:g} times {rivals[0].formula.id} "
                f"that the words name: the ½ is a convention of scale the words do not fix"),
                evidence=_evidence(rivals[0], lhs, context))
        if rivals:
            return _differs_or_unsure(latex, rivals[0], lhs, context, note,
                                      f"; the note's formula is {best.formula.id}'s ({best.formula.title})", update,
                                      equals=best.formula.id, companions=companions)
        if (named := _named_as_another(best, failing, lhs, latex, update, context)) is not None:
            # "ReLU: returns the value when it is positive" above f(z) = 1 if z ≥ 0 else 0: exactly the step function,
            # which nothing names, under words naming a function it is not; verified, the card would tell the reader
            # the line the note calls ReLU is right
            return Decision("not_checkable", latex, detail=(
                f"agrees with {best.formula.id}{_part_name(best)}, which nothing near it names, but the words near it "
                f"name {named.formula.title}, which it is not: the note may present one function as another"),
                evidence=_evidence(named, lhs, context))
        topics = [f for f in by_heading if f.id in fitting and not _lhs_conflict(f, lhs, update=update)]
        if topics and not any(f.family == best.formula.family for f in topics):
            return Decision("not_checkable", latex, detail=(
                f"agrees with {best.formula.id}{_part_name(best)}, but its heading names "
                f"{', '.join(f.id for f in topics[:3])}, not {best.formula.title}"))
        if best.formula.view_is_general and all(var.startswith(VIEW_PREFIX) for var in best.mapping):
            # −Σ q log p agrees with the label-smoothed cross-entropy through the smoothed target q its view hands
            # the formula, as it agrees with any cross-entropy: unnamed, it is the more general formula
            return Decision("not_checkable", latex, detail=(
                f"agrees with {best.formula.id}{_part_name(best)} only through the values it hands the formula "
                f"({_describe_mapping(best.mapping)}), none of its own parameters, and nothing near the formula "
                f"names {best.formula.title}: the formula is a more general one that holds for other quantities too"),
                evidence=_evidence(best, lhs, context))
        return _verified_or_stated(latex, best, lhs, context, note, update, companions)
    plausible = [t for t in failing if t.naming > 0 or t.agreement >= AGREEMENT_FOR_SAME_QUANTITY]
    if not plausible:
        letters_fit = (f"symbols {{{', '.join(order)}}} fit {', '.join(sorted(set(fitting)))}, but the values disagree "
                       "and nothing near the formula names them")
        if updated:
            return assignment.unchecked_update(latex, updated, letters_fit)
        return Decision("not_checkable", latex, detail=letters_fit)
    # the formula's own structure before the words near it: an entry it is exactly, under a case of what it leaves
    # out that it writes ((k·k·C_in·C_out) + C_out is the convolution's count with one bias per filter, ½α₀(1 +
    # cos(tπ/T)) the cosine decay to 0), is the quantity it states, over a named entry it merely fails
    plausible = [t for t in plausible if t.naming and note is not None and _written_case(t, note, context)] or plausible
    # a formula whose value has the entry's shape (a vector per channel, a scalar) states that quantity
    # ... and a left side that names an entry (Recall = ...) says which one before the words around it do
    named_by_lhs = _entries_named(normalise(symbol_key(lhs)))
    # ... and among entries named alike, one whose parameters the note all writes is the better identity
    # (v_{t+1} = v_t + ρ∇f is momentum's velocity, not its twin with an η the note never writes)
    # ... and, named alike, the entry over data vectors states a mean the note writes with Σ and 1/m (its
    # one-example twin agrees whenever the one term happens to vanish)
    # ... and an entry whose quantity the left side may be (Q_{target} is a TD target, not the TD error) first,
    # and one the formula's own heading names before one only an outer heading names
    best = max(plausible, key=lambda t: (not _lhs_conflict(t.formula, lhs, t.mapping, update),
                                         not _set_notation_misread(t, latex), _same_shape(t.counterexample),
                                         t.formula.id in named_by_lhs, t.formula in by_heading, t.naming, _vectors_mapped(t), -_left_out(t),
                                         t.agreement))
    # A function named for the MSE whose body is half the sum of squared errors, under a heading naming that sum
    # (a textbook's misnomer, copied into notes): the formula is exactly what its own heading names, and only the
    # name its left side is written with says otherwise; which of the two the note means is not certain
    if best.formula not in by_heading and (exact := next((t for t in trials if t.counterexample is None
                                                          and t.formula in by_heading), None)) is not None:
        return Decision("not_checkable", latex, detail=(
            f"disagrees with {best.formula.id}, but it is exactly {exact.formula.id}, which its own heading names: "
            f"only its left side {lhs.strip()} says {best.formula.title}"), evidence=_evidence(best, lhs, context))
    return _differs_or_unsure(latex, best, lhs, context, note, update=update, companions=companions)


def _named_in_left_side_words(failed: Formula, lhs: str) -> Formula | None:
    """Another entry a left side is named after in words, as code names its variables (relu_out = F.relu(x) on
    the line above sigmoid_out = torch.sigmoid(x)); None when its words name the failed entry or none."""
    from kb.formulas import registry

    identifier = symbol_key(lhs)
    written_underscore = "\\_" in lhs or not re.search(r"[\\{}]", lhs)   # relu\_out, not a subscript L_{focal}
    if not written_underscore or not _CODE_IDENTIFIER.fullmatch(identifier) or not _WORD_OF_THREE.search(identifier):
        return None   # a letter, a subscript or a name with arguments (D_{KL}(p‖q), logit(p), ELU'(x)) is math's
    words = normalise(identifier)
    if naming_phrase(failed, words):
        return None
    return next((f for f in registry() if f is not failed and naming_phrase(f, words)), None)


# a left side written as a named function: CE(p, q), \\mathrm{BCE}(y, p), \\operatorname{KL}(p\\|q), D_{KL}(p, q)
_NAMED_FUNCTION = re.compile(r"^\s*(?:\\(?:mathrm|operatorname|text|textrm)\s*\{)?([A-Za-z]{2,})\}?"
                             r"(?:_\{?([A-Za-z]{2,})\}?)?\s*(?:\\left)?\s*\(")
_LETTERS = re.compile(r"[A-Za-z]+")


def _foreign_function_name(failed: Formula, lhs: str) -> str:
    """Why a left side written as a named function (`CE(p, q)`) is not the failed entry: its name is none of the
    entry's names, neither a word of its keywords or titles nor the start of one (Var, softmax), nor their initials
    (CE for cross entropy, KL for Kullback-Leibler), nor a name in the entry's own left side (D_{KL}). A note names
    the quantity left of its own formula; a name written nearby does not outrank it. "" when the left side is no
    such function or its name is the entry's."""
    found = _NAMED_FUNCTION.match(lhs)
    if found is None:
        return ""
    names = {part.lower() for part in found.groups() if part}
    phrases = [*failed.keywords, *failed.titles.values()]
    words = {w.lower() for phrase in phrases for w in re.split(r"[\s\-_]+", phrase) if w}
    initials = {"".join(w[0] for w in re.split(r"[\s\-]+", phrase) if w).lower() for phrase in phrases}
    joined = {re.sub(r"[\s\-_]+", "", phrase).lower() for phrase in phrases}
    own = {w.lower() for w in _LETTERS.findall(failed.latex.split("=", 1)[0])}
    def known(name: str) -> bool:
        return (name in own or name in initials or any(w.startswith(name) for w in words | joined)
                or any(name.startswith(w) for w in joined if len(w) >= 3))
    if any(known(name) for name in names):
        return ""
    name = found.group(1) + (f"_{{{found.group(2)}}}" if found.group(2) else "")
    return f"its left side is the function {name}, which names no {failed.title}: a name written near it is about another quantity"


# a variable of code: words joined by underscores (relu_out, y_sigmoid), one of them of three letters or more
_CODE_IDENTIFIER = re.compile(r"[A-Za-z]\w*_\w+")
_WORD_OF_THREE = re.compile(r"[A-Za-z]{3}")


def _vectors_mapped(trial: _Trial) -> int:
    """How many of the note's symbols stand for a vector (a data vector, a table) of the entry."""
    variables = _variables(trial.formula)
    return sum(variables[param][1] for param in trial.mapping if param in variables)


def _left_out(trial: _Trial) -> int:
    """How many of the entry's parameters the note's formula does not write."""
    return sum(p not in trial.mapping for p in parameters(trial.formula))


def _verified_or_stated(latex: str, best: _Trial, lhs: str, context: str, note: _NoteFormula | None,
                        update: bool, companions: tuple[str, ...]) -> Decision:
    """Verified as the entry, unless the section's other formulas fix a convention of the entry under which the
    note's formula is not right (θ − ηv after a velocity that already holds η)."""
    if note is not None and (judged := _under_stated_convention(latex, best, lhs, note, update,
                                                                 _evidence(best, lhs, context), companions)) is not None:
        return judged
    return _verified(latex, best, lhs, context)


def _under_stated_convention(latex: str, best: _Trial, lhs: str, note: _NoteFormula, update: bool,
                             evidence: Evidence, companions: tuple[str, ...]) -> Decision | None:
    """The verdict under the convention of the entry that the note's other formulas state (None when they state
    none, or the entry has no such convention): momentum's step is θ − ηv after the torch velocity v = μv + g,
    θ − v after Ruder's v = γv + η∇J, θ + v after CS231n's downhill v = μv − η∇J. A step right under another
    convention than the one its own velocity line writes is wrong in this note."""
    formula = best.formula
    if formula.section_convention is None or not companions:
        return None
    stated = formula.section_convention(companions)
    if stated is None or (stated and stated not in formula.conventions):
        return None
    reference = formula.conventions[stated] if stated else formula.reference
    named = stated or f"{formula.id}'s own form, {formula.latex}"
    failure = None
    for params in entry_examples(formula)[:CASE_EXAMPLES]:
        want = part_of(reference(**params), best.part)
        if not _note_gives(best, note, params, want):
            env = {**params, **note_view_of(formula, params)}
            got = attempt(lambda: _plain(note.function({sym: env[var] for var, sym in best.mapping.items()})))
            failure = Counterexample(dict(params), _plain(want), got)
            break
    if failure is None and not stated:
        return None   # the entry's own form, under its own velocity line: the usual verdict says it
    if failure is not None and (case := _agrees_only_where(best, note, reference)):
        # θ − v after v = μv + ∇L is θ − αv only where α = 1: no rate in the velocity or in the step, a value the
        # note does not write and may have left out by mistake, not a convention it states
        shown = ", ".join(f"{k} = {v:g} ({_meaning(formula, k)})" for k, v in case.items())
        return Decision("not_checkable", latex, detail=(
            f"agrees with {formula.id}{_part_name(best)} under the convention the note's own formulas state "
            f"({named}) only when {shown}, a value the note does not write: it may have left it out by mistake"),
            evidence=evidence)
    if failure is None:
        return Decision("verified", latex, formula, best.mapping,
                        f"agrees with {formula.id}{_part_name(best)} when {named}, as the note's own formulas around "
                        "it write it", best.examples, evidence)
    if not evidence.words or _lhs_conflict(formula, lhs, best.mapping, update):
        return Decision("not_checkable", latex, detail=(
            f"disagrees with {formula.id}{_part_name(best)} under the convention the note's other formulas state "
            f"({named}), but nothing near it names {formula.title}"), evidence=evidence)
    return Decision("note_differs", latex, formula, best.mapping,
                    f"differs from {formula.id}{_part_name(best)} under the convention the note's own formulas "
                    f"state ({named}): {_describe_counterexample(replace(best, counterexample=failure))} "
                    f"(identified by: {evidence.describe()})", best.examples, evidence)


def _verified(latex: str, best: _Trial, lhs: str, context: str) -> Decision:
    return Decision("verified", latex, best.formula, best.mapping,
                    f"agrees with {best.formula.id}{_part_name(best)} on {best.examples} examples "
                    f"({_describe_mapping(best.mapping)})", best.examples, _evidence(best, lhs, context))


def _named_rivals(best: _Trial, failing: list[_Trial], lhs: str, latex: str, update: bool = False,
                  context: str = "") -> list[_Trial]:
    """The named entries of the same family that the note's formula gets wrong with a value of the right shape,
    best named first: Kaiming's variance written as LeCun's 1/n_in under words that name Kaiming. Set operations
    on an entry's values (∩ of two boxes) mean nothing, so an entry the formula fails that way is no rival."""
    # (a left side that is the agreeing entry's own name and not the rival's, J(θ) of the ½-MSE cost under "MSE",
    # says the note states the agreeing quantity)
    own_name = _output_name_of_some_example(best.formula, lhs)
    rivals = [t for t in failing if t.naming and t.formula.family == best.formula.family
              and _same_shape(t.counterexample) and not _lhs_conflict(t.formula, lhs, update=update)
              and not _set_notation_misread(t, latex) and not (own_name and not _output_bonus(t.formula, lhs))]
    # a rival named only by words that also name the agreeing entry ("cross-entropy" names the binary
    # cross-entropy too) is no other quantity: the words name what the formula states
    own_phrases = entry_phrases(best.formula)
    rivals = [t for t in rivals if not any(names_within(phrase, naming_phrase(t.formula, context))
                                           for phrase in own_phrases)]
    # a rival the words name outranks one named only by the left side's letter (J, the ½-MSE cost's): the letter
    # does not make a second quantity the text means
    by_words = [t for t in rivals if t.naming > _output_bonus(t.formula, lhs)]
    return sorted(by_words or rivals, key=lambda t: (t.naming, t.agreement), reverse=True)


_HALF = re.compile(r"\\frac\s*\{?\s*1\s*\}?\s*\{?\s*2\s*\}?|\\tfrac\s*\{?1\}?\s*\{?2\}?|(?<![\d.])0\.5(?!\d)")


def _constant_factor(trial: _Trial, note: _NoteFormula) -> float | None:
    """2 when the note's formula gives twice the entry's value on every one of its cases and the entry writes a ½
    (None otherwise): the ratio at the counterexample, then held on every case."""
    counterexample = trial.counterexample
    if counterexample is None:
        return None
    want, got = _plain(counterexample.expected), _plain(counterexample.got)
    if not (is_number(want) and is_number(got)) or not want or not got:
        return None
    factor = float(got) / float(want)
    # (only the ½ a named entry writes before a square, ½Σe² or ½‖w‖², which tidies its derivative and many notes
    # leave out: any other factor is substance, 1/n_in under "He initialisation" is LeCun's variance, half of He's)
    if abs(factor - 2) > 1e-9 or not _HALF.search(trial.formula.latex) or not _gives_on_every_case(
            trial, note, lambda value: factor * value):
        return None
    return factor


def _named_as_another(best: _Trial, failing: list[_Trial], lhs: str, latex: str, update: bool,
                      context: str) -> _Trial | None:
    """An entry of another family than the one the formula agrees with, which the words near the formula name (more
    than its left side's letter does) and the formula gets wrong with a value of the right shape, best named first;
    None when the words name none. (An entry of the same family is a rival _named_rivals weighs; words that name
    the agreeing entry too, "cross-entropy" for the binary one, name no other function.)"""
    own_phrases = entry_phrases(best.formula)
    named = [t for t in failing if t.formula.family != best.formula.family
             and t.naming > _output_bonus(t.formula, lhs) and _same_shape(t.counterexample)
             and not _lhs_conflict(t.formula, lhs, update=update) and not _set_notation_misread(t, latex)
             and not any(names_within(phrase, naming_phrase(t.formula, context)) for phrase in own_phrases)]
    return max(named, key=lambda t: (t.naming, t.agreement), default=None)


def _differs_or_unsure(latex: str, best: _Trial, lhs: str, context: str, note: _NoteFormula | None,
                       also: str = "", update: bool = False, equals: str = "",
                       companions: tuple[str, ...] = ()) -> Decision:
    """note_differs against the failing trial's entry when its identity is certain, else not_checkable. `equals`:
    the entry the note's formula is exactly, when the words name another one (kept on the verdict)."""
    assert best.counterexample is not None
    evidence = _evidence(best, lhs, context)
    if (other := _named_in_left_side_words(best.formula, lhs)) is not None:
        return Decision("not_checkable", latex, detail=(
            f"disagrees with {best.formula.id}, but its left side {lhs.strip()} is named after {other.title}: the "
            "words that name the entry near it are about another line"), evidence=evidence)
    if note is not None and (judged := _under_stated_convention(latex, best, lhs, note, update, evidence,
                                                                 companions)) is not None:
        return judged
    if (note is not None and evidence.words and not _lhs_conflict(best.formula, lhs, best.mapping, update)
            and (case := _special_case(best, note))):
        shown = ", ".join(f"{k} = {v:g}" for k, v in case.items())
        left_out = ", ".join(f"{k} ({_meaning(best.formula, k)})" for k in case)
        if unwritten := [k for k, v in case.items() if not _case_written(best.formula, k, v, note)
                         and not _text_fixes(best.formula, k, context)]:
            # θ − v agrees with θ − ηv when η = 1 and (XᵀX + I)⁻¹Xᵀy with ridge's when λ = 1: a rate or a weight
            # of 1 is a value the examples happen to hold, not a case the note writes (in its formula or its
            # words: "with λ = 1"); the note may have lost it
            return Decision("not_checkable", latex, detail=(
                f"agrees with {best.formula.id}{_part_name(best)} only when {shown}, a value the note does not write "
                f"for {', '.join(f'{k} ({_meaning(best.formula, k)})' for k in unwritten)}: it may have left it out "
                "by mistake"), evidence=evidence)
        return Decision("verified", latex, best.formula, best.mapping,
                        f"agrees with {best.formula.id}{_part_name(best)} when {shown}: the case the note writes "
                        f"(it leaves out {left_out})", best.examples, evidence)
    if note is not None and (convention := _convention_followed(best, note)):
        shows = best.formula.convention_signs.get(convention)
        if (shows is not None and shows(latex) and evidence.words
                and not _lhs_conflict(best.formula, lhs, best.mapping, update)):
            return Decision("verified", latex, best.formula, best.mapping,
                            f"agrees with {best.formula.id}{_part_name(best)} when {convention}, as the note's own "
                            "formula writes it", best.examples, evidence)
        return Decision("not_checkable", latex, detail=(
            f"disagrees with {best.formula.id}{_part_name(best)}, but it is right when {convention}, and the "
            "note may use that convention"), evidence=evidence)
    gap = (_worked_values_for_left_out(best, note)
           or _names_its_inputs(best, note) or _lhs_is_another_quantity(best, note) or _reads_the_entrys_value(best, lhs)
           or _labels_left_out(best, lhs)
           or _likelihood_of_the_loss(best, note, lhs)
           # (a left side that names the entry's own quantity, P(y=1|x) = w^T x + b, states it wrongly)
           or (not _lhs_names(best.formula, lhs) and _squashed_to_the_entry(best, note))
           or _identity_gap(best, evidence, context, latex, update)
           or _foreign_function_name(best.formula, lhs))
    if gap:
        return Decision("not_checkable", latex, detail=(
            f"disagrees with {best.formula.id}{_part_name(best)}, but it is not certain the note states it: {gap}"
            f"{also}"), evidence=evidence)
    fraction = _fraction_of_a_whole_number(best)
    why = (f"{_WHOLE_NUMBER}: where the division does not come out even the note's formula gives the "
           f"fraction {fraction[0]}, and the true value is its floor ⌊{fraction[0]}⌋ = {fraction[1]} (the formula "
           "needs ⌊…⌋ around the quotient)") if fraction else ""
    return Decision("note_differs", latex, best.formula, best.mapping,
                    f"differs from {best.formula.id}{_part_name(best)}: {_describe_counterexample(best)}{why} "
                    f"(identified by: {evidence.describe()}){also}", best.examples, evidence, equals=equals)


_WHOLE_NUMBER = "; a size is a whole number"


def _worked_value(number: float) -> bool:
    """A number worked out earlier in the note (−0.000793, 0.201), not a setting written by hand (0.9, 0.999, 1e-8,
    0.95): three significant digits or more, not all nines."""
    digits = f"{abs(number):.12g}".split("e")[0].replace(".", "").strip("0")
    return len(digits) >= 3 and set(digits) != {"9"}


def _worked_values_for_left_out(trial: _Trial, note: _NoteFormula | None) -> str:
    """`v₂ = 0.9·(−0.000793) + 0.1·∇L`: a worked step, whose numbers are values the note computed before, standing
    where the entry has parameters the formula does not write as symbols (kb cannot tell which number is which
    quantity), and whose one symbol is a value the note does not give. Compared with the entry at other values of
    those parameters, it differs by construction."""
    if note is None:
        return ""
    worked = [x for x in note.literals if _worked_value(x)]
    left_out = [p for p in parameters(trial.formula) if p not in trial.mapping]
    if not worked or not left_out:
        return ""
    return (f"it is a worked step: its numbers ({', '.join(f'{x:g}' for x in worked[:3])}) are values worked out "
            f"before, standing where {trial.formula.id} has symbols the formula does not write, and which number is "
            "which value is not certain")


def _fraction_of_a_whole_number(trial: _Trial) -> tuple[str, str] | None:
    """(the note's value, the entry's) when the entry is a whole number (a size, a count) and the note's formula
    gives a fraction whose floor is the entry's value: the formula leaves out the rounding down."""
    import math

    ce = trial.counterexample
    if ce is None or not _counts(trial.formula) or not (is_number(ce.got) and is_number(ce.expected)):
        return None
    got, expected = float(ce.got), float(ce.expected)
    if got.is_integer() or math.floor(got) != expected:
        return None
    return short(ce.got), short(ce.expected)


def _names_its_inputs(trial: _Trial, note: _NoteFormula | None) -> str:
    """A right side that is one name alone (`g_t = ∇J(θ)`, `N`) defines or restates that quantity: it does not
    compute the entry ('' when the right side is more than a name)."""
    if note is None or not note.lone_name:
        return ""
    return f"its right side is {note.lone_name} alone: it names that quantity, it does not compute {trial.formula.id}"


# L and ℒ name a loss and, as often, the likelihood (ℒ(θ) = Π p(y|x; θ)): the letter alone does not say which
_LIKELIHOOD_LETTER = re.compile(r"\s*(?:L|\\mathcal\s*\{?\s*L\s*\}?)\s*(?:_\s*\{?[\w\\]*\}?)?\s*(?:\([^()]*\))?\s*")


def _likelihood_of_the_loss(trial: _Trial, note: _NoteFormula | None, lhs: str) -> str:
    """Why a formula is no wrong loss though it disagrees with one ('' when it may be): its value is exactly
    e^(−loss) on every example, the probability whose −log is the loss (`L = e^{s_y}/Σ_j e^{s_j}` is the softmax
    probability of the true class, the likelihood of one example). Under any letter of a loss or a cost: a
    probability is not a loss, whatever the note calls it (`J = e^{z_y}/Σ_k e^{z_k}` under "cross-entropy loss"
    writes the probability the loss takes the −log of). A value of −loss (`L = log p_y`) is a loss with its sign lost, and stays one."""
    import math

    if (note is None or not names_a_cost(lhs or "")
            or not _LOSS_ENTRY.search(f"{trial.formula.id} {trial.formula.titles.get('en', '')}")):
        return ""   # (a left side that names no loss, sigmoidPrime(z), is judged by what it names)
    compared = _gives_on_every_case(trial, note, lambda loss: math.exp(-loss))
    if not compared:
        return ""
    named = f"{lhs.strip()} also names the likelihood, and " if _LIKELIHOOD_LETTER.fullmatch(lhs or "") else ""
    return (f"{named}the note's formula is exactly e^(−{trial.formula.id}) on {compared} examples, the probability "
            "whose −log is the loss, not a wrong loss")


def _gives_on_every_case(trial: _Trial, note: _NoteFormula, value_of: Callable[[float], float]) -> int:
    """How many of the entry's cases the note's formula gives value_of(the entry's value) on (0 unless all, at least
    five, agree)."""
    examples, expected = entry_cases(trial.formula)
    compared = 0
    for params, want in list(zip(examples, expected))[:CASE_EXAMPLES]:
        want = _plain(part_of(want, trial.part))
        if not is_number(want) or not _note_gives(trial, note, params, value_of(want)):
            return 0
        compared += 1
    return compared if compared >= 5 else 0


def _squashed_to_the_entry(trial: _Trial, note: _NoteFormula | None) -> str:
    """Why a formula is no wrong entry though it disagrees with it ('' when it may be one): the entry is the softmax
    (over the last axis) or the sigmoid of the note's value on every example, so the note states the scores or
    logits the entry squashes, an earlier step of the same computation (`scores = QK^T/√d_k` beside the attention
    weights softmax(QK^T/√d_k), `z = w^T x + b` beside the prediction σ(w^T x + b))."""
    import numpy as np

    if note is None:
        return ""
    squashes = {"softmax": lambda v: np.exp(v - v.max(axis=-1, keepdims=True))
                / np.exp(v - v.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True),
                "sigmoid": lambda v: 1 / (1 + np.exp(-v))}
    examples, expected = entry_cases(trial.formula)
    cases = list(zip(examples, expected))[:CASE_EXAMPLES]
    for name, squash in squashes.items():
        if len(cases) >= 5 and all(_squashes_to(trial, note, params, want, squash) for params, want in cases):
            return (f"{trial.formula.id} is the {name} of the note's formula on {len(cases)} examples: the note "
                    "states the scores it squashes, not a wrong value")
    # `z = θᵀx` beside σ(wᵀx + b): the scores with the bias folded into the weights (x_0 = 1, as Andrew Ng's
    # hypotheses write them), so the inputs the note does not write are zero
    unwritten = [p for p in parameters(trial.formula) if p not in trial.mapping and cases and is_number(cases[0][0][p])]
    folded = _with_zeros(trial, [params for params, _ in cases], unwritten) if unwritten else []
    for name, squash in squashes.items():
        if len(folded) >= 5 and all(_squashes_to(trial, note, params, want, squash) for params, want in folded):
            return (f"{trial.formula.id} is the {name} of the note's formula on {len(folded)} examples when "
                    f"{', '.join(unwritten)}, which the note does not write, is 0 (folded into the weights): the note "
                    "states the scores it squashes, not a wrong value")
    return ""


def _with_zeros(trial: _Trial, examples: list[dict[str, Any]], zero: list[str]) -> list[tuple[dict[str, Any], Any]]:
    """The entry's examples with the parameters `zero` set to 0, and its value on each."""
    cases = []
    for params in examples:
        case = {**params, **dict.fromkeys(zero, 0.0)}
        try:
            cases.append((case, trial.formula.truth(**case)))
        except Exception:   # outside the entry's domain
            continue
    return cases


def _squashes_to(trial: _Trial, note: _NoteFormula, params: dict[str, Any], want: Any,
                 squash: Callable[[Any], Any]) -> bool:
    import numpy as np

    env = {**params, **note_view_of(trial.formula, params)}
    try:
        got = np.asarray(_plain(note.function({sym: env[var] for var, sym in trial.mapping.items()})), dtype=float)
        want = np.asarray(_plain(part_of(want, trial.part)), dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):   # huge or infinite scores squash to nan: no match
            return got.shape == want.shape and bool(np.allclose(squash(got), want, rtol=1e-6, atol=1e-9))
    except (TypeError, ValueError, OverflowError):
        return False


def _lhs_is_another_quantity(trial: _Trial, note: _NoteFormula | None) -> str:
    """A left side that is an expression (`1 - \\sigma(x)`, `\\zeta(x) - \\zeta(-x)`) names the entry only when it
    computes the entry's value: an expression of another value, or one kb cannot evaluate on the entry's values,
    states some other equation, whatever its right side gives ('' when the left side is a name or the entry's
    value)."""
    if note is None or note.lhs is None:
        return ""
    examples, expected = entry_cases(trial.formula)
    for env, want in list(zip(entry_envs(trial.formula), expected))[:CASE_EXAMPLES]:
        try:
            got = _plain(note.lhs({sym: env[var] for var, sym in trial.mapping.items()}))
        except Exception:   # a symbol or function the entry does not give a value to
            if not note.lhs_is_sum:
                return ""   # R^2, J(θ): a name kb reads as an expression of letters the entry has no values for
            return (f"its left side is a sum of terms kb cannot evaluate on {trial.formula.id}'s values, not a name "
                    "of the entry's quantity")
        if not values_match(part_of(want, trial.part), got, trial.formula.rel_tol, trial.formula.abs_tol):
            return f"its left side is an expression whose value is not {trial.formula.id}'s: the equation is another one"
    return ""


def _reads_the_entrys_value(trial: _Trial, lhs: str) -> str:
    """Why a formula whose right side reads the entry's own value is no statement of it ('' when it does not): the
    momentum step u_t = −α v_t takes the velocity v_t that momentum_velocity_lr computes, so its left side u_t is
    another quantity built from it, whatever words name momentum near it. The entry's value is the name its own
    formula gives its left side (or the part the left side names, h_t of an LSTM step); a left side with that same
    name, with labels or an accent added (v = γv + ηg, w^{(k+1)} = w^{(k)} − η∇C, V̂_t = V_t/(1 − β^t)), is the
    entry's quantity or its own correction of it."""
    from kb.cards.formula import lhs_of

    formula = trial.formula
    if not lhs.strip() or _lhs_key(lhs) in {_lhs_key(name) for name in formula.note_parts} or not lhs_of(formula.latex):
        return ""
    # (the right side's letter in its case: G_t, AdaGrad's accumulator, is no gradient g_t; the left side's in
    # either: v_π(s) on the left and V^π(s') on the right are one value function)
    own = _base_name(note_name(lhs_of(formula.latex)))
    read = [symbol for symbol in trial.mapping.values() if _base_name(symbol) == own]
    written = _base_name(note_name(lhs)).lower()
    if not read or own.lower() in (written, written.removeprefix("hat")):
        return ""
    return (f"its right side reads {read[0]}, the quantity {formula.id} computes, so its left side {lhs.strip()} "
            "is another quantity")


def _base_name(name: str) -> str:
    """A name without its index, labels or primes: v of v_t and v_{t+1}, w of w^(k+1), θ of θ_{t-1}."""
    found = re.match(r"[A-Za-z]+", name)
    return found.group() if found else name


def _labels_left_out(trial: _Trial, lhs: str) -> str:
    """Why a formula that reads none of a loss's labels, under a left side that names no loss or cost, is no
    statement of that loss ('' when it reads them, or its left side is L, J, ℓ...): the shift k = −max(x) that keeps a
    softmax stable reads the scores a softmax loss reads, and is no loss of them, whatever words near it name one.
    (A loss written for one label the text gives, L = −log q for target 1, reads the label the note fixes.)"""
    formula = trial.formula
    described = f"{formula.id} {formula.title}"
    # (a gradient of a loss is no loss; a formula read through the entry's view, counts of FP and FN, reads what the
    # labels give)
    if (not lhs.strip() or names_a_cost(lhs) or not _LOSS_ENTRY.search(described) or _DERIVATIVE_ENTRY.search(described)
            or any(param.startswith(VIEW_PREFIX) for param in trial.mapping)):
        return ""
    labels = [p for p in parameters(formula) if p not in trial.mapping and _LABELS.search(f"{p} {_meaning(formula, p)}")]
    if not labels:
        return ""
    return (f"it reads none of the {_meaning(formula, labels[0])} that {formula.id}, a loss, compares against, and its "
            f"left side {lhs.strip()} names no loss")


def _label_computed(decision: Decision, stated: tuple[Stated, ...]) -> str:
    """Why the symbol read as the entry's labels is no label ('' when none is): the note states it as a quantity it
    computes (`y = σ(w_2 σ(w_1 x))`, the network's output), so `−log y` is a loss of that output for a label the text
    gives, not a loss whose class index is y."""
    formula = decision.formula
    if formula is None:
        return ""
    for param, symbol in decision.mapping.items():
        if not _LABELS.search(f"{param} {_meaning(formula, param)}"):
            continue
        for quantity in stated:
            if note_name(quantity.lhs) == symbol:
                return (f"{symbol} is what the note computes ({quantity.lhs} = {quantity.rhs}), not the "
                        f"{_meaning(formula, param)} {formula.id} reads")
    return ""


_LABELS = re.compile(r"label|target|true class|ground truth", re.IGNORECASE)


def _evidence(trial: _Trial, lhs: str, context: str) -> Evidence:
    roles = {sym: param.removeprefix(VIEW_PREFIX) for param, sym in trial.mapping.items()}
    return Evidence(lhs.strip(), naming_phrase(trial.formula, context), roles)


# A left side that is a derivative or gradient: f'(x), \partial L / \partial w, \frac{d}{dx}, \nabla_w L, \dot{x}.
_DERIVATIVE_LHS = re.compile(r"'|\\prime|\\partial|\\nabla|\\d?frac\s*\{\s*d|\bd\s*/\s*d|\\mathrm\{d\}|\\dot\b")
# An optimiser's or a learning rule's step (sgd_update, adam_step, td0_update): a primed symbol on its left
# (`θ' = θ - η∇J(θ)`, `w' = w - ηg`) is the parameter's next value, as a prime marks a new value, not a derivative
_STEP_ENTRY = re.compile(r"_(?:step|update)$")
_PRIMED_SYMBOL = re.compile(r"^(?:\\[A-Za-z]+|[A-Za-z])(?:_(?:\{[^{}]*\}|\w))?'(?:_(?:\{[^{}]*\}|\w))?$")
# A derivative of order two or more (f''(x), \frac{d^2 y}{dx^2}, \partial^2): no entry states one.
_HIGHER_DERIVATIVE = re.compile(r"''|(?:\\partial|\\d?frac\s*\{\s*d)\s*\^\s*\{?\s*[2-9]")
# The same written with d or ∂ (not a prime, which also marks a new value: x' of a scaled feature).
_DERIVATIVE_NOTATION = re.compile(r"\\partial|\\nabla|\\d?frac\s*\{\s*d|\bd\s*/\s*d|\\mathrm\{d\}|\\dot\b")
# An entry that states a derivative, a gradient or a backward pass (its id and English title say so).
_DERIVATIVE_ENTRY = re.compile(r"deriv|gradient|backward|backprop|jacobian", re.IGNORECASE)
# An entry that is the negative of a gradient: its title says so, or its statement sets it to minus a derivative.
_NEGATIVE_GRADIENT_ENTRY = re.compile(r"pseudo-residual|negative gradient|=\s*-\s*(?:\\d?frac\s*\{\s*\\partial|\\nabla)",
                                      re.IGNORECASE)
_STATED_VALUE = r"(?<![\w\\]){symbol}\s*=\s*-?\d+(?:\.\d+)?" + STATED_VALUE_END
_CHANGE_LHS = re.compile(r"\\Delta\b|Δ")   # Δθ = η·m̂/(√v̂ + ε): the step taken, not the weights after it
# the same named in words (`\text{update_value} = η m̂/(√v̂ + ε)`, `delta_w`, `weight_change`): the amount a step
# changes the weights by
_CHANGE_WORD = re.compile(r"(?<![A-Za-z\\])(?:update|delta|change|increment)(?![A-Za-z])", re.IGNORECASE)
_ABSENT = ("no", "without", "zero", "unit")   # "no padding", "unit stride": the words before a meaning that fix it
_GENERIC_MEANINGS = {"input", "output", "number", "value", "the", "of", "each", "per", "size"}


_SET_OPERATION = re.compile(r"\\cap\b|\\cup\b|∩|∪")


def _set_notation_misread(trial: _Trial, latex: str) -> bool:
    """The note writes ∩ or ∪ but the entry's values for its symbols are not sets (boxes, vectors): the
    operations then mean nothing kb can trust. An entry over sets of ids (Jaccard, Dice) reads them exactly."""
    if not _SET_OPERATION.search(latex):
        return False
    examples = entry_examples(trial.formula)
    return not all(_is_set_of_ids([e[p] for e in examples]) for p in trial.mapping if not p.startswith(VIEW_PREFIX))


def _is_set_of_ids(values: list[Any]) -> bool:
    """Every value is a list of distinct integers (element ids): a finite set as the set entries write one."""
    return all(isinstance(v, (list, tuple, set, frozenset)) and all(isinstance(i, int) for i in v)
               and len(set(v)) == len(v) for v in values)


def _identity_gap(trial: _Trial, evidence: Evidence, context: str, evidence_latex: str = "",
                  update: bool = False) -> str:
    """What keeps the note formula from being identified as the entry for certain ('' when nothing does).

    A match of letters is never enough: the words near the formula must name the entry, its left side must
    be the entry's quantity (not a derivative of it, not one of its inputs), and a parameter the note leaves
    out must not be one the text fixes (\"when there is no padding\" states the P = 0 case)."""
    formula = trial.formula
    # a derivative's left side that the entry knows as its value (dσ/dx_i) names the quantity completely
    # (a prime alone is no such name: x' is also the scaled feature of feature scaling, named by words only)
    named_by_lhs = bool(_DERIVATIVE_NOTATION.search(evidence.lhs)) and bool(_output_bonus(formula, evidence.lhs))
    if not evidence.words and not named_by_lhs:
        return f"nothing near the formula names {formula.title}"
    if conflict := _lhs_conflict(formula, evidence.lhs, trial.mapping, update):
        return conflict
    if greek := _greek_lhs_gap(formula, evidence.lhs):
        return greek
    # f(x) = x² - 5x + 5 under "gradient descent": a function of one letter the note defines, sharing that letter
    # with an entry of three inputs or more (the step's x), matches letters, not the entry with inputs left out;
    # nor does S(y) = e^{y_i}/Σe^{y_i} (a softmax of y) state the softmax cross-entropy of logits and a target y:
    # an input that is a vector cannot be a value the note fixes and leaves out
    if (len(trial.mapping) == 1
            and (len(parameters(formula)) >= _FEW_INPUTS_LEFT or _vector_left_out(trial))
            and (written := next(iter(trial.mapping.values()))) in _function_arguments(evidence.lhs)):
        return (f"its left side {evidence.lhs} defines a function of {written}, one of the "
                f"{len(parameters(formula))} inputs of {formula.id}")
    if parameter := _lhs_is_a_family_parameter(formula, evidence.lhs):
        return parameter
    if rival := _lhs_written_as_named_rival(formula, evidence.lhs, context):
        return (f"its left side {evidence.lhs} is written as {rival.id} writes its own, and the text names "
                f"{rival.title} too")
    if not evidence.lhs and names_a_derivative(context) and not _DERIVATIVE_ENTRY.search(f"{formula.id} {formula.title}"):
        return f"the words before the expression name a derivative and {formula.id} is not one"
    counterexample = trial.counterexample
    if _set_notation_misread(trial, evidence_latex):
        return "set notation (∩, ∪) on the entry's values may mean ids or indicator vectors"
    if counterexample is not None and isinstance(counterexample.got, str):
        return f"kb could not evaluate the note's formula on {formula.id}'s values ({counterexample.got})"
    if counterexample is not None and _undefined_where_truth_is_not(counterexample):
        return (f"the note's formula gives no number (nan) where {formula.id} has one: a symbol it raises to a power "
                "or divides by may not mean what kb read")
    if not _same_shape(counterexample):
        return (f"the note's formula gives a value of another shape than {formula.id} "
                "(one value per element where the entry has one in all, or the reverse)")
    # `x = x - \eta \cdot 2x` for f(x) = x²: the step's gradient written out for one function, not the entry's input
    if worked := worked_step.gradient_written_out(_variables(formula), trial.mapping, evidence.lhs):
        return worked
    for param in parameters(formula):
        if param in trial.mapping:
            continue
        if _text_fixes(formula, param, context):
            return (f"the note leaves out {param} ({_meaning(formula, param)}) and the text around it speaks of it: "
                    "it may state a special case")
    return ""


def _lhs_is_a_family_parameter(formula: Formula, lhs: str) -> str:
    """Why a Greek left side sets a parameter rather than states the entry ('' when it does not): γ = √Var[x] in a
    note on batch normalisation gives BN's learned scale γ a value (the paper's identity-recovering choice), it is
    no variance. The letter is an input of another entry of the same family, and neither an input nor a name of
    the value of this one."""
    from kb.formulas import registry

    head = _GREEK_HEAD.match(lhs)
    if not head or _output_bonus(formula, lhs):
        return ""
    letter = note_name(f"\\{head.group(1)}" if head.group(1) else head.group(2))
    if any(letter in _aliases(formula, p) for p in parameters(formula)):
        return ""
    for other in registry():
        if other.id == formula.id or other.family != formula.family:
            continue
        if owner := next((p for p in parameters(other) if letter in _aliases(other, p)), None):
            return (f"its left side {lhs} is the {_meaning(other, owner)} of {other.title}: it gives that parameter "
                    f"a value, it does not compute {formula.id}")
    return ""


# A left side in function notation headed by one capital letter: H(p), D(P, Q), V(s), Q(s, a).
_APPLIED_NAME = re.compile(r"\s*\([^()]*\)\s*$")
_FUNCTION_HEAD = re.compile(r"\s*([A-Z])\s*(?:_\{?[^=]*?\}?)?\s*(?:\(|\\left\s*\()")


def _lhs_head(lhs: str) -> str:
    """The capital letter heading a left side written as a function ('' when it is not written so)."""
    found = _FUNCTION_HEAD.match(lhs)
    return found.group(1) if found else ""


def _lhs_written_as_named_rival(formula: Formula, lhs: str, context: str) -> Formula | None:
    """Another entry the text names whose own left side has the note's head letter where `formula`'s has
    another: "entropy, KL divergence and cross-entropy" above H(p) = ... names entropy, whose H(p) the note
    writes, so a failing match against D_KL is no identification."""
    from kb.cards.formula import lhs_of
    from kb.formulas import registry

    head = _lhs_head(lhs)
    if not head or _lhs_head(lhs_of(formula.latex)) in ("", head):
        return None
    return next((other for other in registry() if other.id != formula.id
                 and _lhs_head(lhs_of(other.latex)) == head and naming_phrase(other, context)), None)


# A left side that is the mean of one variable (E[X], E(X), \mathbb{E}[X], \mu, \mu_X, \bar{x}) or its variance
# (Var(X), \mathrm{Var}[X], \sigma^2, \sigma_X^2, D(X), the Russian course notation).
_MEAN_LHS = re.compile(r"\s*(?:(?:\\mathbb\{E\}|E)\s*(?:\[\s*[A-Za-z]\s*\]|\(\s*[A-Za-z]\s*\))|\\mu(?:_\{?[A-Za-z]\}?)?"
                       r"|\\(?:bar|overline)\{?[a-zA-Z]\}?)\s*")
_VARIANCE_LHS = re.compile(r"\s*(?:(?:\\mathrm\{Var\}|\\operatorname\{Var\}|\\text\{Var\}|Var|D)\s*(?:\[\s*[A-Za-z]\s*\]"
                           r"|\(\s*[A-Za-z]\s*\))|\\sigma(?:_\{?[A-Za-z]\}?)?\s*\^\s*\{?2\}?)\s*")
_VARIANCE_ENTRY = re.compile(r"varian", re.IGNORECASE)
_SPREAD_ENTRY = re.compile(r"variance|bound", re.IGNORECASE)
_DEVIATION_ENTRY = re.compile(r"\bstd\b|_std\b|standard deviation", re.IGNORECASE)
# P(y|x), p(x_i), \Pr(Y = 1): a probability written as the call of P; an entry that is a loss (its id and title say so)
_PROBABILITY_LHS = re.compile(r"\s*(?:P|p|\\Pr|\\mathbb\{P\}|\\mathrm\{P\}|\\operatorname\{P\})\s*(?:\\left\s*)?\(.*\)\s*", re.S)
_LOSS_QUANTITY = re.compile(r"loss|cost|entropy|error|divergence|penalty|risk|negative log", re.IGNORECASE)
_MEAN_ENTRY = re.compile(r"\bmean\b|_mean\b|expect", re.IGNORECASE)
_POLICY_LHS = re.compile(r"\s*(?:\\pi|π)(?![A-Za-z])")
# an entry that states a loss, a cost or an objective (its id and English title say so)
_LOSS_ENTRY = re.compile(r"loss|cost|objective|risk|likelihood|error|entropy|divergence|penalty|regulari",
                         re.IGNORECASE)
_VALUE_LHS = re.compile(r"\s*[VQvq](?![A-Za-z])")


# a left side applying a name written in words: \mathrm{sigmoid\_d}(x), \operatorname{relu6}(x), sigmoid_d(x)
_WORD_NAME = re.compile(r"^\s*(?:\\(?:mathrm|operatorname|text|textrm)\{)?(?P<name>[A-Za-z][A-Za-z0-9]*(?:\\?_[A-Za-z0-9]+)*)\}?")


def _named_kin(formula: Formula, lhs: str) -> str:
    """The name of the left side when it is the entry's name with more written to it (`sigmoid_d(x)` beside the
    sigmoid, `relu6`, `leaky_relu` beside ReLU): a function the note names after the entry is another one, its
    derivative or a variant, until the note says which ('' otherwise)."""
    found = _WORD_NAME.match(lhs)
    if found is None:
        return ""
    name = found["name"].replace("\\_", "_")
    # the parts of a name: its words apart at `_`, a digit or a capital (sigmoid_d, relu6, sigmoidD); a word the
    # entry's name only begins (the Spanish sigmoide) is that name in another language
    parts = [p.lower() for p in re.findall(r"[A-Za-z][a-z]*|\d+", name)]
    own = formula.id.lower().split("_")
    within = any(parts[k:k + len(own)] == own for k in range(len(parts) - len(own) + 1))
    return name if within and len(parts) > len(own) else ""


def _lhs_conflict(formula: Formula, lhs: str, mapping: dict[str, str] | None = None, update: bool = False) -> str:
    """Why the left side is not the entry's quantity: a derivative of a function entry (or the reverse), or
    one of the entry's inputs ('' when it may be the entry's quantity). An input the right side already
    writes with another symbol (W in `N = (W-F+2P)/S+1`) is not what the left side names; an `update`
    (`w \\leftarrow w - \\eta g`) names the new value of the input it reads."""
    from kb.cards.formula import lhs_of

    lhs = lhs.strip()
    if not lhs:
        return ""
    if _HIGHER_DERIVATIVE.search(lhs):
        return f"its left side {lhs} is a derivative of a higher order than {formula.id} states"
    lhs_derivative = bool(_DERIVATIVE_LHS.search(lhs)) and not (
        _STEP_ENTRY.search(formula.id) and _PRIMED_SYMBOL.match(lhs.replace(" ", "")))
    entry_derivative = bool(_DERIVATIVE_ENTRY.search(f"{formula.id} {formula.title}"))
    # (a left side the entry names as its output comes first: x' is the scaled feature in feature scaling)
    if _output_bonus(formula, lhs):
        return ""
    if lhs_derivative and not entry_derivative:
        return f"its left side {lhs} is a derivative and {formula.id} is not"
    # r_i = -∂L/∂F(x_i): a pseudo-residual is the negative gradient, so a left side written as a derivative with no
    # minus before it (∂L/∂b) is the gradient, the value of the other sign (ŷ - y where the residual is y - ŷ)
    if lhs_derivative and not lhs.startswith("-") and _NEGATIVE_GRADIENT_ENTRY.search(f"{formula.title} {formula.latex}"):
        return f"its left side {lhs} is a gradient and {formula.id} is the negative gradient (the other sign)"
    if kin := _named_kin(formula, lhs):
        return f"its left side {lhs} names {kin}, a relative of {formula.id} (another word is in its name), not it"
    if _CHANGE_LHS.match(lhs) or _CHANGE_WORD.search(lhs.replace("\\_", "_").replace("_", " ")):
        return f"its left side {lhs} is a change (Δ), not {formula.id}'s value"
    if entry_derivative and not lhs_derivative:
        return f"{formula.id} is a derivative and its left side {lhs} is not"
    key = symbol_key(lhs)
    written = note_name(lhs)   # as the right side's symbols are named: x̂_t stays apart from x_t
    # h̃ = m ⊙ h / q: a left side the right side's input with an accent added is another quantity than that input
    # (q = 1 - p beside inverted dropout's h̃ = m⊙h/q: the letter the entry itself writes for an input names that
    # input on the left, whatever letter the right side is read as giving it)
    inputs = [p for p in parameters(formula) if key in _aliases(formula, p) and not _is_the_value(formula, p)
              and (mapping is None or mapping.get(p, written) == written or _entrys_own_letter(formula, p, written))]
    if update:   # an update's left side is the input it gives a new value to, when the right side reads it too
        inputs = [p for p in inputs if mapping is not None and p not in mapping]
    if inputs:
        return f"its left side {lhs} is an input of {formula.id} ({_meaning(formula, inputs[0])}), not its value"
    # f_avg = (f_in + f_out)/2 under "Glorot": a left side in the letter of the counts the right side reads, with a
    # subscript of its own, is one more such count (an average fan), not the entry's value, a quantity of another kind:
    # one written as applied to something (Var(W)) or the bound of a drawn weight (W ∼ U(−a, a)). (H_out from H_in is
    # one: a size from a size, as O is.)
    if not update and mapping is not None and (sibling := _sibling_of_inputs(formula, written, mapping)):
        return (f"its left side {lhs} is written like {sibling}, an input of {formula.id}: another such quantity, "
                "not its value")
    # V(s_t) = r_t + γV(s_{t+1}): a value of a table the entry reads (td_error's V) states what that table
    # holds (a Bellman consistency), not the entry's value (δ), unless the entry's own left side is that table's
    head = _lhs_head(lhs)
    if not update and head and head != _lhs_head(lhs_of(formula.latex)) and (tables := [
            p for p in parameters(formula) if head in _aliases(formula, p) and not _is_the_value(formula, p)]):
        return (f"its left side {lhs} is a value of {head}, an input of {formula.id} ({_meaning(formula, tables[0])}), "
                "not its value")
    # π*(s) = max_a Q*(s,a): a policy gives an action, never the value an entry of another quantity computes;
    # and V*(s) = max_a Q*(s,a) under a heading about the optimal policy states a value, not that policy
    own = lhs_of(formula.latex)
    if _POLICY_LHS.match(lhs) and not _POLICY_LHS.match(own):
        return f"its left side {lhs} is a policy, and {formula.id} is not one"
    if _VALUE_LHS.match(lhs) and _POLICY_LHS.match(own):
        return f"its left side {lhs} is a value, and {formula.id} is a policy"
    # Q_{target} = r + γV(s'): a quantity the note calls a target is no error, loss or update built from it
    if (role := role_named(lhs)) and not role_named(" ".join(entry_phrases(formula)) + " " + formula.id):
        return f"its left side {lhs} is a {role}, and {formula.id} is not one"
    # L = -log(e^{s_y}/Σ_j e^{s_j}) under "Softmax": L, ℓ and J name a loss or a cost (the objective a model
    # minimises), so an entry that is no loss (the softmax it is built from) is not what the formula states
    if names_a_loss(lhs) and not _LOSS_ENTRY.search(f"{formula.id} {formula.title}"):
        return f"its left side {lhs} is how notes write a loss or a cost, and {formula.id} is neither"
    # P(y|x) = ŷ^y(1-ŷ)^{1-y} under "Binary Cross-Entropy": a probability on the left is the likelihood a loss takes
    # the −log of, never that loss, whatever the heading names
    if _PROBABILITY_LHS.fullmatch(lhs) and _LOSS_QUANTITY.search(f"{formula.id} {formula.title}"):
        return f"its left side {lhs} is a probability, and {formula.id} is a loss"
    # E[X] = p(1-p) under "Bernoulli": a mean on the left is no variance (and Var(X) no mean), whatever the right side
    # computes; E[(X-μ)²] on the left is a mean of squares, which names neither
    if _MEAN_LHS.fullmatch(lhs) and _VARIANCE_ENTRY.search(f"{formula.id} {formula.title}"):
        return f"its left side {lhs} is a mean, and {formula.id} is a variance"
    # σ_w = √(2/n_in): σ with no square is the standard deviation, a different quantity from a variance entry's
    # (Xavier's, He's) and from the bound a of the uniform U(−a, a) an initialiser may draw from instead
    if standard_deviation.DEVIATION.fullmatch(lhs) and (kind := _SPREAD_ENTRY.search(f"{formula.id} {formula.title}")):
        return f"its left side {lhs} is a standard deviation, and {formula.id} is a {kind.group().lower()}"
    if _VARIANCE_LHS.fullmatch(lhs) and _MEAN_ENTRY.search(f"{formula.id} {formula.title}") and not _VARIANCE_ENTRY.search(
            f"{formula.id} {formula.title}"):
        return f"its left side {lhs} is a variance, and {formula.id} is a mean"
    # σ_B² = (1/m)Σ(x_i − μ_B)² beside "a standard deviation of 1": a squared σ (or Var) is the variance, whatever
    # the words name; an entry that is the deviation, its root, is another quantity (and the converse above)
    if _VARIANCE_LHS.fullmatch(lhs) and _DEVIATION_ENTRY.search(f"{formula.id} {formula.title}") and not _VARIANCE_ENTRY.search(
            f"{formula.id} {formula.title}"):
        return f"its left side {lhs} is a variance, and {formula.id} is a standard deviation, its root"
    # the same for a quantity of the entry's note view the right side uses (t = t + 1 beside a schedule)
    if mapping is not None and any(name.startswith(VIEW_PREFIX) and sym == written for name, sym in mapping.items()):
        return f"its left side {lhs} is a quantity {formula.id} is written in, not its value"
    # a name applied to its arguments (\mathrm{LeakyReLU}(x)) names what the name alone names
    named = _entries_named(normalise(key)) or _entries_named(normalise(_APPLIED_NAME.sub("", key)))
    if named and formula.id not in named:
        return f"its left side {lhs} names {named[0]}, not {formula.id}"
    # `Leaky ReLU: g(z) = ...`: a name written before a colon labels the formula, whatever the text around names
    if ":" in lhs:
        label = lhs.rsplit(":", 1)[0].strip()
        named = _entries_named(normalise(label)) or _entries_named(normalise(symbol_key(label)))
        if named and formula.id not in named:
            return f"its label {label} names {named[0]}, not {formula.id}"
    return ""


_SUBSCRIPTED = re.compile(r"([A-Za-z]+)_(\w+)")
_OPERATOR_LHS = re.compile(r"\\(?:mathrm|operatorname)\{[A-Za-z]+\}\s*\(.*\)|[A-Z][a-z]+\s*\(.*\)")


def _sibling_of_inputs(formula: Formula, written: str, mapping: dict[str, str]) -> str:
    """The note's input symbol whose letter the left side shares under another subscript (f_in for f_avg), where
    the entry's value is a name applied to something (Var(W)) or a drawn weight's bound ('' otherwise)."""
    from kb.cards.formula import lhs_of

    found = _SUBSCRIPTED.fullmatch(written)
    if found is None or not (_OPERATOR_LHS.fullmatch(lhs_of(formula.latex)) or sampled_from.sampled(formula.latex)):
        return ""
    for symbol in mapping.values():
        other = _SUBSCRIPTED.fullmatch(symbol)
        if other is not None and other.group(1) == found.group(1) and other.group(2) != found.group(2):
            return symbol
    return ""


def _entrys_own_letter(formula: Formula, param: str, written: str) -> bool:
    """Whether `written` is how the entry's own formula spells `param` on its right side (q in h̃ = m⊙h/q), not
    only a spelling notes use for it (N for the input size W of the output size)."""
    right = formula.latex.split("=", 1)[-1]
    return any(note_name(spelling) == written
               and re.search(rf"(?<![A-Za-z\\]){re.escape(spelling)}(?![A-Za-z])", right)
               for spelling in (param, *formula.aliases.get(param, ())))


_GREEK_HEAD = re.compile(r"\s*(?:\\(alpha|beta|gamma|delta|epsilon|varepsilon|eta|theta|lambda|mu|rho|sigma|tau)(?![A-Za-z])"
                         r"|([α-ωϵϑ]))")


def _greek_lhs_gap(formula: Formula, lhs: str) -> str:
    """Why a Greek letter on the left is no certain statement of the entry ('' when it may be): the entry's value is
    a count or a size, which no convention writes with a Greek letter (λ_n = 1/min(n+1, m) beside the word "LSTM"
    is a step size, not the LSTM's parameter count); Greek letters name rates, coefficients and statistics."""
    head = _GREEK_HEAD.match(lhs)
    if not head or _output_bonus(formula, lhs) or not _counts(formula):
        return ""
    return (f"its left side {lhs} is written with the Greek letter {head.group(1) or head.group(2)}, and "
            f"{formula.id} is a count or a size")


def _counts(formula: Formula) -> bool:
    """The entry's value is always a whole number (a count of parameters, an output size)."""
    _, expected = entry_cases(formula)   # (kept by kb.check.entries)
    return bool(expected) and all(is_number(v) and float(v).is_integer() for v in expected)


_FEW_INPUTS_LEFT = 3   # an entry with this many inputs or more is not identified by a function of one of them
# a name applied to its arguments, as a function is defined: f(x), \mathrm{df}(x), \operatorname{func}(x, y)
# (`S(y)_i`, a component of the function's value, is a function of y too)
_FUNCTION_DEFINED = re.compile(r"^\s*(?:\\(?:mathrm|operatorname|text)\{[A-Za-z_]+\}|[A-Za-z])\s*\((?P<args>[^()]*)\)"
                               r"(?:_(?:[A-Za-z0-9]|\{[A-Za-z0-9]\}))?\s*$")


def _vector_left_out(trial: _Trial) -> bool:
    """The note's formula leaves out an input of the entry whose values are vectors (the logits)."""
    envs = entry_envs(trial.formula)
    return bool(envs) and any(is_array(envs[0].get(param)) for param in parameters(trial.formula)
                              if param not in trial.mapping)


def _function_arguments(lhs: str) -> set[str]:
    """The argument names of a left side written as a function applied to them (empty for any other)."""
    found = _FUNCTION_DEFINED.match(lhs)
    return {symbol_key(arg) for arg in found["args"].split(",")} if found else set()


@lru_cache(maxsize=1)
def _names_of_entries() -> dict[str, tuple[str, ...]]:
    """Each keyword or title of the registry -> the entries it names (TPR -> recall)."""
    from kb.formulas import registry

    found: dict[str, list[str]] = {}
    for formula in registry():
        for phrase in entry_phrases(formula):
            found.setdefault(phrase, []).append(formula.id)
    return {phrase: tuple(ids) for phrase, ids in found.items()}


def _entries_named(phrase: str) -> tuple[str, ...]:
    """The entries a left side written as a name (Recall, TPR, \\mathrm{Acc}) names; () for a symbol."""
    return _names_of_entries().get(phrase, ()) if phrase else ()


MAX_CASES = 16          # value combinations tried for the parameters a note leaves out
CASE_EXAMPLES = 40      # examples each combination is checked on
_STRUCTURAL = {0.0, 1.0, 2.0, -1.0, 0.5}   # numbers any formula writes (1 - p, x/2): not a parameter's value


def _written_through_view(formula: Formula, mapping: dict[str, str], param: str, examples: list[dict[str, Any]]) -> bool:
    """The note writes `param` through a quantity of the entry's note view that it names (the label y inside the
    true class's score s_{y_i}): changing the parameter changes that quantity, so the note does not leave it out."""
    views = [name for name in mapping if name.startswith(VIEW_PREFIX)]
    if not views:
        return False
    seen = sorted({e[param] for e in examples})
    for params in examples:
        other = next((v for v in seen if v != params[param]), None)
        if other is None:
            return False
        try:
            before, after = note_view_of(formula, params), note_view_of(formula, {**params, param: other})
        except Exception:   # a value outside the entry's domain for this example
            continue
        if any(not values_match(before[name], after[name], 0.0, 0.0) for name in views):
            return True
    return False


def _special_case(trial: _Trial, note: _NoteFormula) -> dict[str, float] | None:
    """Values of the parameters the note leaves out under which its formula is the entry: the entry's smallest
    example value (no padding, unit dilation), each value of a parameter with at most three (a label y), or a
    number the note writes (0.01 in max(0.01x, x)). None when no combination agrees on every example."""
    import numpy as np

    formula = trial.formula
    examples = list(entry_examples(formula)[:CASE_EXAMPLES])
    # a setting that is not a number (pooling's kind) keeps each example's value: notes never write it; a flag
    # (whether s' is terminal) is a case the note may leave out, as it leaves out a zero padding
    missing = [p for p in parameters(formula) if p not in trial.mapping and examples
               and (is_number(examples[0][p]) or isinstance(examples[0][p], bool))
               and not _written_through_view(formula, trial.mapping, p, examples)]
    if not missing or not examples:
        return None
    choices = []
    for param in missing:
        seen = sorted({e[param] for e in examples})
        values = {seen[0], *(seen if len(seen) <= 3 else ())}
        values |= {v for v in note.literals if v not in _STRUCTURAL and (isinstance(seen[0], float) or v.is_integer())}
        choices.append(sorted(values))
    for combo in itertools.islice(itertools.product(*choices), MAX_CASES):
        fixed = dict(zip(missing, combo))
        compared = 0
        for params in examples:
            case = {**params, **fixed}
            try:
                want = part_of(formula.truth(**case), trial.part)
                env = {**case, **note_view_of(formula, case)}
            except Exception:  # a combination outside the entry's domain (groups that do not divide channels)
                continue
            try:
                got = _plain(note.function({sym: env[var] for var, sym in trial.mapping.items()}))
            except Exception:
                break
            if not values_match(_plain(np.asarray(want).tolist() if hasattr(want, "tolist") else want), got,
                                formula.rel_tol, formula.abs_tol):
                break
            compared += 1
        else:
            if compared >= 5:
                return fixed
    return None


def _written_case(trial: _Trial, note: _NoteFormula, context: str) -> bool:
    """The note's formula is the trial's entry under values of what it leaves out that the note writes (the case
    _differs_or_unsure verifies)."""
    case = _special_case(trial, note)
    return case is not None and all(_case_written(trial.formula, k, v, note) or _text_fixes(trial.formula, k, context)
                                    for k, v in case.items())


def _agrees_only_where(trial: _Trial, note: _NoteFormula, reference: Callable[..., Any]) -> dict[str, float] | None:
    """A continuous parameter the note's formula never names (no symbol of it, though the values it computes with
    may depend on it: θ_t after steps at rate α) and one of its few example values at which the formula agrees on
    every example, though not on the others: the value at which the note would be right (α = 1), by `reference`
    (the entry or the convention it is judged under). None when none."""
    formula = trial.formula
    examples = list(entry_examples(formula))
    named = {var.removeprefix(VIEW_PREFIX) for var in trial.mapping}
    for param in parameters(formula):
        if not examples or param in named or not all(isinstance(e[param], float) for e in examples):
            continue
        values = sorted({e[param] for e in examples})
        for value in values if len(values) <= 3 else ():
            subset = [e for e in examples if e[param] == value]
            if len(subset) >= 5 and all(_note_gives(trial, note, e, part_of(reference(**e), trial.part))
                                        for e in subset):
                return {param: value}
    return None


def _case_written(formula: Formula, param: str, value: float, note: _NoteFormula) -> bool:
    """The value a left-out parameter takes in a special case is one the note writes: a whole-number setting
    (a label y, a flag, a bias of 0 or 1, no padding), the entry's smallest example value (its absent or unit
    case), or a number written in the note's formula (the 1 of `s_j − s_y + 1` is the SVM's margin Δ = 1). A
    continuous parameter (a rate, a weight, a margin) at another of its few example values is a coincidence
    of the examples."""
    seen = sorted({e[param] for e in entry_examples(formula)[:CASE_EXAMPLES]})
    whole = all(isinstance(v, bool) or float(v).is_integer() for v in seen)
    return whole or value == seen[0] or any(values_match(value, written, 1e-12, 0.0) for written in note.literals)


def _convention_followed(trial: _Trial, note: _NoteFormula) -> str | None:
    """The entry's convention (if any) under which the note's formula agrees on every example checked."""
    formula = trial.formula
    examples = list(entry_examples(formula)[:CASE_EXAMPLES])
    for convention, reference in formula.conventions.items():
        if examples and all(_note_gives(trial, note, params, part_of(reference(**params), trial.part))
                            for params in examples):
            return convention
    return None


def _note_gives(trial: _Trial, note: _NoteFormula, params: dict[str, Any], want: Any) -> bool:
    env = {**params, **note_view_of(trial.formula, params)}
    try:
        got = _plain(note.function({sym: env[var] for var, sym in trial.mapping.items()}))
    except Exception:  # a formula outside its domain on this example does not follow the convention
        return False
    return values_match(_plain(want), got, trial.formula.rel_tol, trial.formula.abs_tol)


def _is_the_value(formula: Formula, param: str) -> bool:
    """The parameter always equals the entry's value (a moment entry that also takes μ): naming it names the value."""
    examples, expected = entry_cases(formula)
    return bool(examples) and all(values_match(want, params[param], formula.rel_tol, formula.abs_tol)
                                  for params, want in zip(examples, expected))


def _meaning(formula: Formula, param: str) -> str:
    return formula.symbols.get(param, param)


def _text_fixes(formula: Formula, param: str, context: str) -> bool:
    """The text gives the parameter a value (P = 0) or says it is absent (\"no padding\"; meanings are English)."""
    spellings = {param, *formula.aliases.get(param, ())}
    if any(re.search(_STATED_VALUE.format(symbol=re.escape(s)), context) for s in spellings if s):
        return True
    words = [w for w in re.findall(r"[a-z]{4,}", _meaning(formula, param).lower()) if w not in _GENERIC_MEANINGS]
    return bool(words) and re.search(rf"\b(?:{'|'.join(_ABSENT)})\s+{words[0]}", normalise(context)) is not None


def _undefined_where_truth_is_not(counterexample: Counterexample) -> bool:
    """The note's value has a nan the truth does not: `δ_{t+l}^V` (the GAE paper's label V) read as a power of a
    table, not a value the note states. A misreading, not evidence."""
    import numpy as np

    try:
        got = np.asarray(counterexample.got, dtype=float)
        expected = np.asarray(counterexample.expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return bool(np.isnan(got).any()) and not bool(np.isnan(expected).any())


def _same_shape(counterexample: Counterexample | None) -> bool:
    import numpy as np

    if counterexample is None or isinstance(counterexample.got, str):
        return False
    try:
        return np.shape(counterexample.expected) == np.shape(counterexample.got)
    except ValueError:  # ragged
        return False


def _part_name(trial: _Trial) -> str:
    if trial.part is None:
        return ""
    names = [k for k, i in trial.formula.note_parts.items() if i == trial.part]
    return f" ({names[0]})" if names else f" (part {trial.part})"


def _describe_mapping(mapping: dict[str, str]) -> str:
    shown = ((sym, param.removeprefix(VIEW_PREFIX)) for param, sym in mapping.items())
    return ", ".join(f"{sym}={name}" if sym != name else sym for sym, name in shown)


def _describe_counterexample(trial: _Trial) -> str:
    """The smallest counterexample in the note's own symbols. When the note writes quantities of the entry's
    note view (an LSTM's gates rather than its weights), the values of the symbols it wrote are shown."""
    ce = trial.counterexample
    assert ce is not None
    shown = ", ".join(f"{trial.mapping.get(k, k)}={short(v)}" for k, v in ce.params.items())
    if any(k.startswith(VIEW_PREFIX) for k in trial.mapping):
        env = {**ce.params, **note_view_of(trial.formula, ce.params)}
        shown = ", ".join(f"{sym}={short(env[var])}" for var, sym in trial.mapping.items())
    return f"at {shown}: expected {short(ce.expected)}, the note's formula gives {short(ce.got)}"


# ---- cards -------------------------------------------------------------------------------------------

def attach_checks(notes: Sequence[Note], cards: list[Card], store: Any = None, salt: str = "",
                  advance: Callable[[], None] = lambda: None) -> list[Card]:
    """Every card with its check: formula and formula-cloze cards linked, stripped Q&A formulas restored.

    `store` (get/put by key, e.g. a JsonCache) keeps each decision across builds under a key made of `salt`
    (the checking code's fingerprint) and what the check sees, so only new or edited formulas are checked."""
    by_file = {note.file: note for note in notes}
    linker = _Linker(store, salt)
    checked: list[Card] = []
    for card in cards:
        note = by_file.get(card.source.file)
        if card.kind in ("formula", "cloze") and note is not None:
            checked.append(linker.link(card, note))
        elif card.kind == "qa":
            checked.append(restore_formula(card, note))
        else:
            checked.append(card)
        advance()
    return checked


class _Linker:
    """Links cards to decisions, remembering each decision and each section's definitions for the run."""

    def __init__(self, store: Any, salt: str) -> None:
        self.store, self.salt = store, salt
        self.decided: dict[tuple[str, ...], Check] = {}
        self.definitions: dict[int, list[tuple[int, str, str]]] = {}
        self.stated: dict[int, tuple[Stated, ...]] = {}
        self.statements: dict[int, tuple[tuple[Any, str, str, str], ...]] = {}

    def link(self, card: Card, note: Note) -> Card:
        found = find_block(card, note)
        if found is None:
            if card.kind == "formula":
                return replace(card, check=Check("not_checkable", detail="the formula's block was not found in its note"))
            return card  # a term cloze: no formula behind it
        from kb.cards.formula import sentence_naming

        section, index, block = found
        # An expression the sentence before it names ("its derivative is $...$") is that sentence's quantity:
        # the paragraphs around it may name another one (the function it derives), so they are left out.
        phrase = sentence_naming(section, index)
        if phrase and not names_a_derivative(phrase) and (lead_in := _derivative_lead_in(section, index)):
            phrase = f"{phrase} ({lead_in.strip()})"   # one line: the function and the word derivative together
        context = ("\n".join([*section.path, phrase]) if phrase
                   else formula_context(section, index) + "\n" + _front_words(card.front))
        if id(section) not in self.definitions:
            self.definitions[id(section)] = definition_rows(section)
        definitions = formula_definitions(section, index, self.definitions[id(section)])
        if id(section) not in self.stated:
            if id(note) not in self.statements:
                self.statements[id(note)] = self._statements(note)
            self.stated[id(section)] = stated_quantities(self.statements[id(note)], section)
        stated = self.stated[id(section)]
        # The decision depends only on what the check sees, so the same formula in the same words is checked
        # once however many notes repeat it.
        local = phrase or local_context(section, index) + "\n" + _front_words(card.front)
        seen = (block.latex or "", context, repr(definitions), formula_heading(section), local, repr(stated),
                _other_headings(note, section), _rounding_down_around(section, index),
                context_since_restatement(section, index),
                _COMPANION_SEPARATOR.join(section_companions(section, block.latex or "")),
                _approximation_before(section, index))
        # `$a \times b \approx 22$ billion`: the word after the math scales the number the formula ends in
        scale = scale_words.after_formula(section.blocks, index, block.latex or "", section.lang)
        if scale is not None:
            seen += (repr(scale),)
        if seen not in self.decided:
            self.decided[seen] = self._decision(seen, definitions, stated, phrase, scale)
        return replace(card, check=self.decided[seen])

    def _statements(self, note: Note) -> tuple[tuple[Section, str, str, str], ...]:
        """note_statements(note), kept in the store under the note's formulas: it reads each right side with
        sympy, and importing sympy was half a second of a rebuild whose decisions are all kept (an edit
        that leaves a note's formulas as they were), which needs sympy for nothing else."""
        if self.store is None:
            return note_statements(note)
        import json

        from kb.cache import key_for

        # what note_statements reads: the sections in order and the formulas of each
        formulas = [[block.latex for block in section.blocks if block.kind == "formula" and block.latex]
                    for section in note.sections]
        key = key_for("statements", self.salt, json.dumps(formulas, ensure_ascii=False))
        if isinstance(hit := self.store.get(key), list):
            return tuple((note.sections[index], name, lhs, rhs) for index, name, lhs, rhs in hit)
        found = note_statements(note)
        index = {id(section): i for i, section in enumerate(note.sections)}
        self.store.put(key, [[index[id(section)], name, lhs, rhs] for section, name, lhs, rhs in found])
        return found

    def _decision(self, seen: tuple[str, ...], definitions: dict[str, str], stated: tuple[Stated, ...],
                  phrase: str, scale: scale_words.Scale | None = None) -> Check:
        from kb.cache import key_for

        key = key_for("link", self.salt, *seen)
        if self.store is not None and (hit := self.store.get(key)) is not None:
            return Check.from_dict(hit)
        try:
            decision = (self._verdict(seen, definitions, stated, phrase) if scale is None
                        else self._scaled_verdict(seen, definitions, stated, phrase, scale))
        except Exception as exc:  # noqa: BLE001 - sympy and numpy raise many kinds on odd input
            # One formula kb cannot read or check is a formula without a verdict, never a note (or a build)
            # without any: its card says why, and the note's other formulas are still checked.
            decision = Decision("not_checkable", seen[0], detail=f"{CHECK_CRASHED}: {type(exc).__name__}: {exc}")
        check = decision.to_check()
        if self.store is not None:
            self.store.put(key, check.to_dict())
        return check

    def _scaled_verdict(self, seen: tuple[str, ...], definitions: dict[str, str], stated: tuple[Stated, ...],
                        phrase: str, scale: scale_words.Scale) -> Decision:
        """The verdict on the formula read with the scale word after it (kb.check.scale_words)."""
        if scale.power is None:
            return Decision("not_checkable", seen[0], detail=(
                f"the number it ends in is followed by \"{scale.word}\", whose power of ten the languages that use "
                "the word give differently (the short and the long scale), so the note's value is not certain"))
        latex = scale_words.scaled(seen[0], scale)
        decision = self._verdict((latex, *seen[1:]), definitions, stated, phrase)
        return replace(decision, note_latex=seen[0], detail=(
            f"read with \"{scale.word}\" after it, as {latex}: {decision.detail}"))

    def _verdict(self, seen: tuple[str, ...], definitions: dict[str, str], stated: tuple[Stated, ...],
                 phrase: str) -> Decision:
        decision = check_note_formula(seen[0], seen[1], definitions=definitions, heading=seen[3], stated=stated,
                                      local=seen[4], companions=_companions(seen))
        if phrase and (named := check_note_formula(seen[0], phrase, definitions=definitions, heading=seen[3],
                                                   stated=stated, local=seen[4], companions=_companions(seen))).status in (
                "verified", "note_differs"):
            decision = named   # what the sentence itself names wins over what only a heading names
        if (decision.status == "note_differs" and decision.formula is not None and decision.equals
                and not naming_phrase(decision.formula, seen[8])):
            # f(x) = e^{-x²} after "Bent identity: $f(x) = …$": the words named the earlier f(x), and this one is
            # another entry's formula exactly, a function of its own rather than a wrong bent identity
            decision = Decision("not_checkable", decision.note_latex, detail=(
                f"disagrees with {decision.formula.id}, but it is not certain the note states it: the words naming it "
                f"come before an earlier formula with the same left side, and this one is {decision.equals}'s"),
                evidence=decision.evidence)
        if decision.status == "note_differs" and decision.formula is not None and (
                gap := _named_by_another_section(decision, seen[4], seen[6])):
            decision = Decision("not_checkable", decision.note_latex, detail=(
                f"disagrees with {decision.formula.id}, but it is not certain the note states it: {gap}"),
                evidence=decision.evidence)
        # `\frac{W-F+2P}{S}+1` under "the width, rounded down:": the sentence states the floor the formula leaves out
        if decision.status == "note_differs" and seen[7] and _WHOLE_NUMBER in decision.detail:
            decision = Decision("not_checkable", decision.note_latex, detail=(
                f"as written it gives a fraction where {decision.formula.id if decision.formula else 'the size'} is a "
                f"whole number, but the words beside it say the result is rounded down (\"{seen[7]}\")"),
                evidence=decision.evidence)
        # "GELU can be approximated as: $$f(x) = x σ(1.702x)$$": an approximation is meant to differ from the exact value
        # (unless its left side names the entry itself: "a cheap approximation of swish: h-swish(x) = …" defines
        # h-swish exactly, whatever it approximates)
        if seen[10] and not (decision.formula is not None and decision.evidence is not None
                             and _lhs_names(decision.formula, decision.evidence.lhs)):
            decision = approximation.withhold(decision, f"the words before it say \"{seen[10]}\"")
        # (an identity or a stated range has no entry: its left side, not the words, identifies it)
        if (phrase and decision.status == "note_differs" and decision.formula is not None
                and not naming_phrase(decision.formula, phrase)):
            # a heading may name the topic ("L2 regularization") and the sentence a part of it ("its
            # gradient"): only the sentence says for certain which quantity the expression is
            decision = Decision("not_checkable", decision.note_latex, detail=(
                f"disagrees with {decision.formula.id}, but the words naming the expression ({phrase}) do not "
                f"name {decision.formula.title}"), evidence=decision.evidence)
        return decision


# (what a check sees is kept as strings, the keys of the decision cache)
_COMPANION_SEPARATOR = "\x1f"


def _companions(seen: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(seen[9].split(_COMPANION_SEPARATOR)) if seen[9] else ()


def section_companions(section: Section, latex: str) -> tuple[str, ...]:
    """The rows of the section's formulas other than `latex`'s own: what the note writes beside a formula, such as
    the velocity line a momentum step is right or wrong by."""
    def rows(text: str) -> list[str]:
        return [re.sub(r"&|\\(?:begin|end)\{\w+\*?\}", " ", row).strip() for row in _BARE_ROW_BREAK.split(text)]

    own = {re.sub(r"\s+", "", row) for row in rows(latex)}
    found = [row for block in section.blocks if block.kind == "formula" and block.latex for row in rows(block.latex)]
    return tuple(dict.fromkeys(row for row in found if row and re.sub(r"\s+", "", row) not in own))


def _other_headings(note: Note, section: Section) -> str:
    """The own headings of the note's sections that are neither this section nor one it lies in."""
    mine = set(section.path)
    return "\n".join(dict.fromkeys(formula_heading(other) for other in note.sections
                                    if other.path and formula_heading(other) not in mine))


def _named_by_another_section(decision: Decision, local: str, other_headings: str) -> str:
    """Why a failing entry that another section of the note is about is no certain identity here ('' when the
    formula's own heading, the words before it or its left side name it): a note of activations with a section
    "Sigmoid" and one "Bent identity" states the bent identity under the second, not a wrong sigmoid."""
    formula = decision.formula
    if formula is None or not naming_phrase(formula, other_headings) or naming_phrase(formula, local):
        return ""
    lhs = decision.evidence.lhs if decision.evidence is not None else ""
    if lhs and (formula.id in _entries_named(normalise(symbol_key(lhs))) or _lhs_is_entrys(formula, lhs)):
        return ""
    return (f"another section of the note is about {formula.title}, and neither this formula's own heading nor "
            "the words before it name it")


def _lhs_is_entrys(formula: Formula, lhs: str) -> bool:
    """The note's left side is written as the entry writes its own (σ(x) for the sigmoid, δ_t for the TD error)."""
    from kb.cards.formula import lhs_of

    own = lhs_of(formula.latex)
    return bool(own) and _lhs_key(lhs) == _lhs_key(own)


def find_block(card: Card, note: Note) -> tuple[Section, int, Block] | None:
    """The formula block a card was made from: same section, same line, its LaTeX in the card."""
    matches = []
    for section in note.sections:
        if section.path != card.section:
            continue
        for index, block in enumerate(section.blocks):
            if block.kind == "formula" and block.latex and block.line == card.source.line:
                matches.append((section, index, block))
    if len(matches) > 1:
        text = card.front + card.back
        # the longest formula the card shows: 1\times 1\times 3 is inside 256\times 1\times 1\times 3 = ...
        # a formula shown whole beats one whose left side only is (σ'(x) = ... and σ'(x) ∈ (0, 1/4] on one line)
        shown = ([m for m in matches if (m[2].latex or "") in text]
                 or [m for m in matches if _latex_in(m[2].latex or "", text)])
        matches = sorted(shown, key=lambda m: -len(m[2].latex or "")) or matches[:1]
    return matches[0] if matches else None


def _latex_in(latex: str, text: str) -> bool:
    from kb.cards.formula import lhs_of

    lhs = lhs_of(latex)
    return latex in text or bool(lhs and lhs in text)


def _front_words(front: str) -> str:
    """A card's front as words that may name its formula: of an equation in it, only the left side (what the
    formula defines, \\text{Dice} = …); a function its right side uses (t = 2·sigmoid(z) − 1) names an
    input, not the quantity."""
    return MATH_SPAN.sub(lambda m: m.group().split("=", 1)[0], front)


def _derivative_lead_in(section: Section, index: int) -> str:
    """"Common derivatives:" over a list whose item "Tanh: $1 - \\tanh^2(x)$" names its expression: the item names
    the function, and the words that lead into the list say the expression is its derivative ('' when the two
    paragraphs before the expression's own say nothing of derivatives)."""
    before = _near_paragraphs(section, index)[:-1][-2:]
    return next((text for text in reversed(before) if names_a_derivative(text)), "")


def _near_paragraphs(section: Section, index: int) -> list[str]:
    # inline formulas are blocks of their own beside their paragraph: they do not push its words out of reach;
    # a figure names what it shows, and a graph drawn after a function's formulas (an activation zoo's "formula,
    # derivative, graph" items) belongs to that function, never to the next function's formula
    return _paragraphs_between(section, 0, index)


def _paragraphs_between(section: Section, start: int, index: int) -> list[str]:
    line, latex = section.blocks[index].line, section.blocks[index].latex or ""
    return [_own_item(b, line) if b.kind == "list" else _own_clause(b.text, latex) if b.kind == "paragraph" else b.text
            for b in section.blocks[start:index] if b.kind not in ("formula", "image")][-NEAR_BLOCKS:]


# the delimiters around an inline formula in a paragraph's text
_DELIMITERS = re.compile(r"^(?:\$\$?|\\[(\[])|(?:\$\$?|\\[)\]])$")


def _own_clause(text: str, latex: str) -> str:
    """The words of a paragraph that may name its inline formula `latex`. A sentence that lists equations, each after
    its name ("the squared error $L = (1-y)^2$, the cross-entropy $L = -log y$"), names the later ones by the words
    after this one: the paragraph counts up to this formula when another equation follows it. (The words before it
    stay: "for unit vectors $‖u−v‖² = 2 − 2cos$ … not $‖u−v‖² = 2 − cos$" names both by its first words.) A paragraph
    this formula is not inline in, or the last equation of, counts whole."""
    spans = [m for m in MATH_SPAN.finditer(text) if "=" in m.group()]
    own = next((k for k, m in enumerate(spans) if _DELIMITERS.sub("", m.group()).strip() == latex.strip()), None)
    if own is None or own + 1 == len(spans):
        return text
    return text[:spans[own].end()]


def context_since_restatement(section: Section, index: int) -> str:
    """The headings and the words after the last earlier formula with the same left side: what names this
    statement and not the earlier one."""
    return "\n".join([*section.path, *_paragraphs_between(section, _restated_after(section, index), index)])


def _restated_after(section: Section, index: int) -> int:
    """Where the words that may name formula `index` start: after the last earlier formula with the same left side
    (0 when there is none). `f(x) = …` written again is another statement: the words before the first one named
    that one ("Bent identity: $f(x) = …$"), not the next function an activation list also calls f(x)."""
    lhs = _block_lhs(section.blocks[index])
    if not lhs:
        return 0
    for earlier in range(index - 1, -1, -1):
        if section.blocks[earlier].kind == "formula" and _block_lhs(section.blocks[earlier]) == lhs:
            return earlier + 1
    return 0


def _block_lhs(block: Block) -> str:
    from kb.check.latex_text import LatexError, split_relation, strip_formula

    if block.kind != "formula" or not block.latex:
        return ""
    try:
        lhs, relation, _ = split_relation(strip_formula(block.latex))
    except LatexError:
        return ""
    return re.sub(r"\s+", "", lhs) if relation == "=" else ""


# a line ending in a colon (bold or not, in either width): it introduces what follows it
_INTRODUCES = re.compile(r"[:：]\s*(?:\*\*|__)?\s*$|(?:\*\*|__)\s*[:：]\s*$")
# a list item's first line: its indentation, then a bullet or a number
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-+*•]|\d+[.)])[ \t]")


def _own_item(listing: Block, line: int) -> str:
    """The words of a list that may name a formula on `line`. Each item of "1. Exponential decay: $..$
    2. Square root decay: $..$" names its own formula, so another item that holds a formula never names this
    one; items without a formula (an outline's "- The number of parameters:" above its formula) still do, as
    do the items it is nested in. A list the formula follows counts whole, unless its last item ends in a colon:
    "5. Leaky ReLU: $f(x) = ax$ … 6. ELU:" introduces the display formula after the list as that item's own, so
    the list is read as if the formula were written in its last item; there an item holds a formula of its own
    only with an equation in it ("It keeps $m_t$ and $v_t$" names the method all the same)."""
    lines = listing.text.split("\n")
    row = line - listing.line
    after = row >= len(lines) and bool(_INTRODUCES.search(lines[-1]))
    if after:
        row = len(lines) - 1
    if not 0 <= row < len(lines):
        return listing.text
    items: list[list[str]] = []
    for text in lines[:row + 1]:
        if _LIST_ITEM.match(text) or not items:
            items.append([])
        items[-1].append(text)
    indents = [len(head.group(1)) if (head := _LIST_ITEM.match(item[0])) else 0 for item in items]
    ancestors, reach = set(), indents[-1]
    for k in range(len(items) - 2, -1, -1):
        if indents[k] < reach:
            ancestors.add(k)
            reach = indents[k]
    # another item's formula, or the heading item of other items (their parent, not ours), is named by it;
    # so is an item inside another item's subtree ("1. Swish" … "Smoother than the sigmoid" says nothing of
    # the "1. Bent identity" after it): only items beside ours or beside one of its ancestors name it
    kept = [item for k, item in enumerate(items[:-1]) if k in ancestors or (
        not _holds_formula(item, after) and not (k + 1 < len(items) and indents[k + 1] > indents[k])
        and _parent(indents, k) in ancestors | {None})]
    return "\n".join(line for item in [*kept, items[-1]] for line in item)


def _holds_formula(item: list[str], equation_only: bool) -> bool:
    text = "\n".join(item)
    return bool(_EQUATION_IN_TEXT.search(text)) if equation_only else "$" in text


def _parent(indents: list[int], k: int) -> int | None:
    """The item that item `k` is nested in (the nearest one before it indented less), or None at the top."""
    return next((j for j in range(k - 1, -1, -1) if indents[j] < indents[k]), None)


def _rounding_down_around(section: Section, index: int) -> str:
    """The words of the formula's own sentence that say its result is rounded down ('' when none): the text block
    just before it (its paragraph, for an inline formula) and the one just after it ("where the division is
    rounded down"); other paragraphs may speak of another formula."""
    blocks = section.blocks
    before = next((b for b in reversed(blocks[:index]) if b.kind != "formula"), None)
    after = next((b for b in blocks[index + 1:] if b.kind != "formula"), None)
    if after is not None and not goes_on_with_the_sentence(after.text):
        after = None   # a new sentence, which may introduce the next formula
    return next((said for b in (before, after) if b is not None and b.kind in ("paragraph", "list", "quote")
                 and (said := rounding_down_said(b.text))), "")


def _approximation_before(section: Section, index: int) -> str:
    """The words leading into the formula that call it an approximation ('' when none): in its paragraph, the words
    since the equation before it ("It can be approximated as:", or the clause before an inline formula); in a list,
    those of its own item. Words further off ("keeps the variance roughly equal", an item above) speak of
    something else."""
    before = next((b for b in reversed(section.blocks[:index]) if b.kind not in ("formula", "image")), None)
    if before is None or before.kind not in ("paragraph", "list", "quote"):
        return ""
    block = section.blocks[index]
    text = _item_of(before, block.line) if before.kind == "list" else before.text
    return approximation.said(_words_leading_into(text, block.latex or ""))


def _item_of(listing: Block, line: int) -> str:
    """The list item that holds `line` (the whole list when the line is outside it)."""
    lines = listing.text.split("\n")
    row = line - listing.line
    if not 0 <= row < len(lines):
        return listing.text
    start = next((k for k in range(row, -1, -1) if _LIST_ITEM.match(lines[k])), 0)
    return "\n".join(lines[start:row + 1])


def _words_leading_into(text: str, latex: str) -> str:
    """The words of `text` just before the formula: those since the equation before it when the formula is inline in
    the text, else the text's last sentence (the one a display formula follows)."""
    spans = [m for m in MATH_SPAN.finditer(text) if "=" in m.group() or "\\approx" in m.group()]
    own = next((k for k, m in enumerate(spans) if _DELIMITERS.sub("", m.group()).strip() == latex.strip()), None)
    if own is None:
        return approximation.last_sentence(text)
    return text[spans[own - 1].end() if own else 0:spans[own].start()]


def formula_context(section: Section, index: int) -> str:
    """Headings and the few paragraphs just before the formula: the words that say what it is."""
    return "\n".join([*section.path, *_near_paragraphs(section, index)])


def local_context(section: Section, index: int) -> str:
    """The formula's own heading and the paragraphs just before it, without the outer headings."""
    return "\n".join([formula_heading(section), *_near_paragraphs(section, index)])


def named_only_by_outer_heading(decision: Decision, local: str, heading: str) -> str:
    """Why a failing entry named only by an outer heading is no certain identity ('' when it is named nearer).

    An outer heading names the topic of everything below it; a formula under a subheading of its own, or an
    expression with no left side, is that topic only when its own heading or the words before it say so:
    `g(s) = 1/(1+e^{-s})` under "sigmoid" inside a chapter on softmax is no softmax, and a sum with no left
    side inside a chapter on Q-learning is not the Bellman equation."""
    from kb.formulas import registry

    formula = decision.formula
    if formula is None or naming_phrase(formula, local):
        return ""
    lhs = decision.evidence.lhs if decision.evidence is not None else ""
    if lhs and formula.id in _entries_named(normalise(symbol_key(lhs))):
        return ""   # `Recall = …` names its entry itself
    if not lhs:
        return (f"it is an expression with no left side, and only an outer heading names {formula.title}; "
                "its own heading and the words before it do not say which quantity it is")
    others = [f.title for f in registry() if f.id != formula.id and naming_phrase(f, heading)]
    if others:
        return f"only an outer heading names {formula.title}, and its own heading names {others[0]}"
    return ""


def formula_heading(section: Section) -> str:
    """The formula's own heading, the one that names its topic (the note's title for a top-level section)."""
    return section.path[-1] if section.path else ""


def note_formulas(notes: Sequence[Note]) -> Iterator[tuple[Note, Section, int, Block]]:
    """Every equation in the notes that a formula card is made from."""
    from kb.cards.formula import formula_blocks

    for note in notes:
        for section, index, block in formula_blocks(note):
            yield note, section, index, block


# ---- restoring stripped formulas ------------------------------------------------------------------

# Questions that ask what a named thing is, or for its formula: their subject is the thing itself.
_ASKS_WHAT = re.compile(
    r"^(?:what(?:'s| is| are)|define|explain|how (?:is|are|do you) (?:compute|calculate|define)d?)\s+"
    r"(?:(?:a|an|the)\s+)?(?:formula (?:for|of)\s+(?:(?:a|an|the)\s+)?)?(?P<subject>.+?)\s*[?？.]?$"
    r"|^(?:что такое|чему равн\w*|какова формула)\s+(?P<ru>.+?)\s*[?？.]?$"
    r"|^(?:什么是)(?P<zh1>.+?)[?？]?$|^(?P<zh2>.+?)(?:是什么|的公式是什么)[?？]?$")


def question_subject(question: str) -> str:
    """'What is cosine learning rate decay?' -> 'cosine learning rate decay' ('' for other questions)."""
    match = _ASKS_WHAT.match(normalise(question.strip().splitlines()[0] if question.strip() else ""))
    if not match:
        return ""
    return next(g for g in match.groups() if g is not None).strip()


def restore_formula(card: Card, note: Note | None = None, formulas: Sequence[Formula] | None = None) -> Card:
    """A Q&A card asking what a registry formula is, whose answer lost the formula, gets the checked one back.

    The answer must show the loss: the note holds no TeX formula at all (an exporter that drops math drops
    every one), and the answer is missing or has a gap where a formula was cut out ("Where is the learning
    rate at each step."). A complete answer in words stays the author's: adding a formula to it would claim
    it lost one. The question's subject must name one entry: one of its keywords or titles ("What is the
    Bellman equation?"), so a question that merely mentions a term ("Why is the softmax function called
    softmax?") is left alone, and a name two entries share equally ("value function": a policy's values or
    the optimal ones) restores neither.
    """
    from kb.formulas import registry

    subject = question_subject(card.front)   # the cheap test first: most questions ask no "what is X"
    if not subject or not _answer_lost_its_formula(card, note):
        return card
    scored = [(subject_match(f, subject), f) for f in (formulas if formulas is not None else registry())]
    best = max((score for score, _ in scored), default=0)
    named = [f for score, f in scored if score == best]
    if len(named) > 1:   # a name variants share ("batch norm"): the entry whose title it fills most, if one
        coverage = {f.id: _title_coverage(subject, f, card.lang) for f in named}
        most = max(coverage.values())
        named = [f for f in named if most and coverage[f.id] == most]
    if not best or len(named) != 1:
        return card
    formula = named[0]
    line = _RESTORED_LINE.get(card.lang, _RESTORED_LINE["en"])
    back = f"{card.back.rstrip()}\n\n*{line} ({formula.id}):*\n\n$${formula.latex}$$"
    check = Check("restored", formula.id, formula.latex, None, f"restored from the kb registry ({formula.id})")
    return replace(card, back=back, check=check)


def _title_coverage(subject: str, formula: Formula, lang: str) -> float:
    """How much of the entry's title in the question's language the subject says: "cosine learning rate
    decay" is all of "Cosine learning-rate decay" and a third of "Linear warm-up then cosine decay". A
    title's remark in brackets ("Cross-entropy loss (mean over the batch)") is no word a question would say."""
    units = _title_units(formula.titles.get(lang) or formula.titles.get("en", ""))
    return len(units & _title_units(subject)) / len(units) if units else 0.0


def _title_units(text: str) -> frozenset[str]:
    """Words, or characters in a script written without spaces (交叉熵损失)."""
    text = expand_abbreviations(normalise(_BRACKETED.sub(" ", text)))
    return frozenset(text.replace(" ", "")) if _UNSPACED.search(text) else frozenset(text.split())


_BRACKETED = re.compile(r"\([^)]*\)|（[^）]*）")
_UNSPACED = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")


def _answer_lost_its_formula(card: Card, note: Note | None) -> bool:
    from kb.cards.prompts import no_answer

    if _EQUATION_IN_TEXT.search(card.back) or "$$" in card.back or "\\[" in card.back or not lost_its_math(note):
        return False
    return card.back.startswith(no_answer(card.lang)) or bool(markdown_gaps(card.back, card.lang))
