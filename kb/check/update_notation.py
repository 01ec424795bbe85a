"""Optimiser updates in the d-gradient notation of deep-learning course notes (deeplearning.ai's style).

Those notes name the gradient ∂J/∂W `dW` (`db`, `d\\theta`), the moments `V_{dW}` (the first: momentum's
velocity, Adam's m) and `S_{dW}` (the second: RMSProp's mean of squares, Adam's v), the bias-corrected ones
`V^{corrected}_{dW}`, and assign with `:=` (or `\\leftarrow`, or `=` with one name on both sides): a name on the
right is the value before the step. kb's entries spell the same recurrences with time indices
(m_t = β₁m_{t-1} + (1−β₁)g_t). This module rewrites a formula in that notation into the spelling of each entry
its target may state; the linker then checks the rewritten formula against that entry alone. Which entry is
fixed by the notation itself (the target's letter, what its right side reads) and, between methods that share a
letter (V is momentum's and Adam's), by the words that name the method.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.check.latex_text import strip_formula

# the parameter a gradient or moment belongs to: W, w, b, θ, with an optional layer label W^{[l]}
_PARAM = r"(?:W|w|b|\\theta|\\Theta)"
_LAYER = re.compile(r"\^\s*\{\s*\[\s*\w+\s*\]\s*\}")
_CORRECTED = r"\^\s*\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*corr(?:ected)?\s*\}|corr(?:ected)?)\s*\}"
_MOMENT = re.compile(r"(?<![\\A-Za-z])(?P<letter>[VvSs])\s*(?P<c1>" + _CORRECTED + r")?\s*_\s*\{\s*d\s*(?P<p1>"
                     + _PARAM + r")\s*\}\s*(?P<c2>" + _CORRECTED + r")?")
_GRADIENT = re.compile(r"(?<![\\A-Za-z_])d\s*(?P<p>" + _PARAM + r")(?![A-Za-z])")
_BARE_PARAM = re.compile(r"(?<![\\A-Za-z_{])(?P<p>" + _PARAM + r")(?![A-Za-z_^])")
_ASSIGN = re.compile(r":\s*&?\s*=|\\coloneqq|\\leftarrow|\\gets|←")
_PLACEHOLDER = re.compile(r"@(\w+)@")

# Each entry's spelling of the roles a formula in this notation writes: its target (the left side), the
# parameter before the step (P), the last gradient (d), the moments (V, S) and the bias-corrected moments
# (Vc, Sc), as the entry's note view names them.
_SPELLINGS: dict[str, dict[str, str]] = {
    "momentum_velocity": {"target": "v_{t+1}", "V": "v_t", "d": "g_t"},
    "adam_first_moment": {"target": "m_t", "V": "m_{t-1}", "d": "g_t"},
    "rmsprop_accumulator": {"target": "s_t", "S": "s_{t-1}", "d": "g_t"},
    "adam_second_moment": {"target": "v_t", "S": "v_{t-1}", "d": "g_t"},
    "adam_bias_corrected_first_moment": {"target": "\\hat{m}_t", "V": "m_t"},
    "ewa_bias_correction": {"target": "\\hat{V}_t", "V": "V_t"},
    "adam_bias_corrected_second_moment": {"target": "\\hat{v}_t", "S": "v_t"},
    "momentum_step": {"target": "w_{t+1}", "P": "w_t", "V": "v_{t+1}"},
    "rmsprop_step": {"target": "w_{t+1}", "P": "w_t", "d": "g_t", "S": "s_t"},
    "adam_step": {"target": "w_{t+1}", "P": "w_t", "Vc": "\\hat{m}_t", "Sc": "\\hat{v}_t"},
    "sgd_update": {"target": "w_{t+1}", "P": "w_t", "d": "g_t"},
}
# The entries a target may state: a moment's letter says which moment (V first, S second), a corrected
# moment its correction, and the parameter's update what it reads (both corrected moments: Adam's step).
_TARGETS: dict[str, tuple[str, ...]] = {
    "V": ("momentum_velocity", "adam_first_moment"),
    "S": ("rmsprop_accumulator", "adam_second_moment"),
    "Vc": ("adam_bias_corrected_first_moment", "ewa_bias_correction"),
    "Sc": ("adam_bias_corrected_second_moment",),
}
_STEPS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"P", "Vc", "Sc"}), "adam_step"),
    (frozenset({"P", "d", "S"}), "rmsprop_step"),
    (frozenset({"P", "V"}), "momentum_step"),
    (frozenset({"P", "d"}), "sgd_update"),
)


@dataclass(frozen=True)
class Reading:
    """The formula as one entry spells it, and the note's own spelling of each name it gave another."""
    formula_id: str
    latex: str
    note_names: tuple[tuple[str, str], ...] = ()   # (the entry's spelling, the note's)


