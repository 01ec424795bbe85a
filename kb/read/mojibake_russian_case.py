"""Russian case, read where a damaged ending decides it: a preposition governs its noun's case, an adjective
agrees with its noun, and a preposition opens a noun phrase. Under cp1253 and cp1254 я, ю and ь all lose their
last byte (D1 8F, D1 8E, D1 8C), and wordfreq ranks the nominative and genitive forms first, so the word lists
alone restore the case the grammar rules out (「по входному изображения」, 「с вероятность」). The words each
rule reads are data (kb/read/data/case_words_ru.toml)."""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from kb.read.langmodel import data_table


# Log-probability cost of a Russian word's ending that the preposition before it rules out
# (`_governed_ending_logp`; dev split, ru+eu lost: 98.75 -> 98.78%, log 0.01 alike), or the case of the noun
# after it (`_agreement_logp`; 98.78 -> 98.90%).
GOVERNED_ENDING_LOGP = math.log(0.1)
# Log-probability cost of a Russian noun whose case contradicts the adjective just before it
# (`_adjective_agreement_logp`: 「по входному изображения」). Agreement inside a noun phrase holds without exception,
# unlike a preposition's government (its noun may stand words away), and the forms it restores are rarer than the
# genitive and nominative by log 2 to 5 in wordfreq (изображению 13.7, изображения 10.7; знаменателя 15.2,
# знаменатель 13.6): GOVERNED_ENDING_LOGP fixed none of them.
AGREEMENT_LOGP = math.log(1e-3)


def _agreement_logp(language: str, spelling: str, word_after: str) -> float:
    """GOVERNED_ENDING_LOGP for a Russian feminine adjective whose case the noun after it contradicts: the
    nominative (-ая, -яя) before a word in the accusative's -у or -ю, the accusative (-ую, -юю) before one in the
    nominative's -а or -я. Under cp1253 and cp1254 я and ю both lose their last byte (D1 8F, D1 8E), and wordfreq
    ranks the nominative first (「ранняя остановку」)."""
    if language != "ru" or len(spelling) < 4 or len(word_after) < 3:
        return 0.0
    if spelling.endswith(("ая", "яя")) and word_after.endswith(("у", "ю")):
        return GOVERNED_ENDING_LOGP
    if spelling.endswith(("ую", "юю")) and word_after.endswith(("а", "я")):
        return GOVERNED_ENDING_LOGP
    return 0.0


def _may_spell(slots: list[tuple[str, ...]], words: frozenset[str]) -> bool:
    """Whether the slots may spell one of `words` (in small letters)."""
    return any(len(word) == len(slots) and all(letter in {char.lower() for char in opts}
                                               for letter, opts in zip(word, slots)) for word in words)


def _governed_ending_logp(language: str, before: list[tuple[str, ...]], spelling: str,
                          listed: Callable[[str], bool] = lambda word: False) -> float:
    """GOVERNED_ENDING_LOGP for a Russian word ending in ь right after a preposition that takes the genitive or
    the instrumental, or in я or ь right after a word that governs the dative (`before`: the slots of the word
    before, which may spell it: для loses я's byte as the word after it does): no case these words govern ends
    so (the genitive of житель is жителя, its instrumental жителем, the dative of изображение изображению, of
    нуль нулю), but nominatives do, and wordfreq ranks them first (「с вероятность」, 「равно нуля」). Likewise a
    word ending in ия right after a preposition that takes the accusative or the prepositional: a feminine noun
    (дисперсия) is дисперсию or дисперсии there, its nominative is wrong (「через дисперсия」); a neuter noun's
    plural keeps -ия in the accusative (「на изображения」), and `listed` (the word lists' membership) tells the
    neuter by its singular in -ие, which no feminine noun in -ия has."""
    if language != "ru" or not before:
        return 0.0
    if spelling.endswith("ь") and _may_spell(before, _words("genitive_prepositions")
                                             | _words("instrumental_prepositions") | _words("dative_governors")):
        return GOVERNED_ENDING_LOGP
    if spelling.endswith("я") and _may_spell(before, _words("dative_governors")):
        return GOVERNED_ENDING_LOGP
    if (spelling.endswith("ия") and not listed(spelling[:-1] + "е")
            and _may_spell(before, _words("accusative_prepositions"))):
        return GOVERNED_ENDING_LOGP
    return 0.0




