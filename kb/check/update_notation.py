"""Optimiser updates in the d-gradient notation of deep-learning course notes (deeplearning.ai's style).

Those notes name the gradient ∂J/∂W `dW` (`db`, `d\\theta`), the moments `V_{dW}` (the first: momentum's
velocity, Adam's m) and `S_{dW}` (the second: RMSProp's mean of squares, Adam's v), the bias-corrected ones
`V^{corrected}_{dW}`, and assign with `:=` (or `\\leftarrow`, or `=` with one name on both sides): a name on the
right is the value before the step. kb's entries spell the same recurrences with time indices
(m_t = β₁m_{t-1} + (1−β₁)g_t). This module rewrites a formula in that notation into the spelling of each entry
its target may state; the linker then checks the rewritten formula against that entry alone. Which entry is
fixed by the notation itself (the target's letter, what its right side reads) and, between methods that share a
letter (V is momentum's and Adam's), by the words that name the method.

The same notation comes in other spellings, read here as the LaTeX one (`_canonical`): the summaries' glued
names (`VdW`, `sdW`, `vdW_corrected`, as code and pseudo-code write them), a hat for the correction
(`\\hat{v}_{dW}`), the gradient written as what dW abbreviates (`\\frac{\\partial J}{\\partial W}`), and
CS231n's code, whose parameter is x with gradient dx, accumulator `cache` and moments `m` and `v` (`v` is the
second moment when it averages the squared gradient, momentum's velocity else).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.check.latex_text import _UNICODE_GREEK, strip_formula

# the parameter a gradient or moment belongs to: W, w, b, θ (x in CS231n's code), with an optional layer label W^{[l]}
_PARAM = r"(?:W|w|b|x|\\theta|\\Theta)(?:_\{?j\}?)?"   # θ_j: Ng's per-component update θ_j := θ_j − α∂J/∂θ_j
_LAYER = re.compile(r"\^\s*\{\s*\[\s*\w+\s*\]\s*\}")
_CORRECTED = r"\^\s*\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*corr(?:ected)?\s*\}|corr(?:ected)?)\s*\}"
_MOMENT = re.compile(r"(?<![\\A-Za-z])(?P<letter>[VvSs])\s*(?P<c1>" + _CORRECTED + r")?\s*_\s*\{\s*d\s*(?P<p1>"
                     + _PARAM + r")\s*\}\s*(?P<c2>" + _CORRECTED + r")?")
_GRADIENT = re.compile(r"(?<![\\A-Za-z_])d\s*(?P<p>" + _PARAM + r")(?![A-Za-z_]|\\_)")
_BARE_PARAM = re.compile(r"(?<![\\A-Za-z_{])(?P<p>" + _PARAM + r")(?![A-Za-z_^])")
_ASSIGN = re.compile(r":\s*&?\s*=|\\coloneqq|\\leftarrow|\\gets|←")
_PLACEHOLDER = re.compile(r"@(\w+)@")

# ---- other spellings of the notation, rewritten into the LaTeX one --------------------------------------
_GLUED_PARAM = r"(?:W|w|b|x)"
_CORRECTION_SUFFIX = r"(?:\\?_(?:corr(?:ected)?|hat))"
# `\mathrm{VdW\_corrected}`, `\mathrm{dW}`, `VdW`: one name that glues the moment's letter to the gradient's
_GLUED = re.compile(r"(?:\\(?:mathrm|text|operatorname)\s*\{\s*)?(?<![\\A-Za-z])(?P<letter>[VvSs])?\s*_?\s*d(?P<p>"
                    + _GLUED_PARAM + r")(?P<corrected>" + _CORRECTION_SUFFIX + r")?(?![A-Za-z0-9\\_])\s*(?P<close>\})?")
# The widely read Chinese edition of the course's notes writes the rate α as `a`, often glued to the moment
# (`W := W - av_{dW}`): a product, read apart
_RATE_A_GLUED = re.compile(r"(?<![\\A-Za-z])a(?=[VvSs]\s*(?:\^\s*\{[^{}]*\}\s*)?_\s*\{\s*d)")
# `\mathrm{v}_{dW}`: the moment's letter set upright or bold is the same letter
_STYLED_LETTER = re.compile(r"\\(?:mathrm|text|mathit|mathbf|boldsymbol|bm)\s*\{\s*([VvSs])\s*\}(?=\s*[_^])")
# `\hat{v}_{dW}`, `\hat S_{dW}`: the hat is the correction
_HATTED = re.compile(r"\\(?:hat|widehat)\s*(?:\{\s*(?P<l1>[VvSs])\s*\}|(?P<l2>[VvSs])(?![A-Za-z]))\s*_\s*\{\s*d")
# what dW abbreviates: the cost's derivative by the parameter (J, L, ℒ, 𝒥, E or C)
_COST = r"(?:J|L|E|C|\\mathcal\s*\{\s*[JL]\s*\}|\\mathcal\s*[JL])(?:\s*\([^()]*\))?"
# the same derivative as an operator on the cost: \frac{\partial}{\partial \theta_j} J(\theta)
_PARTIAL_OPERATOR = re.compile(r"\\(?:d|t)?frac\s*\{\s*\\partial\s*\}\s*\{\s*\\partial\s*(?P<p>" + _PARAM + r")\s*\}\s*"
                               + _COST)
_PARTIAL = re.compile(r"\\(?:d|t)?frac\s*\{\s*(?:\\partial|d)\s*" + _COST + r"\s*\}\s*\{\s*(?:\\partial|d)\s*(?P<p>"
                      + _PARAM + r")\s*\}")
# CS231n's code: an accumulator `cache`, moments `m` and `v` of the parameter x (read only beside its dx)
_CODE_MOMENT = re.compile(r"\\mathrm\s*\{\s*(?P<cache>cache)\s*\}|(?<![\\A-Za-z_{])(?P<name>[mv])(?![A-Za-z_{(\\])")
# β₂ is Adam's decay of the second moment: `v = β₂v + (1−β₂)dx` states v, whatever it averages
_SECOND_DECAY = re.compile(r"\\beta_\{?\s*2\s*\}?")
_SQUARED_GRADIENT = re.compile(r"@d@\s*(?:\^|\\odot\s*@d@|\*\s*@d@|\\cdot\s*@d@)|\(\s*@d@\s*\)\s*\^|\\left\(\s*@d@\s*\\right\)\s*\^")


def _canonical(text: str) -> str:
    """The formula with the other spellings of the notation written the LaTeX way: Greek letters typed as
    themselves as their commands, `\\mathrm{VdW}` as `V_{dW}`,
    `vdW\\_corrected` and `\\hat{v}_{dW}` as `v^{corrected}_{dW}`, `\\mathrm{dW}` and `\\frac{\\partial J}{\\partial W}`
    as `dW`."""
    def glued(match: re.Match[str]) -> str:
        opened = match.group().lstrip().startswith("\\")
        if opened != bool(match.group("close")):
            return match.group()   # `\mathrm{dW}` closes its brace; a brace of something else is left alone
        letter, param = match.group("letter"), match.group("p")
        if letter is None:
            return f"d{param}" if not match.group("corrected") else match.group()
        corrected = "^{corrected}" if match.group("corrected") else ""
        return f"{letter}{corrected}_{{d{param}}}"

    text = "".join(f"\\{_UNICODE_GREEK[ch]} " if ch in _UNICODE_GREEK else ch for ch in text)   # α as \alpha
    text = _STYLED_LETTER.sub(r"\1", _RATE_A_GLUED.sub("a ", text))
    text = _PARTIAL_OPERATOR.sub(lambda m: f"d{m.group('p')}", _PARTIAL.sub(lambda m: f"d{m.group('p')}", text))
    text = _HATTED.sub(lambda m: f"{m.group('l1') or m.group('l2')}^{{corrected}}_{{d", text)
    return _GLUED.sub(glued, text)

# Each entry's spelling of the roles a formula in this notation writes: its target (the left side), the
# parameter before the step (P), the last gradient (d), the moments (V, S) and the bias-corrected moments
# (Vc, Sc), as the entry's note view names them.
_SPELLINGS: dict[str, dict[str, str]] = {
    "momentum_velocity": {"target": "v_{t+1}", "V": "v_t", "d": "g_t"},
    "momentum_velocity_lr": {"target": "v_t", "V": "v_{t-1}", "d": "g_t"},
    "adagrad_accumulator": {"target": "G_t", "S": "G_{t-1}", "d": "g_t"},
    "adagrad_step": {"target": "w_{t+1}", "P": "w_t", "d": "g_t", "S": "G_t"},
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
    "V": ("momentum_velocity", "momentum_velocity_lr", "adam_first_moment"),
    "S": ("rmsprop_accumulator", "adam_second_moment", "adagrad_accumulator"),
    "Vc": ("adam_bias_corrected_first_moment", "ewa_bias_correction"),
    "Sc": ("adam_bias_corrected_second_moment",),
}
_STEPS: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (frozenset({"P", "Vc", "Sc"}), ("adam_step",)),
    # RMSProp's and AdaGrad's steps are one line (their accumulators differ): the words choose
    (frozenset({"P", "d", "S"}), ("rmsprop_step", "adagrad_step")),
    (frozenset({"P", "V"}), ("momentum_step",)),
    (frozenset({"P", "d"}), ("sgd_update",)),
)
# a rate the step multiplies by (in any spelling the entries know)
_RATE = re.compile(r"\\alpha|\\eta|\blr\b|learning\\?_rate|(?<![\\A-Za-z_])a(?![A-Za-z_{])")


@dataclass(frozen=True)
class Reading:
    """The formula as one entry spells it, and the note's own spelling of each name it gave another."""
    formula_id: str
    latex: str
    note_names: tuple[tuple[str, str], ...] = ()   # (the entry's spelling, the note's)
    # a step of one parameter by another's gradient (b := b − α∂J/∂w): (the parameter, the gradient's parameter)
    other_gradient: tuple[str, str] | None = None