def strip_layer_labels(latex: str) -> str:
    return _LAYER.sub("", latex)


def readings(latex: str) -> list[Reading]:
    """The formula rewritten for each entry its target may state ([] when it is not written in this notation:
    no d-gradient or d-moment, a target that is none of them, or names of two parameters mixed)."""
    text = strip_formula(re.sub(r"\\\\\s*$", "", strip_layer_labels(latex))).replace("&", " ")
    parts = re.split(r"(" + _ASSIGN.pattern + r"|(?<![<>!\\])=)", text)
    if len(parts) != 3:
        return []
    lhs, relation, rhs = parts[0].strip(), parts[1], parts[2].strip()
    params: set[str] = set()
    spelt: dict[str, str] = {}
    marked_rhs = _mark(rhs, params, spelt)
    if not params:
        return []   # no dW, V_{dW}, S_{dW}: not this notation
    marked_lhs = _mark(lhs, params, {}, target=True)
    if len(params) != 1:
        return []   # V_{db} beside dW: which parameter the line updates is not certain
    role = _PLACEHOLDER.fullmatch(marked_lhs.strip())
    if role is None:
        return []
    target = role.group(1)
    read = set(_PLACEHOLDER.findall(marked_rhs))
    if target == "P":
        if "P" not in read and not _ASSIGN.fullmatch(relation):
            return []   # `W = ...` without W on the right and without `:=` defines W, it updates nothing
        candidates = next(((entry,) for names, entry in _STEPS if read <= names and names <= read | {"P"}), ())
    elif target in ("V", "S") and target in read and read <= {target, "d"}:
        candidates = _TARGETS[target]
    elif target in ("Vc", "Sc") and read == {target[0]}:
        candidates = _TARGETS[target]
    else:
        return []
    found = []
    for entry in candidates:
        spelling = _SPELLINGS[entry]
        if not read <= spelling.keys():
            continue
        left = spelling["target"]
        right = _PLACEHOLDER.sub(lambda m: spelling[m.group(1)], marked_rhs)
        names = tuple((spelling[role], f"{spelt[role]}{' before the step' if role == target else ''}")
                      for role in sorted(read) if role in spelt)
        found.append(Reading(entry, f"{left} = {right}", names))
    return found


def _mark(text: str, params: set[str], spelt: dict[str, str], target: bool = False) -> str:
    """The text with each name of this notation replaced by a placeholder of its role (@V@, @d@, @P@...);
    every parameter those names belong to is added to `params`, and each role's first spelling to `spelt`. The parameter itself (W in `W := W - αdW`) is
    marked only beside a gradient or moment of it, or as a target."""
    def moment(match: re.Match[str]) -> str:
        params.add(_param_key(match.group("p1")))
        corrected = bool(match.group("c1") or match.group("c2"))
        role = f"{match.group('letter').upper()}{'c' if corrected else ''}"
        spelt.setdefault(role, match.group().strip())
        return f"@{role}@"

    def gradient(match: re.Match[str]) -> str:
        params.add(_param_key(match.group("p")))
        spelt.setdefault("d", match.group().strip())
        return "@d@"

    text = _GRADIENT.sub(gradient, _MOMENT.sub(moment, text))

    def parameter(match: re.Match[str]) -> str:
        params.add(_param_key(match.group("p")))
        spelt.setdefault("P", match.group().strip())
        return "@P@"

    if target or params:
        text = _BARE_PARAM.sub(parameter, text)
    return text


def _param_key(spelling: str) -> str:
    return spelling.replace(" ", "").lower().removeprefix("\\")
