"""Reinforcement-learning notations rewritten into the spelling the registry's MDP entries read.

Courses write the same tables and equations in several notations:

- David Silver's UCL course writes the transition table as P^a_{ss'} (= P(s'|s,a)) and the expected reward as
  R^a_s (= Σ_{s'} P(s'|s,a) R(s,a,s'), the reward expected on leaving s by a), and their policy averages P^π_{ss'},
  R^π_s (Σ_a π(a|s) times each);
- sums and maxima over the whole state or action set name it: Σ_{s' ∈ S}, max_{a ∈ A(s)} (Sutton and Barto,
  Silver); the set is every index value, so the subscript says no more than Σ_{s'};
- the GAE paper labels the TD error by the value function it uses and the estimator by its parameters,
  δ_t^V and Â_t^{GAE(γ,λ)}: labels, not powers;
- value iteration and iterative policy evaluation number their sweeps, V_{k+1}(s) ← max_a Σ ... V_k(s'): a
  right update must map the fixed point to itself, so the sweep states the Bellman equation with V_{k+1} and
  V_k both the fixed point V (and a wrong sweep, one without γ, moves the fixed point);
- an update may name the table's ages, Q^{new}(s,a) = Q^{old}(s,a) + α(...): the assignment Q(s,a) ← ...;
- a sampled update (Q-learning in Berkeley's CS188) writes the observed reward as R(s,a,s'): one transition's
  reward, the sample's r.

Each rewrite is exact; where a piece's reading is not certain (an iteration index on one side only, a reward
table beside a sum over the next states) it is left as written.
"""
from __future__ import annotations

import re

_CAL = r"(?:\\mathcal\s*\{\s*{L}\s*\}|\\mathcal\s+{L}|(?<![\\A-Za-z]){L})"
_SUP_ACTION = r"\^\s*(?:\{\s*(?P<G>a'?|\\pi)\s*\}|(?P<G2>a|\\pi))"
_SUB_PAIR = r"_\s*\{\s*s\s*,?\s*s'\s*\}"
_SUB_STATE = r"_\s*(?:\{\s*s\s*\}|s(?![A-Za-z']))"


def _table(letter: str, sub: str) -> re.Pattern[str]:
    """P^a_{ss'} or P_{ss'}^a (either script first), calligraphic or not."""
    head = _CAL.replace("{L}", letter)
    up1, up2 = _SUP_ACTION.replace("G", "u"), _SUP_ACTION.replace("G", "v")
    return re.compile(rf"{head}\s*(?:{up1}\s*{sub}|{sub}\s*{up2})")


_SILVER_P = _table("P", _SUB_PAIR)
_SILVER_R = _table("R", _SUB_STATE)


def _action_of(match: re.Match[str]) -> str:
    return next(g for g in (match.group("u"), match.group("u2"), match.group("v"), match.group("v2")) if g)


def _silver_p(match: re.Match[str]) -> str:
    action = _action_of(match)
    if action == "\\pi":
        return r"\sum_{a''} \pi(a'' \mid s) P(s' \mid s,a'')"
    return rf"P(s' \mid s,{action})"


def _silver_r(match: re.Match[str]) -> str:
    action = _action_of(match)
    if action == "\\pi":
        return r"\sum_{a''} \pi(a'' \mid s) \sum_{s''} P(s'' \mid s,a'') R(s,a'',s'')"
    return rf"\sum_{{s''}} P(s'' \mid s,{action}) R(s,{action},s'')"


# `_{s' \in \mathcal{S}}`, `_{a \in \mathcal{A}(s)}`, `_{s' \in S^+}`: an index over its whole set
_WHOLE_SET = re.compile(r"(?P<index>(?<![\\A-Za-z])[sSaA]'*|r)\s*\\in\s*"
                        r"(?:\\mathcal\s*\{\s*[SAR]\s*\}|\\mathcal\s+[SAR]|[SAR](?![A-Za-z]))"
                        r"(?:\s*\^\s*\+|\s*\^\s*\{\s*\+\s*\})?(?:\s*\(\s*s'*\s*\))?")
_OPERATOR_SUB = re.compile(r"(\\(?:sum|max|min|arg\s*\\?max|arg\s*\\?min|argmax|argmin)\s*(?:\\limits\s*)?_\s*)"
                           r"\{((?:[^{}]|\{[^{}]*\})*)\}")

# δ_t^V, \delta^{V}_{t+l}, \hat{A}_t^{GAE(\gamma,\lambda)}, \hat A^{\text{GAE}}_t: labels of the GAE paper
_TD_LABEL = re.compile(r"(\\delta\s*(?:_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?)\s*\^\s*(?:\{\s*V\s*\}|V(?![A-Za-z]))")
_GAE_LABEL = re.compile(r"\^\s*\{\s*(?:\\(?:text|mathrm|operatorname)\s*\{\s*GAE\s*\}|GAE)\s*(?:\([^{}()]*\))?\s*\}")

# V_{k+1}, V^\pi_{k+1}, Q^{\pi}_{k+1}, v_{k+1}: a sweep's number on a value table (k or i)
_TABLE = r"(?<![\\A-Za-z])(?P<name>[VvQq])(?P<label>\s*\^\s*(?:\{\s*\\pi\s*\}|\\pi|\*|\{\s*\*\s*\}))?"
_NEXT_SWEEP = re.compile(_TABLE + r"\s*_\s*\{\s*(?P<k>[ki])\s*\+\s*1\s*\}(?P<after>\s*\^\s*(?:\{\s*\\pi\s*\}|\\pi|\*))?")
_SWEEP = r"\s*_\s*(?:\{\s*{k}\s*\}|{k}(?![A-Za-z0-9]))"
_ASSIGN = re.compile(r"\\leftarrow|\\gets|:=|\\coloneqq|←")
_RELATION = re.compile(r"\\leftarrow|\\gets|:=|\\coloneqq|\\doteq|\\triangleq|←|(?<![<>!\\])=")