def strip_layer_labels(latex: str) -> str:
    return _same_superscript(_LAYER.sub("", latex))


# a parameter with a superscript of its own: W^l, w^{(k)}, \theta^{l} (not a transpose, W^T, W^\top)
# (a letter, not a power: W^2 may be a square; the gradient's name dW carries the label too)
_NOT_INSIDE = r"(?:(?<![\\A-Za-z])|(?<=(?<![\\A-Za-z])d))"
_SUPERSCRIPTED = re.compile(rf"(?P<p>{_NOT_INSIDE}(?:W|w|b)|\\theta)(?![A-Za-z])\s*\^\s*(?P<label>\{{[^{{}}]*\}}|[A-SU-Za-z])")
_TRANSPOSE = re.compile(r"\{?\s*(?:T|\\top|\\intercal)\s*\}?")


def _same_superscript(latex: str) -> str:
    """`W^l \\leftarrow W^l + \\eta \\frac{\\partial E}{\\partial W^l}`: a superscript that every occurrence of the
    parameter carries alike (the target, the value before the step, the gradient's denominator) labels the one
    variable the line updates, whether it numbers a layer or not: the step is read without it. A parameter written
    with two labels, or also bare, keeps them (W^l and W^{l+1} are two variables)."""
    for param in {m.group("p") for m in _SUPERSCRIPTED.finditer(latex)}:
        bare = re.compile(rf"{_NOT_INSIDE}{re.escape(param)}(?![A-Za-z])")
        labels = [(m.group("label") if (m := _SUPERSCRIPTED.match(latex, found.start())) else None)
                  for found in bare.finditer(latex)]
        if len(labels) > 1 and None not in labels and len(set(labels)) == 1 and not _TRANSPOSE.fullmatch(labels[0]):
            latex = _SUPERSCRIPTED.sub(lambda m: m.group("p") if m.group("p") == param else m.group(), latex)
    return latex


