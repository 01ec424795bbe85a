"""Worked examples in notes: equalities of numbers only, checked with exact arithmetic.

`256 \\times 3 \\times 5 \\times 5 \\times 8 \\times 8 = 1,228,800` is evaluated on both sides with sympy
Rationals (vectors as object arrays of Rationals, elementwise), so the check is exact. When the numbers
also instantiate a registry entry named near the example (the same literals as that entry's parameters
give the computed value under the entry's independent truth), the example is linked to the entry.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import sympy

from kb.check import rounding
from kb.check.decision import Decision
from kb.check.entries import EntryError, entry_examples, is_number
from kb.check.latex import LatexError, compile_numeric, tokenize, translate
from kb.check.log_base import stated_bases
from kb.check.naming import naming_score
from kb.formulas.core import Formula, values_match

_EQUALITIES = ("=", "\\approx", "≈", "\\simeq", "\\doteq")
MAX_INSTANTIATIONS = 20_000    # literal assignments tried per entry; a worked example has a handful of numbers


def check_worked(latex: str, parts: list[str], relations: list[str], context: str,
                 formulas: Sequence[Formula]) -> Decision:
    """Verified when every numeric part of the chain has the same exact value; note_differs otherwise."""
    if all(is_shape_product(part) for part in parts):
        return Decision("not_checkable", latex, detail=(
            "written in shape notation: [m × n] is the size of a matrix and a product of them the shape of the "
            "result, not numbers multiplied"))
    numeric = _numeric_parts(parts)
    if len(numeric) < 2:
        return Decision("not_checkable", latex, detail="a single number: nothing to compare it with")
    if any(rel not in _EQUALITIES for rel in relations):
        # 0 ≤ p ≤ 1 states a bound, not a value: comparing its numbers as equal would call it wrong
        return Decision("not_checkable", latex, detail="a chain of inequalities: not a worked value")
    values = [compile_numeric(expr, exact=True)({}) for _, expr, _ in numeric]
    approximate = any(rel != "=" for rel in relations)
    computing = next(((v, lit) for (_, _, lit), v in zip(numeric, values) if len(lit) > 1), None)
    literals = [lit for _, _, lits in numeric for lit in lits]   # u v^T: the parameters may sit on either side
    link = (_instantiation(literals, _python(computing[0]), context, formulas, _telling(computing[1]))
            if computing is not None else None)
    mismatch = next(((numeric[k][0], values[k], numeric[k + 1][0], values[k + 1]) for k in range(len(values) - 1)
                     if not values_equal(values[k], values[k + 1], numeric[k + 1][0], approximate,
                                         [text for text, _, _ in numeric[:k + 1]])), None)
    formula, params, others = link if link else (None, None, 0)
    linked = ""
    if formula is not None:
        alike = f" (or {others} other assignment{'s' * (others > 1)} of the same numbers)" if others else ""
        linked = f"; the numbers instantiate {formula.id} at {_show(params)}{alike}"
    if mismatch is None and (not _has_unbased_log(parts) or stated_base(context) in (None, "e")):
        return Decision("verified", latex, formula, {}, f"exact arithmetic: both sides are {_exact(values[0])}{linked}", 1,
                        method="arithmetic")
    if (based := _unwritten_base(latex, parts, numeric, approximate, context, formula, linked)) is not None:
        return based
    assert mismatch is not None   # natural logarithms agreeing is a base that agrees: _unwritten_base decides
    left, left_value, right, right_value = mismatch
    if _within_operand_rounding(left, right_value, right, approximate):
        return Decision("not_checkable", latex, detail=(
            f"{left} computes with rounded decimals: within their last written digits it may give {right}, "
            "so the difference may be the rounding of an earlier result, not a mistake"))
    if _as_percentage(left_value, right_value, right, approximate):
        return Decision("not_checkable", latex, detail=(
            f"{left} = {_exact(left_value)} is a share, and the note writes {right}, 100 times it: a percentage "
            "written without its % sign, not a different value"))
    # (`= 20` written as a number is said once: "the note writes 20", not "20 = 20")
    written = right if right.strip() == _exact(right_value) else f"{right} = {_exact(right_value)}"
    return Decision("note_differs", latex, formula, {},
                    f"exact arithmetic: {left} = {_exact(left_value)}, but the note writes {written}{linked}", 1,
                    method="arithmetic")


def _as_percentage(value: Any, stated_value: Any, stated: str, approximate: bool) -> bool:
    """Whether the note writes a share (a number in (0, 1], a precision or an accuracy) as its percentage with no %
    sign: 31/47 = 65.96 is 65.96 %, as notes and notebooks print shares, not a wrong quotient."""
    import numpy as np

    values = np.asarray(value, dtype=object).ravel()
    if values.size != 1 or np.asarray(stated_value, dtype=object).size != 1:
        return False
    share = sympy.sympify(values[0])
    if not share.is_number or not share.is_real or not 0 < share <= 1:
        return False
    return values_equal(100 * share, stated_value, stated, approximate)


# `[1 \times 3] \cdot [3 \times 3]`: bracketed sizes of matrices (rows × columns), multiplied as the matrices are;
# a worked product is written without a bracket around each factor pair and equals a number, not another bracket
_SPACING = re.compile(r"\\[!,:;> ]|\\q?quad(?![A-Za-z])|\\(?:left|right)(?![A-Za-z])|\s+")
_SHAPE = r"[\[(]\d+(?:(?:\\times|×|x)\d+)+[\])]"
_SHAPE_PRODUCT = re.compile(rf"{_SHAPE}(?:(?:\\cdot|\\times|·|×|@)?{_SHAPE})*")


def is_shape_product(part: str) -> bool:
    """Whether a part of a chain is matrix shapes (`[1\\!\\times\\!3]\\cdot[3\\!\\times\\!3]`, `(2 \\times 4)`)."""
    return _SHAPE_PRODUCT.fullmatch(_SPACING.sub("", part)) is not None


_E = sympy.Symbol("e")
_PLAIN_NUMBER = re.compile(r"\s*-?\s*[\d.,{}\\ ]+\s*")   # 0.35, 1{,}228{,}800, 1\,000
# \log written with no base (not \ln, not \log_2): natural unless the note states another base
_UNBASED_LOG = re.compile(r"(?<![A-Za-z])\\?log(?![A-Za-z_])")
_BASES = ("e", "2", "10")


def _numeric_parts(parts: Sequence[str]) -> list[tuple[str, Any, Any]]:
    """(text, expression, literals) of each part that is a number (no free symbol)."""
    numeric = []
    for part in parts:
        try:
            expr, literals = translate(part)
        except LatexError:
            continue
        if expr.free_symbols == {_E}:
            expr = expr.xreplace({_E: sympy.E})   # 0.98^{50} ≈ 1/e: a lone e among numbers is Euler's number
        if not expr.free_symbols and not _writes_a_variable(part):
            numeric.append((part, expr, literals))
    return numeric


def _writes_a_variable(part: str) -> bool:
    """Whether a part names a variable that its arithmetic cancelled: `f(0)`, the value of a function at 0, reads
    as f·0 = 0 and `x - x` as 0, yet neither is a number the note computed. A variable is one letter other than
    Euler's e and the index a sum or product binds (`\\sum_{i=1}^{3} i`); longer words name what kb computes
    (`\\mathrm{ReLU}(-2)`) or lay the part out (`bmatrix`)."""
    bound = set(_BOUND_INDEX.findall(part))
    return any(tok.kind == "word" and len(tok.text) == 1 and tok.text.isalpha() and tok.text != "e"
               and tok.text not in bound for tok in tokenize(part))


_BOUND_INDEX = re.compile(r"\\(?:sum|prod)\s*_\s*\{?\s*([A-Za-z])(?![A-Za-z])")


def _has_unbased_log(parts: Sequence[str]) -> bool:
    return any(_UNBASED_LOG.search(part) for part in parts)


def stated_base(context: str) -> str | None:
    """The one base ("e", "2", "10") the note states for a \\log without a base; None when it states none (then
    the logarithm is natural) and "" when it states several (then the base is unsure)."""
    bases = stated_bases(context)
    if not bases:
        return None
    return next(iter(bases)) if len(bases) == 1 else ""


def _agrees_in_base(parts: Sequence[str], numeric: list[tuple[str, Any, Any]], base: str, approximate: bool) -> bool:
    """Whether every numeric part has the same value with each \\log without a base read in `base` (\\ln stays
    natural: the parts are rewritten as text, \\log b → \\frac{1}{\\ln base}\\ln b, and read again)."""
    if base == "e":
        rebased = numeric
    else:
        rebased = _numeric_parts([_UNBASED_LOG.sub(rf"\\frac{{1}}{{\\ln {base}}}\\ln ", part) for part in parts])
        if len(rebased) != len(numeric):
            return False
    values = [compile_numeric(expr, exact=True)({}) for _, expr, _ in rebased]
    return all(values_equal(values[k], values[k + 1], rebased[k + 1][0], approximate, [t for t, _, _ in rebased[:k + 1]])
               for k in range(len(values) - 1))


def _unwritten_base(latex: str, parts: Sequence[str], numeric: list[tuple[str, Any, Any]], approximate: bool,
                    context: str, formula: Formula | None, linked: str) -> Decision | None:
    """The verdict on worked numbers with a \\log written without a base, when natural logarithms are not the
    reading the note states (or do not agree); None when the chain has no such \\log or is wrong in every base.

    A base-less \\log is natural unless the note says otherwise ("in bits", "decimal logarithm", a \\log_2 beside
    it). Numbers right in the base the note states or implies are verified. Numbers right only in another base
    are not_checkable, never note_differs: a slide or a calculator writes log for base 10, and which base the
    writer meant is unsure (`-\\log 0.8 \\approx 0.323` is wrong in nats and right in bits)."""
    if not _has_unbased_log(parts):
        return None
    stated = stated_base(context)
    meant = "e" if stated is None else stated
    agreeing = [base for base in _BASES if _agrees_in_base(parts, numeric, base, approximate)]
    if meant and meant in agreeing:
        how = "as the note states" if stated else "natural, as the note states no other base"
        return Decision("verified", latex, formula, {}, (
            f"exact arithmetic with \\log in base {meant} ({how}): every side agrees{linked}"), 1, method="arithmetic")
    if not agreeing:
        return None
    meant_words = (f"the note states base {meant}" if stated else "a \\log without a base is natural unless the "
                   "note says otherwise" if meant == "e" else "the note states more than one base")
    return Decision("not_checkable", latex, detail=(
        f"right only if \\log is base {' or '.join(agreeing)}, and {meant_words}: which base the writer meant is "
        "unsure"))


# a decimal written with digits after its point (0.6667): the rounded value of an earlier result, perhaps
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_MAX_ROUNDED = 6    # operands perturbed together: 2**6 corners


def _within_operand_rounding(left: str, stated_value: Any, stated: str, approximate: bool) -> bool:
    """Whether `left`, computed from decimals that may be rounded (`\\frac{0.6667}{0.6}` after `\\frac{2}{3} =
    0.6667`), can give the stated value when each decimal moves within half a unit of its last written digit: the
    range its corners span, widened by the stated value's own rounding. An error of that size is the rounding's,
    not the note's. No decimal in `left` (`4/10 = 0.2`): nothing was rounded, False."""
    decimals = list(_DECIMAL.finditer(left))
    if not decimals or len(decimals) > _MAX_ROUNDED or not sympy.sympify(stated_value).is_number:
        return False
    values = []
    for signs in itertools.product((-1, 1), repeat=len(decimals)):
        text, last = [], 0
        for match, sign in zip(decimals, signs):
            half = sympy.Rational(1, 2) * sympy.Rational(10) ** -len(match.group().split(".")[1])
            text += [left[last:match.start()], f"({sympy.Rational(match.group()) + sign * half})"]
            last = match.end()
        try:
            expr, _ = translate("".join(text) + left[last:])
        except LatexError:
            return False
        value = sympy.sympify(compile_numeric(expr, exact=True)({}))
        if not value.is_number:
            return False
        values.append(sympy.N(value, 30))
    low, high = min(values), max(values)
    return any(values_equal(bound, stated_value, stated, approximate) for bound in (low, high)) or \
        low <= sympy.N(stated_value, 30) <= high


