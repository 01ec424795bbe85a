"""Which verb a damaged slot holds inside a 对 frame: 「对 X 做 Y」, the verb of treatment after the patient.

The preposition 对 names what an operation is applied to, and the clause goes on with the verb that applies it:
「对梯度做一步平滑」, 「对值做加权求和」, 「对输入进行归一化」. Study notes write the light verb 做 (or 作, 进行) there
far more than the 1998 news the character pairs were counted from, and cp1253 and cp1257 lose both continuation
bytes of 做 (E5 81 9A), so it competes with every character that shares its lead byte and forms a word with a
neighbour (值域, 后一步). The verbs are data (kb/read/data/frames_zh.toml, `treated`).
"""
from __future__ import annotations

from functools import cache


@cache
def treatment_verbs() -> dict[str, frozenset[str]]:
    """Per preposition, the one-character verbs of treatment that go on its clause (kb/read/data/frames_zh.toml)."""
    from kb.read.langmodel import data_table

    table = data_table("frames_zh.toml")["treated"]
    return {opener: frozenset(verbs) for opener, verbs in sorted(table.items())}


def treatment_scores(options, damaged, opener_at, logp: float):
    """A score per (slot, character): `logp` for a verb of treatment in a damaged slot where the preposition
    that opens the slot's clause (`opener_at(at)`: the preposition and the index after it, or None) takes
    that verb and at least one character stands between them (the patient); nothing elsewhere."""
    verbs = treatment_verbs()
    every = frozenset().union(*verbs.values())

    @cache
    def taking(at: int) -> frozenset[str]:
        found = opener_at(at)
        if found is None or found[1] >= at:
            return frozenset()
        return verbs.get(found[0], frozenset())

    def score(at: int, char: str) -> float:
        if char not in every or not damaged[at] or len(options[at]) < 2:   # most candidates: no verb, no frame sought
            return 0.0
        return logp if char in taking(at) else 0.0

    return score