def readings(latex: str) -> list[Reading]:
    """The formula rewritten for each entry its target may state ([] when it is not written in this notation:
    no d-gradient or d-moment, a target that is none of them, or names of two parameters mixed)."""
    text = _canonical(strip_formula(re.sub(r"\\\\\s*$", "", strip_layer_labels(latex))).replace("&", " "))
    parts = re.split(r"(" + _ASSIGN.pattern + r"|(?<![<>!\\])=)", text)
    if len(parts) != 3:
        return []
    lhs, relation, rhs = parts[0].strip(), parts[1], parts[2].strip()
    params: set[str] = set()
    spelt: dict[str, set[str]] = {}
    marked_rhs = _mark(rhs, params, spelt)
    if not params:
        return []   # no dW, V_{dW}, S_{dW}: not this notation
    target_spelt: dict[str, set[str]] = {}
    marked_lhs = _mark(lhs, params, target_spelt, target=True,
                       second=bool(_SQUARED_GRADIENT.search(marked_rhs) or _SECOND_DECAY.search(marked_rhs)))
    crossed = _other_gradient(marked_lhs, marked_rhs, spelt)
    if len(params) != 1 and crossed is None:
        return []   # V_{db} beside dW: which parameter the line updates is not certain
    if any(len({_param_key(n) for n in names}) > 1 for names in spelt.values()) or any(
            {_param_key(n) for n in names} != {_param_key(n) for n in spelt.get(role, names)}
            for role, names in target_spelt.items()):
        return []   # two names in one role (m and v in x += -lr·m/√v): which is which is not this notation's
    role = _PLACEHOLDER.fullmatch(marked_lhs.strip())
    if role is None:
        return []
    found = role_readings(role.group(1), relation, marked_rhs, spelt)
    return [replace(r, other_gradient=crossed) for r in found] if crossed else found