def values_equal(a: Any, b: Any, stated: str, approximate: bool, inputs: Sequence[str] = ()) -> bool:
    """Exact for rationals; a decimal the note rounded (or an \\approx) agrees to its last written digit, and a
    decimal it rounded inside an expression (`\\frac{1}{0.651}`, 0.6513 rounded) as far as that rounding carries
    through the expression (kb.check.rounding: decimals that none of the `inputs`, the parts before, writes)."""
    import numpy as np

    a_arr, b_arr = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if a_arr.size != b_arr.size:
        return False
    if a_arr.size == 1 and not _PLAIN_NUMBER.fullmatch(stated) and _within_rounding(
            a_arr.ravel()[0], b_arr.ravel()[0], stated, inputs):
        return True
    decimals = max((len(d) for d in re.findall(r"\d\.(\d+)", stated)), default=0)
    for x, y in zip(a_arr.ravel(), b_arr.ravel()):
        x, y = sympy.sympify(x), sympy.sympify(y)
        if x.is_Rational and y.is_Rational and not approximate and not decimals:
            if x != y:
                return False
            continue
        # rounded to the digits the note writes; an \approx may round more coarsely (0.25^{10} ≈ 0, 2^{10} ≈ 1000)
        tolerance = sympy.Rational(1, 2) * sympy.Rational(10) ** -decimals if decimals else abs(y) / 100
        if approximate:
            # (the last written digit bounds the rounding only of a number written out: ≈ 1/e is rounded to nothing)
            rounding = sympy.Rational(1, 2) * sympy.Rational(10) ** -decimals if _PLAIN_NUMBER.fullmatch(stated) else 0
            tolerance = max(tolerance, rounding, abs(y) / 20)
        if abs(sympy.N(x - y, 30)) > tolerance:
            return False
    return True


