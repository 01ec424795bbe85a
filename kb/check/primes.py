"""A formula's primes, however they were typed, read as the one prime LaTeX has: `'`.

TeX reads `x'` as `x^{\\prime}`, so `^{\\prime}`, `^\\prime` and `^{''}` are the same mark written out (Word and
MathType exports write them so). Outside TeX a prime is typed as a character: the prime
sign ′ (″ for two) of Unicode input and pasted PDFs, the apostrophe ’ that smart quotes put in place of `'`
(Typora, Notion, Word), the acute accent ´ and grave ` that Spanish, Portuguese and French keyboards give, and
the modifier letters ʹ ʼ. MathJax draws each of them after the symbol as a tick, and a reader takes it for the
prime: read otherwise, `\\sigma’(x)` would be the sigmoid itself, not its derivative.
"""
from __future__ import annotations

import re

_TICKS = {"′": "'", "″": "''", "‴": "'''", "’": "'", "´": "'", "`": "'", "ʹ": "'", "ʼ": "'"}
# a tick right after a symbol (a letter, a digit, or a closing brace or bracket), where a prime stands
_TICK = re.compile(r"(?<=[A-Za-z0-9})\]])([" + "".join(_TICKS) + r"]+)")
# `^{\prime}`, `^{\prime\prime}`, `^{''}`, `^\prime`: a superscript holding primes only
_PRIME_SCRIPT = re.compile(r"\^\s*(?:\{\s*((?:\\prime(?![A-Za-z])\s*|'\s*)+)\}|(\\prime)(?![A-Za-z]))")


def read_primes(latex: str) -> str:
    """`latex` with every prime written as `'` (see the module's docstring)."""
    latex = _TICK.sub(lambda m: "".join(_TICKS[c] for c in m.group(1)), latex)
    return _PRIME_SCRIPT.sub(lambda m: "'" * ((m.group(1) or m.group(2)).count("\\prime")
                                              + (m.group(1) or "").count("'")), latex)
