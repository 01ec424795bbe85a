"""Bellman equations written with expectations, rewritten as the sums over an MDP's tables that kb checks.

Sutton and Barto write v_π(s) = E_π[R_{t+1} + γ v_π(S_{t+1}) | S_t = s]; lecture notes write
Q*(s,a) = E_{s'∼P}[r + γ max_{a'} Q*(s',a')]. Both are exact sums over the MDP's dynamics p(s',r|s,a) and the
policy π(a|s) (Sutton and Barto, eq. 3.14 and 3.20): the expectation of a function of the next reward and state,
given S_t = s, is Σ_a π(a|s) Σ_{s',r} p(s',r|s,a)[...]; given S_t = s and A_t = a it is Σ_{s',r} p(s',r|s,a)[...];
over s' ∼ P it is Σ_{s',r} p(s',r|s,a)[...] (or Σ_{s'} P(s'|s,a)[...] when the body writes the reward R(s,a,s')
itself). This module makes that rewrite on the LaTeX, and only where the reading is certain: a return under a policy's
expectation is that policy's value (E_π[G_t | S_t = s] = v_π(s)); a return with no policy written, a policy
left unsaid where the action is random, or a reward written at two time steps leave the formula as it is
(not checkable).
"""
from __future__ import annotations

import re

_EXPECTATION = re.compile(r"\\mathbb\s*\{\s*E\s*\}|\\mathbb\s+E|\\operatorname\s*\{\s*E\s*\}|\\mathrm\s*\{\s*E\s*\}"
                          r"|(?<![\\A-Za-z])E(?=\s*(?:_|\\left|\\big|\\Big|\[))")
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*")
# the next step's reward, state and action in the time-indexed notation, capital (Sutton and Barto) or not
_NEXT_REWARD = re.compile(r"(?<![\\A-Za-z])[Rr]_\s*\{\s*t\s*\+\s*1\s*\}")
_REWARD_NOW = re.compile(r"(?<![\\A-Za-z])[Rr]_\s*(?:\{\s*t\s*\}|t(?![A-Za-z0-9]))")
_NEXT_STATE = re.compile(r"(?<![\\A-Za-z])[Ss]_\s*\{\s*t\s*\+\s*1\s*\}")
_NEXT_ACTION = re.compile(r"(?<![\\A-Za-z])[Aa]_\s*\{\s*t\s*\+\s*1\s*\}")
_RETURN = re.compile(r"(?<![\\A-Za-z])G_")
_STATE_GIVEN = re.compile(r"^\s*[Ss]_\s*(?:\{\s*t\s*\}|t)\s*=\s*s\s*$")
_ACTION_GIVEN = re.compile(r"^\s*[Aa]_\s*(?:\{\s*t\s*\}|t)\s*=\s*a\s*$")
_POLICY = re.compile(r"^\s*(?:\\pi|\{\s*\\pi\s*\})\s*$")
_OVER_NEXT_STATE = re.compile(r"^\s*\{?\s*s'\s*(?:,\s*r\s*)?(?:\\sim\s*(?:P|p|T|\\mathcal\s*\{\s*P\s*\})"
                              r"(?:\s*\(\s*\\cdot\s*(?:\||\\mid)\s*s\s*,\s*a\s*\))?)?\s*\}?\s*$")
_OVER_ACTION = re.compile(r"^\s*\{?\s*a\s*\\sim\s*\\pi(?:\s*\(\s*\\cdot\s*(?:\||\\mid)\s*s\s*\))?\s*\}?\s*$")
_TABLE_REWARD = re.compile(r"(?<![\\A-Za-z])R\s*\(")
_DYNAMICS = r"\sum_{s',r} p(s',r \mid s,a)"
_TRANSITIONS = r"\sum_{s'} P(s' \mid s,a)"
_POLICY_SUM = r"\sum_{a} \pi(a \mid s)"


# π(s) as an argument of the dynamics or the reward (P(s'|s,π(s)), T(s,π(s),s'), R(s,π(s),s')): the action a
# deterministic policy takes (not the label of V^π(s), v_π(s))
_POLICY_ACTION = re.compile(r"(?<![\^_{])(?<![\^_]\{)\\pi\s*(?:\\left)?\s*\(\s*s\s*(?:\\right)?\s*\)")
_TABLE_CALL = re.compile(r"(?<![\\A-Za-z])[PpTR]\s*(?:\\left)?\s*\(([^()]*(?:\([^()]*\))?[^()]*)\)")
_RELATION = re.compile(r"(?<![<>!\\])=")