def _within_rounding(a: Any, b: Any, stated: str, inputs: Sequence[str]) -> bool:
    """Whether the number b, written as the expression `stated`, is a rounded a (see values_equal)."""
    readings = rounding.rounded_readings(stated, inputs)
    values = rounding.readings_values(readings, _exact_value) if readings else None
    if not values:
        return False
    a, b = sympy.sympify(a), sympy.sympify(b)
    return bool(a.is_number and b.is_number and rounding.within_rounding(a, b, [], values))


def _exact_value(latex: str) -> Any:
    """The exact value of a LaTeX number expression, or None when it is none."""
    try:
        expr, _ = translate(latex)
        return sympy.sympify(compile_numeric(expr, exact=True)({})) if not expr.free_symbols else None
    except (LatexError, ArithmeticError, TypeError, ValueError):   # (a reading outside the expression's domain)
        return None


def _telling(literals: Sequence[Any]) -> frozenset[Any]:
    """The numbers of the computing side an instantiation must use: all but 0, 1 and 2, which any formula writes
    (`+ 1`, the 2 of 2P). `1 + 3·2 = 7` is no receptive field of L = 1 layer of a 7-wide kernel: that reading
    takes the result for an input and leaves the 3 and the 2 the note computes with unused."""
    scalars = [_python(v) for v in literals if not isinstance(v, sympy.Basic) or v.is_Number]
    return frozenset(v for v in scalars if isinstance(v, (int, float)) and v not in (0, 1, 2))


