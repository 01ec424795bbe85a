"""Which locative postposition (中 or 上) a damaged slot holds after a noun or verb, read as technical writing.

cp1253 and cp1257 lose the last byte of both 中 and 上, so the repair must choose between them from context.
The character pairs and word classes were counted from 1998 news, which ranks 上 first after nearly every
character (网上, 会上, 世界上); study notes on machine learning speak mostly of containers, sets, media and
processes (网络中, 模型中, 序列中, 训练中), and put 上 only after surfaces, platforms, data sets, tasks and
standpoints (GPU上, 数据集上, 任务上, 理论上). The nouns that take 上 are data (kb/read/data/locatives_zh.toml),
and so are the words after the slot that decide before the noun does (在任务上微调, 在损失中加入, 训练集中一个) and
the verbs of placing before its 在 frame (体现在 … 上, 保存在 … 中).
"""
from __future__ import annotations

from functools import cache

# Classes of the word before the slot after which a locative reads as a postposition: nouns (n), verbs (v:
# 训练中 "in training"), and words the tagged text has no class for (most technical terms).
TAKERS = frozenset("nv")
# Longest word looked for before the slot (坐标轴, 超平面, 数据集: three characters; GPU: the ASCII word).
MAX_WORD = 4


# The preposition a verb of placing takes before the place (体现在 … 上).
FRAME_OPENER = "在"
# What `taken` says of a noun that takes either postposition: no prior of its own.
EITHER = ""
# 「上一 + classifier」: 一 and the class the tagged text gives a classifier (个, 步, 层, 次, 轮).
ONE = "一"
CLASSIFIER = "q"
# The classifiers after 一 that make no count of one (一些 "some", 一点 "a little"): nothing previous about them.
INDEFINITE = frozenset("些点")


@cache
def locative_table() -> tuple[str, str, frozenset[str], frozenset[str]]:
    """(the container postposition, the surface postposition, the nouns that take the surface one, the
    nouns that take either)."""
    from kb.read.langmodel import data_table

    table = data_table("locatives_zh.toml")
    return table["inside"], table["on"], frozenset(table["surface"]), frozenset(table["either"])


@cache
def placing_verbs() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the verbs that place onto a surface, the verbs that place into a container) before 在
    (kb/read/data/locatives_zh.toml)."""
    from kb.read.langmodel import data_table

    table = data_table("locatives_zh.toml")
    return tuple(table["placed_on"]), tuple(table["placed_inside"])


@cache
def following_table() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(the verbs done on a surface, the verbs done inside a container, the words that pick one out of a set),
    which decide the postposition from the words right after it (kb/read/data/locatives_zh.toml)."""
    from kb.read.langmodel import data_table

    table = data_table("locatives_zh.toml")
    return tuple(table["done_on"]), tuple(table["done_inside"]), tuple(table["partitive"])


def locative_scores(fixed: str, options, damaged, model, logp: float):
    """A score per (slot, character): minus `logp` for the postposition the word before a damaged slot does
    not take, where the slot may hold either; nothing for any other character (the rule weighs 中 against 上,
    not against 不 or 与, which share their damage under cp1253). `fixed` is the line with NUL for characters
    not settled."""
    from kb.read.langmodel import is_cjk
    from kb.read.wordclass import CLAUSE_ENDS, shared_word_classes

    inside, on, surface, either = locative_table()
    done_on, done_inside, partitive = following_table()
    placed_on, placed_inside = placing_verbs()
    classes = shared_word_classes()
    words = model.chinese
    latin_surface = {noun.upper() for noun in surface if noun.isascii()}

    @cache
    def followed(at: int) -> str | None:
        """The postposition the words right after `at` ask for: a verb done on a surface (在下游任务上微调) or
        inside a container (在损失中加入), or a word that picks members out of a set (训练集中一个样本), which
        only a container holds; None where they say nothing."""
        after = fixed[at + 1:].lstrip(" ")
        if after.startswith(partitive):
            return inside
        if after.startswith(done_inside):
            return inside
        if after.startswith(done_on):
            return on
        return None

    @cache
    def placed(at: int) -> str | None:
        """The postposition a verb of placing before the slot's 在 frame asks for, in the same clause
        (体现在学习率上, 附着在编码器上; 保存在内存中); None where no such verb opens the frame."""
        start = at
        while start > 0 and fixed[start - 1] not in CLAUSE_ENDS:
            start -= 1
        opened = fixed.rfind(FRAME_OPENER, start, at)
        if opened < 0:
            return None
        verb = fixed[max(start, opened - 2):opened]
        if verb.endswith(placed_on):
            return on
        if verb.endswith(placed_inside):
            return inside
        return None

    @cache
    def taken(at: int) -> str | None:
        """The postposition the word ending just before `at` takes, EITHER for a noun that takes both, or None
        where no noun or verb ends there."""
        before = fixed[:at].rstrip(" ")
        if not before or before[-1] == "\0":
            return None
        if before[-1].isascii():
            # A Latin-script word in a Chinese note names a model, a layer, a variable or a data structure
            # (LSTM中, loss中): a container, unless it is hardware or a platform the table lists (GPU上).
            word = before[len(before.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")):]
            if not word:
                return None
            return on if word.upper() in latin_surface else inside
        if not is_cjk(before[-1]):
            return None
        tail = before[-MAX_WORD:]
        for start in range(len(tail)):
            if tail[start:] in either:
                return EITHER
            if tail[start:] in surface:
                return on
        for start in range(len(tail) - 1):   # the longest dictionary word ending there
            word = tail[start:]
            if "\0" not in word and words.word_logp(word) is not None:
                kind = classes.class_of(word)
                return inside if kind is None or kind in TAKERS else None
        # No word of two or more characters ends there: the character alone. A noun (层中, 书中) takes the
        # container reading; a one-character verb does not take a locative postposition at all, its 上 or 中 is a
        # complement (加上, 乘上, 如上, 选中, 命中) that the dictionary and the pairs decide. Where the character
        # before it is not settled, the word may be longer (工程上 with 工 damaged: not 程): nothing is known.
        if tail[-2:-1] == "\0":
            return None
        kind = classes.class_of(tail[-1])
        return inside if kind == "n" else None

    @cache
    def previous(at: int) -> bool:
        """Whether the slot opens 「上一 + classifier」, the previous one (由上一个时间步, 把上一层的输出): 一 and a
        word the tagged text reads as a classifier right after it, and before it no character the slot makes a
        word with (其中一个 is one of them, 以上一个 above)."""
        after = fixed[at + 1:at + 1 + MAX_WORD]
        if (not after.startswith(ONE) or after[1:2] in INDEFINITE
                or not any(classes.class_of(after[1:end]) == CLASSIFIER for end in range(2, len(after) + 1))):
            return False
        last = fixed[at - 1:at]
        return not last or not (words.word_logp(last + inside) or words.word_logp(last + on))

    def score(at: int, char: str) -> float:
        if char not in (inside, on) or not damaged[at] or not {inside, on} <= set(options[at]):
            return 0.0
        before = taken(at)
        # The words after the slot decide only where a noun or verb stands before it; where none does, 「上一个」
        # is the previous one (a partitive 「中一个」 needs the set before it).
        if before is None:
            takes = on if previous(at) else None
        else:
            takes = followed(at) or placed(at) or before
        return -logp if takes and takes != char else 0.0

    return score