def rewrite(latex: str) -> str | None:
    """The formula with each expectation written as the sums it stands for, or a deterministic policy's π(s) as a
    policy's table; None when it has neither or one whose reading is not certain."""
    if not _EXPECTATION.search(latex):
        return deterministic_policy(latex)
    text = latex
    for _ in range(4):   # nested expectations, outermost first
        match = _EXPECTATION.search(text)
        if match is None:
            return text
        found = _expectation_at(text, match.end())
        if found is None:
            return None
        subscript, body, condition, end = found
        sums = _as_sums(subscript, body, condition)
        if sums is None:
            return None
        text = text[:match.start()] + sums + text[end:]
    return None


def _expectation_at(text: str, at: int) -> tuple[str, str, str, int] | None:
    """(subscript, body, condition, end) of the expectation whose subscript or bracket starts at `at`."""
    subscript = ""
    rest = text[at:]
    stripped = rest.lstrip()
    at += len(rest) - len(stripped)
    if stripped.startswith("_"):
        at += 1
        while at < len(text) and text[at].isspace():
            at += 1
        if at < len(text) and text[at] == "{":
            close = _matching(text, at, "{", "}")
            if close is None:
                return None
            subscript, at = text[at + 1:close], close + 1
        elif text.startswith("\\", at):
            word = re.match(r"\\[A-Za-z]+", text[at:])
            if word is None:
                return None   # `\mathbb{E}_\{\pi}`: an escaped brace is no subscript TeX reads as one
            subscript, at = word.group(), at + word.end()
        else:
            subscript, at = text[at], at + 1
    while at < len(text) and (text[at].isspace() or _SIZING.match(text, at)):
        at = _SIZING.match(text, at).end() if _SIZING.match(text, at) else at + 1
    if at >= len(text) or text[at] != "[":
        return None
    close = _matching(text, at, "[", "]")
    if close is None:
        return None
    inner = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*$", "", text[at + 1:close]).strip()
    body, condition = _split_condition(inner)
    return subscript, body, condition, close + 1


def _matching(text: str, start: int, opening: str, closing: str) -> int | None:
    depth = 0
    for at in range(start, len(text)):
        if text[at] == opening:
            depth += 1
        elif text[at] == closing:
            depth -= 1
            if depth == 0:
                return at
    return None


def _split_condition(inner: str) -> tuple[str, str]:
    """The body and the condition after a top-level `|` or `\\mid` ('' when there is none)."""
    depth = 0
    at = 0
    while at < len(inner):
        ch = inner[at]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and (inner.startswith(("\\mid", "\\vert"), at) or ch == "|"):
            width = 4 if inner.startswith("\\mid", at) else 5 if inner.startswith("\\vert", at) else 1
            body = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*$", "", inner[:at]).strip()
            return body, inner[at + width:].strip()
        at += 1
    return inner, ""


# G_t and G_{t+1}: the return from step t, and from the next step
_RETURN_NOW = re.compile(r"(?<![\\A-Za-z])G_\s*(?:\{\s*t\s*\}|t(?![A-Za-z0-9+]))")
_RETURN_NEXT = re.compile(r"(?<![\\A-Za-z])G_\s*\{\s*t\s*\+\s*1\s*\}")


def _returns_as_values(subscript: str, body: str, condition: str) -> str | None:
    """E_π[G_t | S_t = s] and E_π[R_{t+1} + γG_{t+1} | S_t = s]: the return that follows π from a state has the
    policy's value as its expectation (Sutton and Barto, eq. 3.12 and the step to 3.14: by the tower rule,
    E_π[G_{t+1} | S_t = s] = E_π[v_π(S_{t+1}) | S_t = s]). So G_{t+1} is v_π(S_{t+1}), and G_t alone is one step of it,
    R_{t+1} + γ v_π(S_{t+1}). None when the policy that draws the later actions is not written, or the body holds
    any other return (G_{t+2}, G_0, G): a sum over a whole episode that no table holds."""
    if not condition or not _POLICY.match(subscript):
        return None
    if _RETURN_NOW.fullmatch(body.strip()):
        return r"R_{t+1} + \gamma V^\pi(S_{t+1})"
    body = _RETURN_NEXT.sub(lambda _: r"V^\pi(S_{t+1})", body)
    return None if _RETURN.search(body) else body


