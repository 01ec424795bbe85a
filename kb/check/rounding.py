"""Numbers a worked step writes rounded, and how far the value they give may lie from the exact one.

A step that computes a number writes it to a few decimals: `\\frac{m}{1-0.9^2} = \\frac{m}{0.19} = 5.26\\,m`
(1/0.19 = 5.263...), `\\frac{1}{1-0.9^{10}} = \\frac{1}{0.651}` (0.9^10 = 0.3487, so 1 − 0.9^10 = 0.6513). A number
written with k decimals stands for any value within half a unit of its last decimal; so it agrees with the exact
value when it is that value rounded to k decimals. Inside an expression the rounding is carried by what the step
does with the number: 1/0.651 may lie 0.0005/0.651² = 0.0012 from 1/0.6513, more than half a unit of its own
third decimal, and 5.26·m lies up to 0.005·m from 100m/19, growing with m.

Only the numbers a step brings in are rounded: a decimal that an earlier part of the chain already writes (the
0.9 of 1 − 0.9^10, restated in the next step) is an input the step computes with, taken as exact. The allowance is
the sum, over the step's own decimals, of how far moving each to either end of its rounding interval moves the
value (to first order, how rounding errors add up).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

# a decimal written out: 0.651, 5.26 (not part of a name, a subscript digit run or a longer number)
DECIMAL = re.compile(r"(?<![\w.\\])\d+\.\d+(?![\d.])")


def rounded_readings(latex: str, inputs: Iterable[str] = ()) -> list[tuple[str, str]]:
    """For each decimal `latex` writes that none of `inputs` writes, the LaTeX with that decimal at the low end and
    at the high end of the interval it is the rounding of."""
    given = {Fraction(m.group()) for text in inputs for m in DECIMAL.finditer(text)}
    readings = []
    for match in DECIMAL.finditer(latex):
        written = Fraction(match.group())
        if written in given:
            continue
        half_unit = Fraction(1, 2 * 10 ** len(match.group().split(".")[1]))
        readings.append(tuple(latex[:match.start()] + _decimal(written + sign * half_unit) + latex[match.end():]
                              for sign in (-1, 1)))
    return readings


def allowance(value: Any, readings: list[tuple[Any, Any]]) -> Any:
    """How far rounding may move `value`: the sum over the rounded numbers of the larger move their two ends give
    (`readings`: the values of the rounded readings, in the order `rounded_readings` gives them)."""
    return sum((max(abs(low - value), abs(high - value)) for low, high in readings), 0)


def within_rounding(left: Any, right: Any, left_readings: list[tuple[Any, Any]],
                    right_readings: list[tuple[Any, Any]]) -> bool:
    """Whether two values differ by no more than the rounding of the numbers each side writes allows."""
    return abs(left - right) <= allowance(left, left_readings) + allowance(right, right_readings)


def readings_values(readings: list[tuple[str, str]], value_of: Callable[[str], Any]) -> list[tuple[Any, Any]] | None:
    """The values of the rounded readings, or None when one of them cannot be computed."""
    out = []
    for low, high in readings:
        values = (value_of(low), value_of(high))
        if any(v is None for v in values):
            return None
        out.append(values)
    return out


def _decimal(value: Fraction) -> str:
    """A Fraction whose denominator divides a power of ten, written out as a decimal."""
    digits = 0
    while (value * 10 ** digits).denominator != 1:
        digits += 1
    sign, whole = ("-" if value < 0 else ""), abs(value) * 10 ** digits
    text = str(whole.numerator).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}" if digits else f"{sign}{text}"
