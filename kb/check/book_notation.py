"""Optimiser updates in the notation of Goodfellow, Bengio and Courville's *Deep Learning* (chapter 8's algorithms).

The book writes the parameters θ and the gradient g (ĝ, its estimate on a minibatch), AdaGrad's and RMSProp's
accumulator of g ⊙ g as r, Adam's first moment as s and second as r with the numbered decays ρ₁ and ρ₂, their
bias corrections as ŝ and r̂, the step size as ε and the small constant that guards the division as δ; it
assigns with ← (a name on the right of its own update is the value before the step), without time indices, and
computes the update Δθ before applying it (θ ← θ + Δθ):

    r ← r + g ⊙ g;  Δθ ← −ε/(δ + √r) ⊙ g                          (AdaGrad)
    r ← ρr + (1 − ρ) g ⊙ g;  Δθ = −ε/√(δ + r) ⊙ g                 (RMSProp)
    s ← ρ₁s + (1 − ρ₁)g;  r ← ρ₂r + (1 − ρ₂) g ⊙ g;  ŝ ← s/(1 − ρ₁ᵗ);  r̂ ← r/(1 − ρ₂ᵗ);  Δθ = −ε ŝ/(√r̂ + δ)   (Adam)

Notes that follow it often add time indices (s_t = ρ₁s_{t-1} + (1 − ρ₁)g_t) or keep the more common η for the
step and ε for the constant. This module marks each name by its role and rewrites the formula into the spelling
of each entry its target may state (kb.check.update_notation's tables). Which letter is which moment is the
book's only where the formula shows the book's notation: s is a first moment only beside a numbered ρ (elsewhere
s is RMSProp's accumulator), and ε is the step size only where δ is the constant, or where ε is the one
factor the step has and is added to nothing. A formula with any other name, or with time indices that do not
say which value is the previous one, has no reading.
"""
from __future__ import annotations

import re

from kb.check.latex_text import _UNICODE_GREEK, strip_formula
from kb.check.update_notation import Reading, role_readings

_INDEX = r"(?:\s*_\s*(?:\{\s*(?P<@>t\s*(?:[-+]\s*1)?)\s*\}|(?P<@b>t)(?![A-Za-z0-9])))?"


def _indexed(name: str, group: str) -> str:
    return name + _INDEX.replace("@", f"i{group}")


def _hatted(letter: str, role: str) -> str:
    return _indexed(rf"\\(?:hat|widehat)\s*(?:\{{\s*(?P<{role}>{letter})\s*\}}|(?P<{role}b>{letter})(?![A-Za-z]))", role)


# a name of the book's notation, with an optional time index; hats and the update's Δ before the plain letters
_NAMES = re.compile("|".join((
    _indexed(r"(?P<D>\\Delta\s*\\theta)", "D"), _hatted("s", "Vc"), _hatted("r", "Sc"), _hatted("g", "dh"),
    _indexed(r"(?P<P>\\theta)", "P"),
    r"(?<![\\A-Za-z])(?:" + "|".join(_indexed(f"(?P<{role}>{letter})", role) for role, letter in
                                      (("V", "s"), ("S", "r"), ("d", "g"))) + r")(?![A-Za-z(_^])")))
_ROLES = ("D", "Vc", "Sc", "dh", "P", "V", "S", "d")
# Adam's numbered decays, the names the entries give them
_DECAYS = {"1": "\\beta_1", "2": "\\beta_2"}
_NUMBERED_RHO = re.compile(r"\\rho\s*_\s*(?:\{\s*([12])\s*\}|([12])(?![0-9]))")
# bold vectors (the book sets θ, g, s, r in bold) are the same names
_BOLD = re.compile(r"\\(?:boldsymbol|mathbf|bm|vec)\s*\{\s*(\\?[A-Za-z]+)\s*\}")
_RELATION = re.compile(r"\\leftarrow|\\gets|←|:\s*=|\\coloneqq|(?<![<>!\\])=")
# the symbols a formula of the notation may hold besides its names: decays, the step size and the constant, the
# step count t (in ρ₁ᵗ), and the operators the book writes
_ALLOWED = re.compile(r"\\(?:rho|epsilon|varepsilon|delta|eta|alpha|beta|frac|dfrac|tfrac|sqrt|odot|cdot|times|left|right|"
                      r"quad|qquad|,|;|!)(?![A-Za-z])|@\w+@|(?<![\\A-Za-z])t(?![A-Za-z])|[0-9.+\-*/^_{}()\[\]\s]")
_OTHER_RATE = re.compile(r"\\(?:eta|alpha)(?![A-Za-z])")
_EPSILON = re.compile(r"\\(?:varepsilon|epsilon)(?![A-Za-z])")
_DELTA = re.compile(r"\\delta(?![A-Za-z])")
# ε as a term of a sum (√r + ε, (ε + r)), not the factor that starts one (θ − εg)
_EPSILON_ADDED = re.compile(r"\+\s*(?:\\varepsilon|\\epsilon)\s*(?=[)}]|\\right|$)|"
                            r"(?:^|[({])\s*(?:\\varepsilon|\\epsilon)\s*\+")