# R(s,a,s'), r(s, a, s'), R(s,a): the reward of one observed transition in a sampled update
_TRANSITION_REWARD = re.compile(r"(?<![\\A-Za-z])[Rr]\s*\(\s*s\s*,\s*a\s*(?:,\s*s'\s*)?\)")
_EXPECTS = re.compile(r"\\sum|\\mathbb|\\operatorname\s*\{\s*E|\\mathrm\s*\{\s*E|\\mathcal\s*\{\s*P|\\Pr")


# A formula about an MDP: a discount, a policy, an optimal value table (v_*, Q^*) or a next state s'. A set S or A in
# another formula (a batch, a support set) may be part of its index range, and its sums stay as written.
_MDP = re.compile(r"\\gamma|\\pi|(?<![\\A-Za-z])[vVqQ]\s*[_^]\s*\{?\s*(?:\*|\\ast|\\star)|(?<![\\A-Za-z])s'")


def rewrite(latex: str) -> str | None:
    """The formula in the spelling the MDP entries read, or None when none of these notations is in it."""
    text = _silver_tables(latex)
    if not _MDP.search(text):
        return text if text != latex else None
    text = _OPERATOR_SUB.sub(_without_whole_sets, text)
    text = _GAE_LABEL.sub("", _TD_LABEL.sub(r"\1", text))
    text = _sweeps_as_fixed_point(text)
    text = _new_from_old(text)
    text = _sampled_reward(text)
    return text if text != latex else None


def _silver_tables(latex: str) -> str:
    return _SILVER_R.sub(_silver_r, _SILVER_P.sub(_silver_p, latex))


def _without_whole_sets(match: re.Match[str]) -> str:
    inner = _WHOLE_SET.sub(lambda m: m.group("index"), match.group(2))
    return f"{match.group(1)}{{{inner}}}"


def _sweeps_as_fixed_point(latex: str) -> str:
    """V_{k+1}(s) ← max_a Σ_{s'} P(s'|s,a)[R + γV_k(s')]: the sweep's Bellman equation, when the left side is the
    next sweep's table and the right side reads the same table's current sweep and no step size (an update with
    α is a learning rule, whose left side is checked as written)."""
    relation = _RELATION.search(latex)
    if relation is None:
        return latex
    left, right = latex[:relation.start()], latex[relation.end():]
    target = _NEXT_SWEEP.match(left.strip())
    # a sweep reads the table at states (V_k(s')); v_{k+1} = βv_k + (1−β)g (momentum's velocity) holds no indices
    if (target is None or not left.strip()[target.end():].lstrip().startswith("(")
            or re.search(r"\\alpha|\\eta", right)):
        return latex
    name, k = target.group("name"), target.group("k")
    label = target.group("label") or target.group("after") or ""
    current = re.compile(rf"(?<![\\A-Za-z]){name}(?P<label>\s*\^\s*(?:\{{\s*\\pi\s*\}}|\\pi|\*|\{{\s*\*\s*\}}))?"
                         + _SWEEP.replace("{k}", k) + r"(?P<after>\s*\^\s*(?:\{\s*\\pi\s*\}|\\pi|\*))?(?=\s*\()")
    if not current.search(right) or _NEXT_SWEEP.search(right):
        return latex
    # the fixed point's table under the name the entries' views give it: v_{k+1} without a label is the table V
    table = name if label else name.upper()
    left = _NEXT_SWEEP.sub(lambda m: f"{table}{label.strip()}", left, count=1)
    right = current.sub(lambda m: f"{table}{(m.group('label') or m.group('after') or '').strip()}", right)
    return f"{left}={right}"


# Q^{new}(s,a), V^{\text{old}}(s), Q_{\mathrm{new}}(s,a): the table after and before one update
_AGE = r"\s*[\^_]\s*\{\s*(?:\\(?:text|mathrm|mathit|textrm)\s*\{\s*)?{age}\s*\}?\s*\}"
_NEW = re.compile(r"(?<![\\A-Za-z])(?P<name>[VQ])" + _AGE.replace("{age}", "new") + r"(?=\s*\()")


def _new_from_old(latex: str) -> str:
    """Q^{new}(s,a) = Q^{old}(s,a) + α(...): an update written with the table's ages; the left side is the new
    table, assigned from the old one's values (written Q(s,a) ← Q(s,a) + α(...))."""
    relation = _RELATION.search(latex)
    if relation is None:
        return latex
    left, right = latex[:relation.start()], latex[relation.end():]
    target = _NEW.match(left.strip())
    if target is None:
        return latex
    old = re.compile(rf"(?<![\\A-Za-z]){target.group('name')}" + _AGE.replace("{age}", "old") + r"(?=\s*\()")
    if not old.search(right) or _NEW.search(right):
        return latex
    left = _NEW.sub(lambda m: m.group("name"), left, count=1)
    return f"{left}\\leftarrow{old.sub(target.group('name'), right)}"


def _sampled_reward(latex: str) -> str:
    """Q(s,a) ← (1−α)Q(s,a) + α[R(s,a,s') + γ max_a' Q(s',a')]: an assignment with no expectation or sum reads one
    transition, whose reward R(s,a,s') is the sample's r."""
    if not _ASSIGN.search(latex) or _EXPECTS.search(latex):
        return latex
    return _TRANSITION_REWARD.sub("r", latex)