def _as_sums(subscript: str, body: str, condition: str) -> str | None:
    if _RETURN.search(body):
        body = _returns_as_values(subscript, body, condition)
        if body is None:
            return None   # a return G_t is a random sum over a whole episode, not a table kb holds
    if condition:
        return _time_indexed(subscript, body, condition)
    if _OVER_NEXT_STATE.match(subscript):
        if _TABLE_REWARD.search(body):   # R(s,a,s') written out: the transitions alone are random
            return rf"{_TRANSITIONS}\left[{body}\right]"
        return rf"{_DYNAMICS}\left[{body}\right]"
    if _OVER_ACTION.match(subscript):
        return rf"{_POLICY_SUM}\left[{body}\right]"
    return None


def _time_indexed(subscript: str, body: str, condition: str) -> str | None:
    """E_π[R_{t+1} + γ v(S_{t+1}) | S_t = s(, A_t = a)]: the next reward and state are the dynamics' r and s'."""
    given = condition.split(",")
    if not given or not _STATE_GIVEN.match(given[0]) or len(given) > 2:
        return None
    action_given = len(given) == 2
    if action_given and not _ACTION_GIVEN.match(given[1]):
        return None
    if not action_given and not _POLICY.match(subscript):
        return None   # the action is random, and which policy draws it is not written
    if subscript and not _POLICY.match(subscript) and not re.fullmatch(r"\s*\{?\s*\*?\s*\}?\s*", subscript):
        return None
    rewards = bool(_NEXT_REWARD.search(body)) + bool(_REWARD_NOW.search(body))
    if rewards != 1:
        return None   # no reward, or one at two time steps: which is the transition's is not certain
    body = _NEXT_REWARD.sub("r", _REWARD_NOW.sub("r", body))
    if _NEXT_ACTION.search(body):
        if not _POLICY.match(subscript):
            return None
        # q(S_{t+1}, A_{t+1}) under π: the next action is drawn from π at the next state
        body, count = re.subn(r"([Qq]\s*(?:\^\s*(?:\\pi|\{\s*\\pi\s*\}))?\s*(?:_\s*(?:\\pi|\{\s*\\pi\s*\}))?\s*)\(\s*"
                              + _NEXT_STATE.pattern + r"\s*,\s*" + _NEXT_ACTION.pattern + r"\s*\)",
                              lambda m: rf"\sum_{{a'}} \pi(a' \mid s') {m.group(1)}(s', a')", body)
        if count != 1 or _NEXT_ACTION.search(body):
            return None
    body = _NEXT_STATE.sub("s'", body)
    sums = _DYNAMICS if action_given else rf"{_POLICY_SUM} {_DYNAMICS}"
    return rf"{sums}\left[{body}\right]"


def deterministic_policy(latex: str) -> str | None:
    """V^π(s) = Σ_{s'} P(s'|s,π(s))[R(s,π(s),s') + γV^π(s')] written for a policy that picks one action: the same
    right side with a for π(s), averaged over π(a|s). The two agree for the one-hot π(a|s) = 1[a = π(s)], and
    since the right side is one sum over the action's tables, it is right for every π exactly when it is right
    for every deterministic one. None unless π(s) stands only among the arguments of P, T, p or R, and a is not
    written already."""
    if not _POLICY_ACTION.search(latex):
        return None
    relation = _RELATION.search(latex)
    if relation is None or re.search(r"(?<![\\A-Za-z])a(?![A-Za-z])", latex):
        return None
    rhs = latex[relation.end():]
    in_tables = sum(len(_POLICY_ACTION.findall(call.group(1))) for call in _TABLE_CALL.finditer(rhs))
    if in_tables == 0 or in_tables != len(_POLICY_ACTION.findall(rhs)) or _POLICY_ACTION.search(latex[:relation.start()]):
        return None
    return f"{latex[:relation.end()]} {_POLICY_SUM}\\left[{_POLICY_ACTION.sub('a', rhs)}\\right]"