# s and ŝ are Adam's alone in the book (momentum's velocity is its v)
_ADAM_ONLY = {"V": frozenset({"adam_first_moment"}), "Vc": frozenset({"adam_bias_corrected_first_moment"})}


def readings(latex: str) -> list[Reading]:
    """The formula rewritten for each entry its target may state ([] when it is not written in the book's
    notation, or its reading is not certain)."""
    text = strip_formula(re.sub(r"\\\\\s*$", "", latex)).replace("&", " ")
    text = "".join(f"\\{_UNICODE_GREEK[ch]} " if ch in _UNICODE_GREEK else ch for ch in text)
    text = _BOLD.sub(r"\1", text)
    parts = _RELATION.split(text)
    if len(parts) != 2:
        return []
    relation = _RELATION.search(text).group()
    lhs, rhs = parts
    target_marks = list(_NAMES.finditer(lhs.strip()))
    if len(target_marks) != 1 or target_marks[0].span() != (0, len(lhs.strip())):
        return []
    target, target_index = _role(target_marks[0])
    spelt: dict[str, set[str]] = {}
    marks: list[tuple[str, str | None]] = []

    def mark(match: re.Match[str]) -> str:
        role, index = _role(match)
        marks.append((role, index))
        spelt.setdefault(role, set()).add(match.group().strip())
        return f"@{role}@"

    marked = _NAMES.sub(mark, rhs)
    if target == "D":   # Δθ = −εĝ: the update applied as θ ← θ + Δθ (Δθ_t as θ_{t+1} = θ_t + Δθ_t)
        if any(role == "P" for role, _ in marks):
            return []
        target, target_index, marked = "P", "t+1" if target_index == "t" else target_index, f"@P@ + ({marked})"
        spelt.setdefault("P", set()).add("\\theta")
        marks.append(("P", _PREVIOUS.get(target_index)))
    if "D" in {role for role, _ in marks} or not _ALLOWED.sub("", marked).strip() == "":
        return []   # another name (or Δθ applied): not this notation's update
    if not _indices_agree(target, target_index, marks):
        return []
    roles = {role for role, _ in marks}
    numbered = {m.group(1) or m.group(2) for m in _NUMBERED_RHO.finditer(marked)}
    book_evidence = bool(numbered) or bool(roles & {"Vc", "Sc"}) or bool(_DELTA.search(marked))
    if target == "V" and not numbered:
        return []   # s is a first moment only in the book's Adam, whose decays are numbered
    if not book_evidence and (target_index is not None or target == "P" and not _EPSILON.search(marked)):
        return []   # r_t = βr_{t-1} + (1−β)g_t², θ ← θ − ηg: read by the entries as they are
    marked = _NUMBERED_RHO.sub(lambda m: _DECAYS[m.group(1) or m.group(2)], marked)
    renamed = _step_size_and_constant(marked, target)
    if renamed is None:
        return []
    marked, names = renamed
    names += tuple((_DECAYS[n], f"\\rho_{n}") for n in sorted(numbered))
    found = role_readings(target, relation, marked, spelt, _ADAM_ONLY.get(target))
    return [Reading(r.formula_id, r.latex, r.note_names + names) for r in found]


def _role(match: re.Match[str]) -> tuple[str, str | None]:
    """The role of a marked name (ĝ is the gradient) and its time index (None when it has none)."""
    found = match.groupdict()
    role = next(r for r in _ROLES if found.get(r) or found.get(f"{r}b"))
    index = found.get(f"i{role}") or found.get(f"i{role}b")
    return ("d" if role == "dh" else role), (re.sub(r"\s", "", index) if index else None)


_PREVIOUS = {None: None, "t": "t-1", "t+1": "t"}


def _indices_agree(target: str, index: str | None, marks: list[tuple[str, str | None]]) -> bool:
    """The time indices say what the book's ← says: the target's own name on the right is its value before the
    step (s_{t-1} under s_t, θ_t under θ_{t+1}), every other name is the current step's (g_t, ŝ_t); a formula
    indexed throughout or not at all."""
    if index not in _PREVIOUS or index == "t+1" and target != "P":
        return False
    current = None if index is None else "t"
    return all(i == (_PREVIOUS[index] if role == target else current) for role, i in marks)


def _step_size_and_constant(marked: str, target: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The formula with the step size and the small constant in the entries' spelling (α and ε) and the note's
    name of each it renamed; None when their roles are not certain. The book's δ is the constant, and then its
    ε the step size; without δ, ε is the step size only in a step whose one factor it is (ε added to anything,
    or beside another rate η or α, is the usual constant)."""
    epsilon, delta, other_rate = _EPSILON.search(marked), _DELTA.search(marked), _OTHER_RATE.search(marked)
    if delta:
        if epsilon and other_rate:
            return None   # three constants for two roles
        renamed = _DELTA.sub("@eps@", _EPSILON.sub("\\\\alpha", marked)).replace("@eps@", "\\epsilon")
        return renamed, ((("\\alpha", epsilon.group()),) if epsilon else ()) + (("\\epsilon", "\\delta"),)
    if epsilon and target == "P" and not other_rate and not _EPSILON_ADDED.search(marked):
        return _EPSILON.sub("\\\\alpha", marked), (("\\alpha", epsilon.group()),)
    return marked, ()