# the parameters of a linear model's step: its bias and its weights
_BIAS = "b"
_WEIGHTS = ("w", "theta")


def _other_gradient(marked_lhs: str, marked_rhs: str, spelt: dict[str, set[str]]) -> tuple[str, str] | None:
    """(the parameter, the other parameter) when the formula steps a linear model's bias by its weights' gradient
    or the weights by the bias's (`b := b − α ∂J/∂w`): a plain step of one parameter that reads one gradient, of
    the other parameter. Gradient descent moves every parameter against its own derivative."""
    if marked_lhs.strip() != "@P@" or set(spelt) != {"P", "d"} or set(_PLACEHOLDER.findall(marked_rhs)) != {"P", "d"}:
        return None
    if len(spelt["P"]) != 1 or len(spelt["d"]) != 1:
        return None
    moved, other = min(spelt["P"]), min(spelt["d"]).removeprefix("d")
    pair = {_param_key(moved), _param_key(other)}
    if len(pair) == 2 and _BIAS in pair and pair - {_BIAS} <= set(_WEIGHTS):
        return moved, other
    return None


def other_gradient_counterexample(moved: str, other: str) -> str:
    """Why a step of `moved` by `other`'s gradient is wrong, in the note's names: the two derivatives of a linear
    model's squared error at one point, and where each step takes the parameter."""
    import sympy

    weight, bias = (other, moved) if _param_key(moved) == _BIAS else (moved, other)
    w, b, x, y, rate = sympy.symbols("w b x y α")
    cost = (w * x + b - y) ** 2 / 2
    at = {w: 1, b: 0, x: 2, y: 0}
    slope = {weight: cost.diff(w).subs(at), bias: cost.diff(b).subs(at)}
    start = at[w] if moved == weight else at[b]
    return (f"gradient descent moves {moved} against its own derivative ∂J/∂{moved}, the note moves it by ∂J/∂{other}: "
            f"for J = ½({weight}·x + {bias} − y)² at {weight} = 1, {bias} = 0, x = 2, y = 0, ∂J/∂{moved} = "
            f"{slope[moved]} but ∂J/∂{other} = {slope[other]}, so one step takes {moved} to "
            f"{str(start - slope[other] * rate).replace('*', '')} instead of "
            f"{str(start - slope[moved] * rate).replace('*', '')}")