def _adjective_agreement_logp(language: str, word_before: str, spelling: str,
                              listed: Callable[[str], bool] = lambda word: False) -> float:
    """AGREEMENT_LOGP for a Russian word whose damaged ending contradicts the case of the adjective or pronoun
    just before it, which it agrees with. After the masculine or neuter dative (-ому, -ему: 「по входному
    изображению」, 「ко всему изображению」) no noun ends in я or ь; after the genitive (-ого, -его: 「общего
    знаменателя」) none in ь or ю; after the feminine accusative (-ую, -юю: 「гладкую функцию」) none in я but a
    neuter plural (「использую изображения」: `listed` holds its singular in -ие) or a noun in -мя; but nominatives
    and other cases do, and wordfreq ranks them first (under cp1253 and cp1254 я, ю and ь all lose their last byte). `word_before`: the word a single space sets before, in small
    letters, its damaged letters as NUL (собственному loses с's byte there: its ending decides). Not after words
    that qualify no noun (case_looking_words in the data), nor after nouns: the soft -ему adjectives have н, ч, ш, щ, ж, о or
    с before the е (последнему, общему, своему, всему), the accusatives систему, теорему, схему, проблему other
    letters, as аксиому has и before -ому."""
    if (language != "ru" or len(word_before) < 5 or "-" in word_before or "\0" in word_before[-4:]
            or _may_be(word_before, _words("case_looking_words"))):
        return 0.0
    if word_before.endswith(("ую", "юю")):
        neuter = spelling.endswith("мя") or spelling.endswith("ия") and listed(spelling[:-1] + "е")
        return AGREEMENT_LOGP if spelling.endswith("я") and not neuter else 0.0
    ending, soft = word_before[-3:], word_before[-4]
    if ending in ("ому", "ого") and soft == "и" or ending in ("ему", "его") and soft not in "нчшщжос":
        return 0.0
    if ending in ("ому", "ему") and spelling.endswith(("я", "ь")):
        return AGREEMENT_LOGP
    if ending in ("ого", "его") and spelling.endswith(("ь", "ю")):
        return AGREEMENT_LOGP
    return 0.0




def _last_letter_settled(word: str, slots: list[tuple[str, ...]], listed: Callable[[str], bool]) -> str:
    """`word` (the word before, damaged letters as NUL) with its last letter filled in where only that letter is
    damaged and one of its candidates alone spells a listed word: гладкую loses ю's byte under cp1253 and
    cp1254, and its ending is what the agreement reads (`_adjective_agreement_logp`)."""
    if not word or word[-1] != "\0" or "\0" in word[:-1] or len(slots) != len(word):
        return word
    spellings = {word[:-1] + char.lower() for char in slots[-1]}
    found = [spelling for spelling in spellings if listed(spelling)]
    return found[0] if len(found) == 1 else word


def _may_be(spelled: str, words: frozenset[str]) -> bool:
    """Whether a word with damaged letters (NUL) may be one of `words`."""
    return any(len(word) == len(spelled) and all(have in ("\0", want) for have, want in zip(spelled, word))
               for word in words)


def _stranded_preposition_logp(spelling: str, word_after: str) -> float:
    """GOVERNED_ENDING_LOGP for a Russian preposition a single space sets before a conjunction or another
    preposition: a preposition opens the noun phrase it governs, and neither word can begin one (「По если」,
    「По при」, 「К если」). Under cp1253 Н, И, А and П all lose their last byte (D0 9D, 98, 90, 9F), and wordfreq
    ranks по over но. `word_after`: in small letters, its damaged letters as NUL (если loses с's byte there)."""
    if spelling in _words("prepositions") and _may_be(word_after,
                                                      _words("prepositions") | _words("subordinators")):
        return GOVERNED_ENDING_LOGP
    return 0.0


@cache
def _words(role: str) -> frozenset[str]:
    return frozenset(data_table("case_words_ru.toml")[role])


def russian_case_scores(language: str, before: list[tuple[str, ...]], word_before: str, word_after: str,
                        listed: Callable[[str], bool]) -> Callable[[str, bool], float]:
    """A score for each spelling (in small letters) of a run: the rules above, given the slots of the word a single
    space sets before it (`before`), that word and the one after it (small letters, damaged letters as NUL), and
    the word lists' membership (`listed`). The endings' rules apply where the run's last letter is damaged;
    nothing for a language other than Russian."""
    if language != "ru":
        return lambda spelled, ending_damaged: 0.0
    word_before = _last_letter_settled(word_before, before, listed)

    def score(spelled: str, ending_damaged: bool) -> float:
        total = _stranded_preposition_logp(spelled, word_after) if word_after else 0.0
        if ending_damaged:
            total += (_governed_ending_logp(language, before, spelled, listed)
                      + _agreement_logp(language, spelled, word_after)
                      + _adjective_agreement_logp(language, word_before, spelled, listed))
        return total

    return score