def _instantiation(literals: list[Any], value: Any, context: str, formulas: Sequence[Formula],
                   telling: frozenset[Any] = frozenset()) -> tuple[Formula, dict[str, Any], int] | None:
    """The entry named near the example whose parameters, taken from the example's numbers (each `telling` one
    among them), give its value."""
    named = sorted(((naming_score(f, context), i, f) for i, f in enumerate(formulas)), key=lambda t: (-t[0], t[1]))
    for score, _, formula in named:
        if score == 0:
            break
        try:
            found = _matching_assignment(formula, literals, value, telling)
        except EntryError:   # the entry's own examples raised: it links nothing (its registry row says why)
            continue
        if found is not None:
            return formula, found, _equivalents(formula, literals, value, telling) - 1
    return None


def _uses(params: dict[str, Any], telling: frozenset[Any]) -> bool:
    """Every telling number is the value of some parameter (or an element of a vector or matrix one)."""
    used: list[Any] = []

    def collect(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                collect(item)
        elif is_number(value) and not isinstance(value, bool):
            used.append(value)

    for value in params.values():
        collect(value)
    return all(any(values_match(t, u, 1e-12, 0.0) for u in used) for t in telling)


def _matching_assignment(formula: Formula, literals: list[Any], value: Any,
                         telling: frozenset[Any] = frozenset()) -> dict[str, Any] | None:
    """The first assignment of the literals under which both the entry's formula and its truth give the value."""
    for params in _assignments(formula, literals):
        if not _uses(params, telling):
            continue
        try:
            if not values_match(value, formula.reference(**params), 1e-12, 0.0):
                continue
            truth = _python(formula.truth(**params))
        except Exception:  # outside the entry's domain, or its truth raised: this assignment proves nothing
            continue
        if values_match(value, truth, 1e-12, 0.0):
            return params
    return None


def _equivalents(formula: Formula, literals: list[Any], value: Any, telling: frozenset[Any] = frozenset()) -> int:
    """How many assignments of the same numbers give the value (a product cannot tell M from N)."""
    count = 0
    for params in _assignments(formula, literals):
        if not _uses(params, telling):
            continue
        try:
            count += values_match(value, formula.reference(**params), 1e-12, 0.0)
        except Exception:
            continue
    return count


def _assignments(formula: Formula, literals: list[Any]):
    """Parameter sets whose values are the example's literals (a list parameter: a vector literal or [n])."""
    examples = entry_examples(formula)
    if not examples:
        return
    scalars = list(dict.fromkeys(_python(v) for v in literals if not isinstance(v, sympy.Basic) or v.is_Number))
    vectors = [_python(v) for v in literals if isinstance(v, sympy.Basic) and not v.is_Number]
    choices: list[list[Any]] = []
    for name, sample in examples[0].items():
        if isinstance(sample, bool):
            choices.append([False, True])
        elif isinstance(sample, int):
            choices.append([v for v in scalars if isinstance(v, int)])
        elif is_number(sample):
            choices.append([float(v) for v in scalars])
        elif isinstance(sample, list) and all(is_number(v) for v in sample):
            choices.append([_flat(v) for v in vectors] + [[v] for v in scalars if isinstance(v, int)])
        else:
            return
    names = list(examples[0])
    for combo in itertools.islice(itertools.product(*choices), MAX_INSTANTIATIONS):
        yield dict(zip(names, combo))


def _flat(vector: list[Any]) -> list[Any]:
    """A row [[a, b]] or a column [[a], [b]] literal as the plain vector [a, b]; a matrix stays as it is."""
    if len(vector) == 1 and isinstance(vector[0], list):
        return vector[0]
    if all(isinstance(row, list) and len(row) == 1 for row in vector):
        return [row[0] for row in vector]
    return vector


def _python(value: Any) -> Any:
    """Exact sympy numbers and vector literals as plain ints, floats and lists."""
    import numpy as np

    if isinstance(value, sympy.Basic) and not value.is_Number:
        value = compile_numeric(value, exact=True)({})
    if isinstance(value, np.ndarray):
        value = value.tolist()
        if len(value) == 1 and isinstance(value[0], list):
            value = value[0]  # a row vector literal [a b c] is a plain vector
        return [_python(v) for v in value]
    if isinstance(value, list):
        return [_python(v) for v in value]
    number = sympy.sympify(value)
    return int(number) if number.is_Integer else float(number)


def _exact(value: Any) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        rows = value.tolist()
        return "[" + "; ".join(" ".join(_exact(v) for v in row) for row in rows) + "]"
    number = sympy.sympify(value)
    if number.is_Integer:
        return f"{int(number):,}"
    if number.is_Rational and number.q < 10 ** 6:
        return f"{number} (= {float(number):.6g})"
    return f"{sympy.N(number, 8)}"


def _show(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())