def role_readings(target: str, relation: str, marked_rhs: str, spelt: dict[str, set[str]],
                  among: frozenset[str] | None = None) -> list[Reading]:
    """The readings of an update whose names are marked by their roles (a target role, the right side with
    @role@ placeholders, the note's spellings of each role), one per entry the target may state (only those in
    `among` when given); shared with the other notations of the same methods (kb.check.book_notation)."""
    read = set(_PLACEHOLDER.findall(marked_rhs))
    if target == "P":
        if "P" not in read and not _ASSIGN.fullmatch(relation):
            return []   # `W = ...` without W on the right and without `:=` defines W, it updates nothing
        candidates = next((entries for names, entries in _STEPS if read <= names and names <= read | {"P"}), ())
        if read == {"P", "V"} and not _RATE.search(marked_rhs):
            return []   # `x += v`: a velocity with the rate inside (CS231n's), whose step no line alone decides
    elif target in ("V", "S") and target in read and read <= {target, "d"}:
        candidates = _TARGETS[target]
    elif target in ("Vc", "Sc") and read == {target[0]}:
        candidates = _TARGETS[target]
    else:
        return []
    found = []
    for entry in candidates:
        spelling = _SPELLINGS[entry]
        if not read <= spelling.keys() or among is not None and entry not in among:
            continue
        left = spelling["target"]
        right = _PLACEHOLDER.sub(lambda m: spelling[m.group(1)], marked_rhs)
        names = tuple((spelling[role], f"{min(spelt[role])}{' before the step' if role == target else ''}")
                      for role in sorted(read) if role in spelt)
        found.append(Reading(entry, f"{left} = {right}", names))
    return found


def _mark(text: str, params: set[str], spelt: dict[str, set[str]], target: bool = False, second: bool = False) -> str:
    """The text with each name of this notation replaced by a placeholder of its role (@V@, @d@, @P@...);
    every parameter those names belong to is added to `params`, and each role's spellings to `spelt`. The
    parameter itself (W in `W := W - αdW`) is marked only beside a gradient or moment of it, or as a target;
    CS231n's moments (`cache`, `m`, `v`) only beside x's gradient dx, `v` as the second moment where the formula
    averages the squared gradient or decays by β₂ (`second`, known from the right side when marking the target)."""
    def moment(match: re.Match[str]) -> str:
        params.add(_param_key(match.group("p1")))
        corrected = bool(match.group("c1") or match.group("c2"))
        role = f"{match.group('letter').upper()}{'c' if corrected else ''}"
        spelt.setdefault(role, set()).add(match.group().strip())
        return f"@{role}@"

    def gradient(match: re.Match[str]) -> str:
        params.add(_param_key(match.group("p")))
        spelt.setdefault("d", set()).add(match.group().strip())
        return "@d@"

    text = _GRADIENT.sub(gradient, _MOMENT.sub(moment, text))

    def parameter(match: re.Match[str]) -> str:
        params.add(_param_key(match.group("p")))
        spelt.setdefault("P", set()).add(match.group().strip())
        return "@P@"

    if target or params:
        text = _BARE_PARAM.sub(parameter, text)
    if "x" in params:
        second = second or bool(_SQUARED_GRADIENT.search(text) or _SECOND_DECAY.search(text))

        def code_moment(match: re.Match[str]) -> str:
            role = "S" if match.group("cache") or (match.group("name") == "v" and second) else "V"
            spelt.setdefault(role, set()).add(match.group().strip())
            return f"@{role}@"

        text = _CODE_MOMENT.sub(code_moment, text)
    return text


def _param_key(spelling: str) -> str:
    return re.sub(r"[\s{}]", "", spelling).lower().removeprefix("\\")
