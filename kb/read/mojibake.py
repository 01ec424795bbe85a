"""Repair UTF-8 text that was decoded with a single-byte Windows code page and saved again.

What happened to the bytes (see `damage`): the UTF-8 was read with a code page, the bytes that code page
leaves undefined vanished, an editor dropped the invisible soft hyphens (0xAD), and the result was saved
as UTF-8. Every lead byte survives, so each character is still there; only continuation bytes are missing.
Repair re-encodes with the detected code page, puts dropped byte values back wherever they make a valid
character, and lets a language model (`kb.read.langmodel`) choose among the candidates.

Detection is cheap (string encoding and a byte scan); the language model loads only for damaged text.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, product, takewhile
from math import exp, inf, log, log1p, prod
from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.model import RepairReport, RestoredChar
from kb.read.mojibake_candidates import Slot, candidates, is_broken, is_continuation, sequence_length, split_runs

if TYPE_CHECKING:
    from kb.read.mojibake_lattice import Choice

# Most common first: on an exact tie the earlier code page wins.
CODEPAGES = ("cp1252", "cp1254", "cp1250", "cp1251", "cp1253", "cp1257", "cp1256", "cp1255", "cp1258",
             "latin-1", "gbk")
# Double-byte code pages: read as one, UTF-8 loses exactly the bytes its decoder replaced with U+FFFD,
# and those are always continuation bytes (a UTF-8 byte before ASCII that cannot start a GBK pair).
DOUBLE_BYTE = frozenset({"gbk"})
REPLACEMENT = "\ufffd"
SOFT_HYPHEN, NBSP = "\xad", "\xa0"
# At most this many broken characters per whole one: the code pages that leave a quarter of the
# continuation bytes undefined (cp1253) break half of all Chinese characters on average, and a short note
# that keeps repeating a character they break (词: E8 AF 8D) breaks more than two in three: with 2 such a note
# was left as mojibake. 3 changes none of the clean notes of scripts/repair_eval.py (0 of 100 files), whose
# misreadings hardly ever form a whole UTF-8 character.
BROKEN_PER_VALID = 3
# Below this many expected occurrences an absent no-break space says nothing about whether it was dropped.
_NBSP_EVIDENCE = 5.0


@dataclass(frozen=True)
class Damage:
    """A damage procedure: the code page that misread the UTF-8 and the invisible characters lost after.

    `kept_undefined`: the reader passed the bytes the code page leaves undefined through as the control
    characters U+0080-U+009F (as Windows does) instead of dropping them.
    """
    codepage: str
    invisible: str = SOFT_HYPHEN
    kept_undefined: bool = False

    @property
    def dropped_bytes(self) -> frozenset[int]:
        if self.codepage in DOUBLE_BYTE:
            return frozenset(range(0x80, 0xC0))
        lost = set() if self.kept_undefined else {b for b in range(0x80, 0x100) if _undefined(b, self.codepage)}
        lost.update(char.encode(self.codepage)[0] for char in self.invisible)
        return frozenset(lost)

    def misread_bytes(self, text: str) -> bytes:
        """The bytes the damaged text was read from (what is lost stays lost). Raises UnicodeEncodeError."""
        if self.codepage in DOUBLE_BYTE:
            return text.replace(REPLACEMENT, "").encode(self.codepage)
        if not self.kept_undefined:
            return text.encode(self.codepage)
        for char in sorted({char for char in text if "\x80" <= char <= "\x9f"}):
            if not _encodes(char, self.codepage) and not _undefined(ord(char), self.codepage):
                raise UnicodeEncodeError(self.codepage, char, 0, 1, "the code page defines this byte")
        return text.encode(self.codepage, errors=_C1_BYTES)


def _c1_as_bytes(error: UnicodeEncodeError) -> tuple[bytes, int]:
    """Encode error handler: a control character U+0080-U+009F stands for the byte it was read from."""
    chunk = error.object[error.start:error.end]
    if all("\x80" <= char <= "\x9f" for char in chunk):
        return chunk.encode("latin-1"), error.end
    raise error


_C1_BYTES = "kb-c1-bytes"
codecs.register_error(_C1_BYTES, _c1_as_bytes)


def damage(text: str, codepage: str, invisible: str = SOFT_HYPHEN, kept_undefined: bool = False) -> str:
    """The forward procedure: UTF-8 bytes read as `codepage`, undefined bytes (unless kept as U+0080-U+009F)
    and `invisible` dropped."""
    data = text.encode("utf-8")
    if codepage in DOUBLE_BYTE:
        return data.decode(codepage, errors="replace")
    if kept_undefined:
        misread = "".join(chr(b) if _undefined(b, codepage) else bytes([b]).decode(codepage) for b in data)
    else:
        misread = data.decode(codepage, errors="ignore")
    return misread.translate({ord(char): None for char in invisible})


@lru_cache(maxsize=4096)
def _encodes(char: str, codepage: str) -> bool:
    """Whether the code page has `char` itself (latin-1 has U+0080-U+009F, the Windows code pages do not)."""
    try:
        char.encode(codepage)
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def _undefined(byte: int, codepage: str) -> bool:
    try:
        bytes([byte]).decode(codepage)
    except UnicodeDecodeError:
        return True
    return False


@dataclass(frozen=True)
class _Evidence:
    damage: Damage
    valid: int          # complete multi-byte UTF-8 characters
    broken: int         # characters missing continuation bytes
    absent_penalty: float

    def key(self) -> tuple[int, float]:
        return self.valid - self.broken, -self.absent_penalty


def detect_damage(text: str) -> Damage | None:
    """The damage procedure that explains `text` best, or None when the text shows no such damage."""
    if text.isascii():
        return None
    kept = _C1_CONTROL.search(text) is not None  # the text still holds C1 controls: none was dropped
    found = [evidence for evidence in map(lambda cp: _examine(text, cp, kept), CODEPAGES) if evidence is not None]
    if not found:
        return None
    return max(found, key=lambda evidence: evidence.key()).damage  # max keeps the first on ties


_C1_CONTROL = re.compile("[\x80-\x9f]")


def _examine(text: str, codepage: str, kept: bool) -> _Evidence | None:
    """How well `text` reads as UTF-8 damaged through `codepage` (`kept`: whether it holds C1 controls);
    None when it cannot be."""
    try:
        data = Damage(codepage, "", kept).misread_bytes(text)
    except UnicodeEncodeError:
        return None
    runs = split_runs(data)
    if runs is None:
        return None
    multibyte = [run for run in runs if len(run) > 1 or run[0] >= 0x80]
    broken = sum(1 for run in multibyte if is_broken(run))
    valid = len(multibyte) - broken
    if valid < 2 or broken > BROKEN_PER_VALID * valid or not _complete_runs_decode(multibyte):
        return None
    if codepage in DOUBLE_BYTE:
        # Every loss left a U+FFFD behind (one for one or two bytes): demand that there are incomplete
        # characters only where such marks are, so clean text in a double-byte script is never taken for damage.
        if not (broken <= text.count(REPLACEMENT) <= 2 * broken) or valid < 3:
            return None
        return _Evidence(Damage(codepage, ""), valid, broken, 0.0)
    continuation = Counter(byte for byte in data if is_continuation(byte))
    expected = sum(continuation.values()) / 64
    invisible = SOFT_HYPHEN if SOFT_HYPHEN not in text else ""
    if NBSP not in text and expected >= _NBSP_EVIDENCE:
        invisible += NBSP
    candidate = Damage(codepage, invisible, kept)
    kept_but_absent = [byte for byte in range(0x80, 0xC0)
                       if byte not in candidate.dropped_bytes and not continuation[byte]]
    # Poisson: a byte value the procedure would keep, absent though ~expected times likely, is evidence
    # against this code page (how cp1254, which loses 0x8E and 0x9E, is told from cp1252).
    return _Evidence(candidate, valid, broken, expected * len(kept_but_absent))


def _complete_runs_decode(runs: list[bytes]) -> bool:
    try:
        b"".join(run for run in runs if not is_broken(run)).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def repair_mojibake(text: str) -> tuple[str, RepairReport] | None:
    """Return the repaired text and a report, or None when the text shows no such damage."""
    found = detect_damage(text)
    if found is None:
        return None
    repaired, report = repair_with(text, found)
    if found.codepage in DOUBLE_BYTE:
        return repaired, report
    inner = detect_damage(repaired)
    for guess in _inner_readings(inner, found, report):
        reading = _fits_inner_reading(repaired, guess)
        if reading is None:
            continue
        # Double damage: what the first repair gave back is itself mojibake, so the outer guesses are made
        # again among the characters that can stand in such text.
        middle, outer = repair_with(text, found, reading)
        again = detect_damage(middle)
        if again is not None and again.codepage not in DOUBLE_BYTE:
            repaired, report, inner = middle, outer, again
            break
    if inner is None or inner.codepage in DOUBLE_BYTE:
        return repaired, report
    final, second = repair_with(repaired, inner)
    return final, _compose(report, second, repaired, inner)


def _inner_readings(inner: Damage | None, found: Damage, report: RepairReport) -> list[Damage]:
    """The inner readings a double damage may hold: the one detected in the first repair's output, else,
    where that repair restored Latin-1 letters (Á, from C1, where Ð would lead Cyrillic: outer guesses
    can hide the inner reading), the outer code page again and the commonest one."""
    if inner is not None:
        return [] if inner.codepage in DOUBLE_BYTE else [inner]
    if not any("\x80" <= char.char <= "\xff" for char in report.restored):
        return []
    return [Damage(codepage) for codepage in dict.fromkeys((found.codepage, CODEPAGES[0]))]


@dataclass(frozen=True)
class InnerReading:
    """How the first repair's output may itself have been misread (double damage): through `reading`, from
    UTF-8 whose whole characters are in the scripts `scripts`."""
    reading: Damage
    scripts: frozenset[int]

    def byte(self, char: str) -> int | None:
        """The byte the inner code page reads `char` from (None: it reads no single byte as `char`)."""
        try:
            found = self.reading.misread_bytes(char)
        except UnicodeEncodeError:
            return None
        return found[0] if len(found) == 1 else None

    def fits(self, char: str) -> bool:
        """Whether `char` can stand in the inner mojibake: it is read from a continuation byte, or from the
        lead byte of characters in a script the note shows whole (Ð, from D0, leads Cyrillic; Á, from C1,
        leads nothing in UTF-8)."""
        byte = self.byte(char)
        return byte is not None and (is_continuation(byte) or bool(_lead_pages(byte) & self.scripts))


def _fits_inner_reading(middle: str, inner: Damage) -> InnerReading | None:
    """The inner reading `inner` of `middle`, or None when `middle` cannot have been read through it."""
    try:
        whole = inner.misread_bytes(middle).decode("utf-8", errors="ignore")
    except UnicodeEncodeError:
        return None
    scripts = script_in(script_pages(char for char in whole if not char.isascii()))
    return InnerReading(Damage(inner.codepage, "", inner.kept_undefined), scripts)


def _led_by_inner_character(line: list[Slot], inner: InnerReading, model) -> list[Slot]:
    """The line with each damaged slot that no candidate, or more than one, `fits` cut to the candidate
    leading the likeliest inner character, read with the continuation bytes of the whole slots after it.
    A note writes σ, π or τ (CF 83, CF 80, CF 84) where cp1252 drops Ï's 8F at every occurrence: it never
    shows a Greek letter whole, so no lead fits, and Á (C1, a lead of nothing in UTF-8) won on its Latin-1
    frequency and hid the inner reading of the whole note. What the lead makes with the bytes after it (π,
    against Ѐ from Ð) is the evidence left. The same evidence decides between leads that all fit: a Russian
    note that shows β whole lets Í (CD, leading β's page) fit beside Ð (D0), and Í, likelier as a Latin-1
    letter, made every а (D0 B0) the archaic Greek Ͱ (CD B0) that no one writes."""
    settled = list(line)
    for at, slot in enumerate(line):
        every = slot.chars + slot.set_aside
        fitting = tuple(filter(inner.fits, every))
        if not slot.damaged or len(fitting) == 1:
            continue
        scored = {char: _inner_character_logp(char, line[at + 1:], inner, model) for char in fitting or every}
        best = max(scored.values())
        if best == -inf:
            continue
        kept = tuple(char for char, logp in scored.items() if logp == best)
        settled[at] = Slot(kept, True, slot.certain, tuple(char for char in every if char not in kept))
    return settled


def _inner_character_logp(char: str, after: list[Slot], inner: InnerReading, model) -> float:
    """The model's log-probability of the likeliest inner character `char` would lead with the continuation
    bytes of the whole slots `after` it, and the bytes the inner reading lost put back where it lost some
    (ρ, CF 81, loses its 81 too); minus infinity when they make no character the model knows."""
    lead = inner.byte(char)
    if lead is None or sequence_length(lead) < 2:
        return -inf
    run = bytearray([lead])
    for slot in after[:sequence_length(lead) - 1]:
        byte = None if slot.damaged else inner.byte(slot.chars[0])
        if byte is None or not is_continuation(byte):
            break
        run.append(byte)
    made = [each for each in candidates(bytes(run), inner.reading.dropped_bytes) if model.knows(each)]
    return max(map(model.char_logp, made), default=-inf)


@lru_cache(maxsize=256)
def _lead_pages(lead: int) -> frozenset[int]:
    """The scripts (`_script`) of the characters whose UTF-8 starts with `lead`."""
    size = sequence_length(lead)
    if size < 2:
        return frozenset()
    low = (lead & (0x7F >> size)) << (6 * (size - 1))
    high = min(low + (1 << (6 * (size - 1))) - 1, 0x10FFFF)
    return frozenset(_script(chr(code)) for code in range(low, high + 1, 128))


def _compose(outer: RepairReport, inner: RepairReport, middle: str, found: Damage) -> RepairReport:
    """The report of two repairs in a row, in positions of the final text: a character built from bytes
    the outer repair guessed is itself a guess."""
    lines = middle.split("\n")
    marked = {(char.line, char.column): char for char in inner.restored}
    for char in outer.restored:
        if char.certain:
            continue
        runs = split_runs(found.misread_bytes(lines[char.line - 1])) or []
        start = 0
        for column, run in enumerate(runs):
            if start <= char.column < start + len(run):
                final = "".join(run.decode("utf-8", errors="replace") for run in runs[column:column + 1])
                kept = marked.get((char.line, column))
                marked[char.line, column] = RestoredChar(char.line, column, kept.char if kept else final, False,
                                                         kept.alternatives if kept else ())
                break
            start += len(run)
    restored = tuple(sorted(marked.values(), key=lambda char: (char.line, char.column)))
    uncertain = sum(1 for char in restored if not char.certain)
    changed = max(outer.lines_changed, inner.lines_changed)
    return RepairReport(f"{outer.codepage}+{inner.codepage}", len(restored), uncertain, changed, restored)


def repair_with(text: str, found: Damage, inner: InnerReading | None = None) -> tuple[str, RepairReport]:
    """Undo `found` on `text`, choosing lost bytes with the language model (among the characters that fit
    the `inner` reading of double damage, where it leaves any)."""
    from kb.read.langmodel import note_languages, shared_model

    # The note's own language scores the words its letters spell, told by the words no damage touches.
    model = shared_model(note_languages(untouched_words(text)))
    dropped = found.dropped_bytes
    lines = [split_runs(line) or [] for line in found.misread_bytes(text).split(b"\n")]
    pages = script_pages(run.decode("utf-8") for runs in lines for run in runs
                         if len(run) > 1 and not is_broken(run))
    if found.codepage in DOUBLE_BYTE:
        slots = [_double_byte_slots(line, found.codepage, pages, model) for line in text.split("\n")]
    else:
        # A note repeats its characters: each distinct run is looked up once (a third of the repair's time
        # went to the same candidates filtered again).
        slot_of = cache(lambda run: slot_for(run, dropped, pages, model, inner and inner.fits))
        slots = [[slot_of(run) for run in runs] for runs in lines]
        if inner is not None:
            slots = [_led_by_inner_character(line, inner, model) for line in slots]
    slots = [_pruned(line, model) for line in slots]
    passes = decide_document(slots, model, pages, double_byte=found.codepage in DOUBLE_BYTE)
    decided = passes[-1]
    restored = [RestoredChar(number, column, choice.char,
                             confidence(slot, [each[number - 1][column] for each in passes]) >= CERTAIN_MARGIN,
                             _alternatives(slot, choice))
                for number, (line, choices) in enumerate(zip(slots, decided), start=1)
                for column, (slot, choice) in enumerate(zip(line, choices)) if slot.damaged]
    repaired_lines = ["".join(choice.char for choice in choices) for choices in decided]
    repaired = "\n".join(repaired_lines)
    changed = sum(1 for old, new in zip(text.split("\n"), repaired_lines) if old != new)
    uncertain = sum(1 for char in restored if not char.certain)
    report = RepairReport(found.codepage, len(restored), uncertain, changed, tuple(restored))
    return repaired, report


def untouched_words(text: str) -> str:
    """The words of `text` written in ASCII alone, which no code-page accident changes: enough of a German
    or Spanish note's prose to tell its language, nothing of a Russian note misread twice (its every word
    is Latin-1 mojibake, which a language detector takes for some Latin-script language)."""
    return " ".join(word for word in text.split() if word.isascii())


def _pruned(line: list[Slot], model) -> list[Slot]:
    """The line with each damaged slot's candidates cut to the MAX_OPTIONS best by their own frequency and
    their pairs with the intact characters beside them; the rest become alternatives set aside."""
    if not any(slot.damaged and len(slot.chars) > MAX_OPTIONS for slot in line):
        return line
    pair_score = _pair_unary(line, model)
    across = _words_across_damage(line, model.chinese) if KEEP_WORD_FORMING and SPANNING_WORD_FORMING else {}
    pruned = []
    for at, slot in enumerate(line):
        if not slot.damaged or len(slot.chars) <= MAX_OPTIONS:
            pruned.append(slot)
            continue
        ranked = sorted(slot.chars, key=lambda char: model.char_logp(char) + pair_score(at, char), reverse=True)
        forming = _word_forming(line, at, ranked[int(MAX_OPTIONS):], model, across.get(at, set())) if KEEP_WORD_FORMING else set()
        kept = tuple(ranked[:int(MAX_OPTIONS)]) + tuple(char for char in ranked if char in forming)
        pruned.append(Slot(kept, True, slot.certain, tuple(char for char in ranked if char not in kept) + slot.set_aside))
    return pruned


def _word_forming(line: list[Slot], at: int, chars, model, across: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """The candidates that make a dictionary word with the intact characters beside slot `at` (偏 in
    偏置: rare alone, so ranked out by frequency, though the word it makes is common in the domain), and
    those of `across` (`_words_across_damage`)."""
    from kb.read.langmodel import is_cjk
    from kb.read.wordclass import MAX_WORD

    words = model.chinese
    found = _spelling_known_word(line, at, chars, model)
    for size in range(2, MAX_WORD + 1):
        for start in range(at - size + 1, at + 1):
            end = start + size
            if start < 0 or end > len(line) or any(slot.damaged for slot in line[start:end] if slot is not line[at]):
                continue
            left = "".join(slot.chars[0] for slot in line[start:at])
            right = "".join(slot.chars[0] for slot in line[at + 1:end])
            if not all(map(is_cjk, left + right)):
                continue
            found.update(char for char in chars if words.word_logp(left + char + right) is not None)
    if JOINT_WORD_FORMING:
        found.update(_spelled_with_damaged_neighbours(line, at, [char for char in chars if char not in found], words))
    found.update(across.intersection(chars))
    return found


def _words_across_damage(line: list[Slot], words) -> dict[int, set[str]]:
    """For each damaged slot, the candidates that spell a dictionary word of three or more characters through
    another damaged slot, with any of its candidates (平移不变 under cp1253: 不 and 变 both lose bytes, 变 ranks
    out among its everyday rivals, and 不 is no intact neighbour to make the word with; 反卷积 and 协变量
    likewise). The domain lexicon's words are long, and the damage breaks several of their characters."""
    from kb.read.langmodel import is_cjk

    known = words.freq
    crowded = [at for at, slot in enumerate(line) if slot.damaged and len(slot.chars) > MAX_OPTIONS]
    starts = sorted({start for at in crowded for start in range(max(0, at - SPANNING_WORD_LENGTH + 1), at + 1)})
    found: dict[int, set[str]] = {}
    for start in starts:
        frontier = [""]
        damaged = 0
        for where in range(start, min(len(line), start + SPANNING_WORD_LENGTH)):
            grown = (prefix + char for prefix in frontier for char in line[where].chars if is_cjk(char))
            frontier = list(islice((word for word in grown if word in known), SPANNING_FRONTIER))
            damaged += line[where].damaged
            if not frontier:
                break
            if where - start < 2 or damaged < 2:
                continue
            for word in frontier:
                if (known[word] or 0) >= SPANNING_WORD_COUNT:
                    for offset, char in enumerate(word):
                        if line[start + offset].damaged:
                            found.setdefault(start + offset, set()).add(char)
    return found


def _spelling_known_word(line: list[Slot], at: int, chars, model) -> set[str]:
    """The letters that make the word around slot `at` one its language lists (ß in größere: the rarest
    letter of its slot, so ranked out by frequency, though the word is common), with any other damaged
    letter of the word holding any of its candidates (Ü and ß of Übergroße), up to WORD_SPELLINGS ways."""
    from kb.read.langmodel import is_cjk

    def is_letter(where: int) -> bool:
        return any(char.isalpha() and not is_cjk(char) for char in line[where].chars)

    first, end = at, at + 1
    while first > 0 and is_letter(first - 1):
        first -= 1
    while end < len(line) and is_letter(end):
        end += 1
    others = [line[where].chars if where != at else ("",) for where in range(first, end)]
    if end - first < 2 or prod(map(len, others)) > WORD_SPELLINGS:
        return set()
    spellings = ["".join(spelled) for spelled in product(*others)]
    split = at - first
    found = set()
    for char in chars:
        language = model.letter_language(char)
        if language is None:
            continue
        words = model.alphabet(language)
        if any(words.word_logp(spelled[:split] + char + spelled[split:]) is not None for spelled in spellings):
            found.add(char)
    return found


def _spelled_with_damaged_neighbours(line: list[Slot], at: int, chars, words) -> list[str]:
    """The JOINT_WORD_KEEP candidates of slot `at` that spell the commonest two-character words with any
    candidate of a damaged neighbour (效果 under cp1253: both characters lose bytes, each is rare beside
    the everyday characters sharing its damage, so each is ranked out alone and the word is lost; the
    neighbour keeps its half of the word the same way)."""
    best: dict[str, int] = {}
    followers, leaders = words.common_pairs
    for other, index in ((at - 1, leaders), (at + 1, followers)):
        if not (0 <= other < len(line) and line[other].damaged):
            continue
        partners = set(line[other].chars)
        for char in chars:
            spelled = index.get(char)
            if spelled:
                count = max((spelled[partner] for partner in partners.intersection(spelled)), default=0)
                if count > best.get(char, 0):
                    best[char] = count
    return sorted(best, key=lambda char: (-best[char], char))[:int(JOINT_WORD_KEEP)]


def choose_document(lines: list[list[Slot]], model, pages: frozenset[int] = frozenset()) -> list[list[Choice]]:
    """Every damaged slot decided (the last pass of `decide_document`)."""
    return decide_document(lines, model, pages)[-1]


def decide_document(lines: list[list[Slot]], model, pages: frozenset[int] = frozenset(),
                    double_byte: bool = False) -> list[list[list[Choice]]]:
    """Decide every damaged slot, line by line, then again with the document's confident repairs as a cache;
    the choices of every pass, first to last.

    The first pass scores candidates with the word lattice and the dictionary's character pairs. What
    it restored with a margin of at least CACHE_MARGIN then counts as the author's vocabulary (a cache
    model): the next pass credits each candidate for pairs it would form that the document shows
    elsewhere, and for how much more often the document uses it than the general model expects (never
    counting the slot's own first-pass choice), and reads the words beside each function character from
    the first pass's choices (CONTEXT_PASS). Characters the damage breaks are broken at every
    occurrence, so only restored text, never the intact text, can hold evidence about them.

    `double_byte`: the damage is a double-byte reading (GBK), which breaks a character only where its bytes
    fall badly against the next character's. So the note shows the same characters whole about as often as
    broken: the intact text is the author's distribution (INTACT_PAIR_WEIGHT), and the restored characters'
    own frequencies are left out of the cache, where they only repeat the first pass's guesses (导 restored
    in 导致 again and again made 「$m$的值」 read 「$m$的导」; dev split, gbk-zh: lines 89.37 -> 90.03%). And the damage
    gathers where the next byte is ASCII below 0x40 (before formulas, spaces, line ends) or another Han
    character: the rules that read that layout weigh there (`_double_byte_layout`).
    """
    from kb.read.mojibake_lattice import Choice, LineLattice

    joint = lru_cache(maxsize=None)(_pair_joint(model))   # the lattice asks for the same pairs many times
    # Only a line with a damaged slot has anything to decide (three in four lines of a damaged note have none):
    # every other line keeps its characters in every pass, and its lattice and scores are never made.
    todo = [at for at, line in enumerate(lines) if any(slot.damaged for slot in line)]
    wrapped = {at: at + 1 < len(lines) and _wraps(lines[at], lines[at + 1]) for at in todo}
    lattices = {at: LineLattice(lines[at], model, wrapped[at], mixed_widths=double_byte) for at in todo}
    han = _gb2312_prior(pages)
    pair_scores = {at: _summed(_summed(_pair_unary(lines[at], model), _rating_runs(lines[at]), han),
                               _counted_by_variable(lines[at])) for at in todo}
    decided = [[Choice(slot.chars[0]) for slot in line] for line in lines]
    layout = _double_byte_layout(lines, model.languages.get("LATIN")) if double_byte else _spacing_layout(lines)
    boxes = _box_drawing(lines)
    for at in todo:
        line = lines[at]
        placed = _summed(_summed(_locatives(line, model), layout(at), _treatments(line, model)),
                         _summed(_correlatives(line), _operators(line), boxes(at)))
        decided[at] = lattices[at].best(_summed(pair_scores[at], _closing_frames(line, model), placed), joint,
                                        _class_unary(line, model), _word_context(line, model))
    passes = [decided]
    for _ in range(CACHE_PASSES):
        cache = _DocumentPairs(lines, decided, model, restored_cache=not double_byte)
        again = list(decided)
        for at in todo:
            line, choices = lines[at], decided[at]
            known = [choice.char if choice.margin >= CACHE_MARGIN else None for choice in choices]
            context = [choice.char for choice in choices] if CONTEXT_PASS else None
            cached = cache.unary(line, known)
            frames = _closing_frames(line, model, context)
            if context is not None and PLACEMENT_CONTEXT:
                frames = _summed(frames, _placement_in_context(line, context, wrapped[at]))
            frames = _summed(_summed(frames, _locatives(line, model, context), layout(at, context)),
                             _summed(_treatments(line, model, context), _correlatives(line, context)),
                             _summed(_asking_words(line, context), _operators(line, context), boxes(at)))
            again[at] = lattices[at].best(_summed(pair_scores[at], cached, frames), joint,
                                          _class_unary(line, model, context), _word_context(line, model, context))
        decided = again
        passes.append(decided)
    return passes


def _double_byte_layout(lines: list[list[Slot]], language: str | None = None):
    """The rules that read the layout a double-byte reading (GBK) damages, as a unary score per line: `layout(at,
    known)` for line `at` (`known`: the first pass's choices, where given). GBK loses a character's last byte
    before an ASCII byte below 0x40 or where it starts a pair with the next Han character: the character that
    introduces a formula (`_formula_leads`), a mark before a space (`_spaced_marks`) or ending a list item
    (`_sibling_items`), the numeral before a bare noun (`_bare_numerals`), and the dash of a range before a digit
    or of a clause before a space (`_range_dashes`; `language`: the language of the note's Latin letters). (A mark
    at a soft wrap is read by `_wraps`, for every reading.)"""
    display_next = _display_math_next(lines)
    siblings = _sibling_ends(lines)
    spaced = _spaces_commas(lines)

    def layout(at: int, known: list[str | None] | None = None):
        line = lines[at]
        return _summed(_summed(_formula_leads(line, display_next[at], known), _bare_numerals(line, known)),
                       _summed(_spaced_marks(line, spaced), _range_dashes(line, language)),
                       _sibling_items(line, siblings[at]))

    return layout


def _spacing_layout(lines: list[list[Slot]]):
    """`_spaced_marks` as a layout score for a single-byte reading, which breaks every comma of a note alike: a
    space after a full-width mark is the habit of ASCII's 「label: value」 carried over to the colon (「微调： 就是」),
    never the comma's, which carries its own spacing, whatever damage hides the mark. Unless the author spaces
    marks out of habit: a single-byte reading breaks every comma, so no whole one shows it (`_spaces_commas`), but
    a note where more than SPACED_HABIT of the slots that may hold a comma or a colon, and SPACED_HABIT_COUNT of them
    at least, are followed by a space spaces its commas too (labels are a few of its marks; dev split: 6 of 389)."""
    breakable = [line[at + 1].chars[0] == " " for line in lines for at in range(len(line) - 1)
                 if line[at].damaged and {"，", "："} <= set(line[at].chars) and not line[at + 1].damaged]
    spaced_count = sum(breakable)
    spaced = _spaces_commas(lines) or spaced_count >= SPACED_HABIT_COUNT and spaced_count > SPACED_HABIT * len(breakable)

    def layout(at: int, known: list[str | None] | None = None):
        return _spaced_marks(lines[at], spaced)

    return layout


def _wraps(line: list[Slot], following: list[Slot]) -> bool:
    """Whether `line`, a paragraph's line (no heading), goes on into the `following` one (`wraps_into`;
    WRAPPED_LINES=0: never, an ablation)."""
    from kb.read.langmodel import wraps_into

    text = _settled_text(line)
    return bool(WRAPPED_LINES) and not text.lstrip().startswith(("#", "|")) and wraps_into(
        text, _settled_text(following))


def _placement_in_context(line: list[Slot], context: list[str], wrapped: bool = False):
    """What the first pass's choices change in where a damaged mark stands (`placement_logp`): the lattice
    weighed the marks with the damaged characters before them unknown, so a label whose characters the
    damage broke (「- 泛化能力：」 under cp1257 breaks 化, 能 and 力) could not be told from a connective (「首先，」);
    read with the first pass's characters, it names a topic, and the colon is the convention after it."""
    from kb.read.langmodel import PLACED_MARKS, placement_logp
    from kb.read.mojibake_lattice import _names_thing, _names_topic

    unknown = _settled_text(line)
    known = "".join(context)

    @cache
    def change(at: int) -> dict[str, float]:
        if not PLACED_MARKS.intersection(line[at].chars) or "\0" not in unknown[:at]:
            return {}
        before = placement_logp(unknown, at, _names_topic, _names_thing, wrapped)
        after = placement_logp(known[:at] + "\0" + unknown[at + 1:], at, _names_topic, _names_thing, wrapped)
        return {char: after.get(char, 0.0) - before.get(char, 0.0) for char in set(before) | set(after)}

    def score(at: int, char: str) -> float:
        return change(at).get(char, 0.0) if line[at].damaged else 0.0

    return score


def _locatives(line: list[Slot], model, known: list[str | None] | None = None):
    """The postposition (中 or 上) the word before a damaged slot takes in technical writing
    (`kb.read.mojibake_locative`), that word read from intact characters and, where given, the first pass's
    choices (码 of 解码器 is damaged at every occurrence). LOCATIVE_PRIOR=0 is the ablation."""
    from kb.read.mojibake_locative import locative_scores

    if not LOCATIVE_PRIOR:
        return _no_score
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    return locative_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], model, LOCATIVE_LOGP)


def _treatments(line: list[Slot], model, known: list[str | None] | None = None):
    """TREATMENT_LOGP for a verb of treatment (做) in a damaged slot inside a 对 frame
    (`kb.read.mojibake_treatment`), the frame read from intact characters and, where given, the first pass's
    choices. TREATMENT_LOGP=0 is the ablation."""
    from kb.read.mojibake_treatment import treatment_scores
    from kb.read.wordclass import shared_word_classes

    if not TREATMENT_LOGP:
        return _no_score
    classes = shared_word_classes()
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    return treatment_scores([slot.chars for slot in line], [slot.damaged for slot in line],
                            lambda at: _opener_at(fixed, at, classes, model), TREATMENT_LOGP)


def _asking_words(line: list[Slot], context: list[str] | None):
    """ASKING_WORD_LOGP for a candidate that spells a word that asks, in a clause the first pass's choices
    (`context`) end in ？ with no such word (`kb.read.mojibake_question`). ASKING_WORD_LOGP=0 is the ablation."""
    from kb.read.langmodel import interrogatives
    from kb.read.mojibake_question import asking_scores

    if not ASKING_WORD_LOGP or context is None:
        return _no_score
    return asking_scores("".join(context), [slot.chars for slot in line], [slot.damaged for slot in line],
                         interrogatives(), ASKING_WORD_LOGP)


def _correlatives(line: list[Slot], known: list[str | None] | None = None):
    """CORRELATIVE_LOGP for a half of a correlative pair (先 … 再) in a damaged slot whose other half stands in its
    sentence (`kb.read.mojibake_correlative`), read from intact characters and, where given, the first pass's
    choices. CORRELATIVE_LOGP=0 is the ablation."""
    from kb.read.mojibake_correlative import correlative_scores

    if not CORRELATIVE_LOGP:
        return _no_score
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    return correlative_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], CORRELATIVE_LOGP)


def _operators(line: list[Slot], known: list[str | None] | None = None):
    """MISPLACED_OPERATOR_LOGP for a mathematical symbol set against the conventions of mathematical typography (a
    prefix operator before a space, a relation right after another: `kb.read.mojibake_operators`), read from
    intact characters and, where given, the first pass's choices (the arrow of 「β → ∞」 loses its byte too).
    MISPLACED_OPERATOR_LOGP=0 is the ablation."""
    from kb.read.mojibake_operators import operator_scores

    if not MISPLACED_OPERATOR_LOGP:
        return _no_score
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    return operator_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line],
                           MISPLACED_OPERATOR_LOGP)


def _settled_text(line: list[Slot]) -> str:
    """The line's text as far as the damage settles it: NUL for each damaged slot (the rules read it as unknown)."""
    return "".join("\0" if slot.damaged else slot.chars[0] for slot in line)


def _box_drawing(lines: list[list[Slot]]):
    """MISPLACED_BOX_LOGP per arm of a box-drawing candidate that the intact drawing around it does not join
    (`kb.read.mojibake_boxes`), as a unary score per line: `boxes(at)` for line `at`, None (no score, and no call
    per candidate) where no damaged slot of the note may hold a box-drawing character. MISPLACED_BOX_LOGP=0 is
    the ablation."""
    from kb.read.mojibake_boxes import box_scores, is_box

    drawn = any(slot.damaged and any(map(is_box, slot.chars)) for line in lines for slot in line)
    if not MISPLACED_BOX_LOGP or not drawn:
        return lambda at: None
    fixed = [_settled_text(line) for line in lines]
    return lambda at: box_scores(fixed, at, [slot.chars for slot in lines[at]],
                                 [slot.damaged for slot in lines[at]], MISPLACED_BOX_LOGP)


def _formula_leads(line: list[Slot], display_next: bool, known: list[str | None] | None = None):
    """FORMULA_LEAD_LOGP for a character that introduces a formula (为, 令) in a damaged slot right before one
    (`kb.read.mojibake_formula`; `display_next`: the next line that holds anything opens display math).
    FORMULA_LEAD_LOGP=0 is the ablation."""
    from kb.read.mojibake_formula import formula_lead_scores

    if not FORMULA_LEAD_LOGP:
        return _no_score
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    return formula_lead_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], display_next,
                               FORMULA_LEAD_LOGP)


def _range_dashes(line: list[Slot], language: str | None = None):
    """RANGE_DASH_LOGP for the en dash in a damaged slot between two digits, or between two spaces in a note in a
    `language` that spaces the en dash, and for a Chinese range word (到, 至) between two numbers
    (`kb.read.mojibake_range`): the line's intact characters decide, a digit or a space being no damaged
    character. RANGE_DASH_LOGP=0 is the ablation."""
    from kb.read.mojibake_range import range_dash_scores

    if not RANGE_DASH_LOGP:
        return _no_score
    fixed = _settled_text(line)
    return range_dash_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], RANGE_DASH_LOGP,
                             language)


def _spaces_commas(lines: list[list[Slot]]) -> bool:
    """Whether the note shows a whole comma with a space after it (`kb.read.mojibake_marks.spaces_commas`)."""
    from kb.read.mojibake_marks import spaces_commas

    return spaces_commas(_settled_text(line) for line in lines)


def _spaced_marks(line: list[Slot], spaced: bool):
    """SPACED_MARK_LOGP for a comma in a damaged slot a space follows (`kb.read.mojibake_marks`), unless the
    note shows a whole comma spaced so (`spaced`). SPACED_MARK_LOGP=0 is the ablation."""
    from kb.read.mojibake_marks import spacing_scores

    if not SPACED_MARK_LOGP or spaced:
        return _no_score
    fixed = _settled_text(line)
    return spacing_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], SPACED_MARK_LOGP)


def _bare_numerals(line: list[Slot], known: list[str | None] | None = None):
    """BARE_NUMERAL_LOGP for 一 in a damaged slot that may hold 个 too, where it would count a bare noun, and
    NUMBER_NUMERAL_LOGP where it would follow a number in digits (`kb.read.mojibake_classifier`), the line read from
    intact characters and, where given, the first pass's choices. BARE_NUMERAL_LOGP=0 is the ablation (of both)."""
    from kb.read.mojibake_classifier import numeral_scores

    if not BARE_NUMERAL_LOGP:
        return _no_score
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    return numeral_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], BARE_NUMERAL_LOGP,
                          NUMBER_NUMERAL_LOGP)


def _sibling_items(line: list[Slot], item):
    """SIBLING_MARK_LOGP times the share of a list item's whole siblings that end in a mark, for that mark in
    the damaged slot ending the item, and ITEM_SEPARATOR_LOGP for the semicolon where a sibling follows
    (`kb.read.mojibake_marks`); both 0 is the ablation."""
    from kb.read.mojibake_marks import sibling_scores

    if item is None or not (SIBLING_MARK_LOGP or ITEM_SEPARATOR_LOGP):
        return _no_score
    fixed = _settled_text(line)
    return sibling_scores(fixed, [slot.chars for slot in line], [slot.damaged for slot in line], item,
                          SIBLING_MARK_LOGP, ITEM_SEPARATOR_LOGP)


def _sibling_ends(lines: list[list[Slot]]):
    """Per line, the marks that end its sibling list items whole, where it is an item ending in a damaged slot."""
    from kb.read.mojibake_marks import sibling_ends

    return sibling_ends([_settled_text(line) for line in lines])


def _display_math_next(lines: list[list[Slot]]) -> list[bool]:
    """Per line, whether the next line that holds anything but spaces opens display math (`$$`, `\\[`): a
    `$$` that closes a display block opens none. The dollars are counted over the whole line (no damage
    touches ASCII): counted up to its first damaged character, a line holding a display formula whole
    (「$$A(s) = 优势$$」) left the count odd and every display formula after it read as a closing one."""
    from kb.read.mojibake_formula import DISPLAY_OPENS

    opens, inside = [], False
    for line in lines:
        text = "".join(slot.chars[0] for slot in takewhile(lambda slot: not slot.damaged, line))
        opens.append(not inside and bool(DISPLAY_OPENS.match(text)))
        inside ^= _settled_text(line).count("$$") % 2 == 1
    found, following = [False] * len(lines), False
    for at in range(len(lines) - 1, -1, -1):
        found[at] = following
        if any(slot.damaged or slot.chars[0].strip() for slot in lines[at]):
            following = opens[at]
    return found


def _no_score(at: int, char: str) -> float:
    return 0.0


def _counted_by_variable(line: list[Slot]):
    """COUNTED_CLASSIFIER_LOGP for the general classifier 个 in a damaged slot right after a number or a
    one-letter variable that an ordinal or demonstrative opens (「第 t 个词」, 「这 N 个梯度」, 「前 $k$ 个」): a
    Chinese count takes a classifier before its noun. cp1253 loses the last byte of 个 (E4 B8 AA) as of 不 and
    与, and the running-text pairs, which never see the variable, chose 「第 t 不词」 and 「这t与梯度」. The opener
    may be damaged too (GBK loses 第's last byte before a space, and the pairs chose 「取笑 i 个」): a damaged slot
    that may hold one counts as one, and the frame scores each end where the other is or may be there."""
    settled = "".join((COUNTING_WORD_HELD if COUNTING_WORDS.intersection(slot.chars) else
                       CLASSIFIER_HELD if GENERAL_CLASSIFIER in slot.chars else "\0") if slot.damaged
                      else slot.chars[0] for slot in line)

    def score(at: int, char: str) -> float:
        if not line[at].damaged:
            return 0.0
        if char == GENERAL_CLASSIFIER:
            return COUNTED_CLASSIFIER_LOGP if _COUNT_BEFORE.search(settled, 0, at) else 0.0
        if char in COUNTING_WORDS:
            return COUNTED_CLASSIFIER_LOGP if _COUNT_AFTER.match(settled, at + 1) else 0.0
        return 0.0

    return score


GENERAL_CLASSIFIER = "个"
# The ordinals and demonstratives that open a count (第, 这, 那, 每, 前, 后, 共); what stands for a damaged slot
# that may hold one of them, and for one that may hold the classifier.
COUNTING_WORDS = frozenset("第这那每前后共")
COUNTING_WORD_HELD = "\1"
CLASSIFIER_HELD = "\2"
# One of them, then a number or a one-letter variable, bare or as inline math, spaces allowed between, right
# before the slot; and the same count read from its opener's side, up to its classifier.
_COUNTED = r" ?(?:\d+|[A-Za-z]|\$(?:\d+|[A-Za-z])\$) ?"
_COUNT_BEFORE = re.compile(r"[第这那每前后共\1]" + _COUNTED + "$")
_COUNT_AFTER = re.compile(_COUNTED + r"[个\2]")
# log 30: the count's classifier over the characters that share its damage.
COUNTED_CLASSIFIER_LOGP = log(30.0)


def _rating_runs(line: list[Slot]):
    """RATING_RUN_LOGP for a rating mark (⭐, ★) in a damaged slot beside another damaged slot of the same bytes:
    a run of one pictograph (「| ⭐⭐⭐⭐ |」) is how notes draw a rating scale, and the scale is drawn in stars.
    Alone, wordfreq's counts rank ❌ (cp1253) and ⚡ (cp1257) over ⭐ among the pictographs its lost bytes allow."""
    from kb.read.langmodel import RATING_MARKS

    def repeated(at: int) -> bool:
        return any(0 <= other < len(line) and line[other].damaged and line[other].chars == line[at].chars
                   for other in (at - 1, at + 1))

    def score(at: int, char: str) -> float:
        return RATING_RUN_LOGP if char in RATING_MARKS and line[at].damaged and repeated(at) else 0.0

    return score


def confidence(slot: Slot, choices: list[Choice]) -> float:
    """How sure the repair is of a damaged slot's character: infinite where the damage allows only that
    character (a fact of the bytes), else its smallest margin over the passes (the log-score by which the
    best reading beats every reading with another character there). Minus infinity where the passes
    disagree, and where no rival was weighed though the damage allows others (the lattice spells a long
    alphabetic run from each slot's likeliest letter alone; candidates out of the document's scripts are set
    aside unweighed): an infinite margin there is no evidence."""
    if slot.certain:
        return inf
    if len({choice.char for choice in choices}) > 1 or any(choice.margin == inf for choice in choices):
        return -inf
    return min(choice.margin for choice in choices)


def _summed(first, second, third=None):
    """One unary score adding those given (asked for every candidate of every damaged slot)."""
    if third is None:
        return lambda at, char: first(at, char) + second(at, char)
    return lambda at, char: first(at, char) + second(at, char) + third(at, char)


@cache
def _symbol_pages() -> frozenset[int]:
    """The pages (`_page`) of the symbols notes type as characters, Latin-1's (×, ·, ±) left out: every note
    shows that page."""
    from kb.read.langmodel import MATH_SYMBOLS

    return frozenset(_page(char) for char in MATH_SYMBOLS if ord(char) > 0xFF)


def _page(char: str) -> int:
    """A coarse script key: 256-code-point pages, with the CJK Unified Ideographs as two: those GB2312 encodes
    (HAN) and the rest (RARE_HAN), which `_gb2312_prior` tells apart."""
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF:
        return HAN if _in_gb2312(char) else RARE_HAN
    return code >> 8


# Keys of `_page` for the CJK Unified Ideographs (above every 256-code-point page number, so they never clash).
HAN, RARE_HAN = 0x4E00, 0x4E01


def _script(char: str) -> int:
    """`_page` with the two keys of the CJK Unified Ideographs as one: the script a candidate must be in."""
    page = _page(char)
    return HAN if page == RARE_HAN else page


def script_in(pages: frozenset[int]) -> frozenset[int]:
    """The scripts (`_script`) of a set of pages."""
    return frozenset(HAN if page == RARE_HAN else page for page in pages)


def _gb2312_prior(pages: frozenset[int]):
    """RARE_HAN_LOGP for a Han character GB2312 lacks in a damaged slot of a note whose whole characters are
    all in GB2312. Its 6,763 characters are what simplified Chinese writes (every Han character of the twelve
    public study notes scripts/repair_eval.py reads, 19,388 in all, is one of them), so such a note is not
    restored with a traditional or rare character one lost byte away (随 came back as 鍚, which jieba counts a
    quarter as often: mojibake of GBK text in its sources). A note that shows one whole (語) writes traditional
    Chinese and keeps them all at their own frequency. A prior, not a filter: the rare candidates are still
    weighed, so a character they lose to by a wide margin stays certain."""
    if RARE_HAN in pages or HAN not in pages:
        return lambda at, char: 0.0
    return lambda at, char: RARE_HAN_LOGP if _page(char) == RARE_HAN else 0.0


@lru_cache(maxsize=1 << 14)
def _in_gb2312(char: str) -> bool:
    return _encodes(char, "gb2312")


def script_pages(chars) -> frozenset[int]:
    return frozenset(_page(char) for char in chars)


def _alternatives(slot: Slot, choice: Choice) -> tuple[str, ...]:
    """The model's runners-up, then the characters it was not asked about, at most MAX_ALTERNATIVES."""
    from kb.read.mojibake_lattice import MAX_ALTERNATIVES

    return (choice.alternatives + slot.set_aside)[:MAX_ALTERNATIVES]


def slot_for(run: bytes, dropped: frozenset[int], pages: frozenset[int], model,
             fits: Callable[[str], bool] | None = None) -> Slot:
    """The slot of one character run: its decoding when whole, else its candidates (certain when the
    damage allows a single character, whatever the filters of `options_for` and `fits` would keep)."""
    if not is_broken(run):
        return Slot((run.decode("utf-8"),), False)
    every = candidates(run, dropped)
    fitting = tuple(filter(fits, every)) if fits else ()
    options = _fitting(fitting, pages, model) if fitting else options_for(run, dropped, pages, model)
    offered = set(options)
    return Slot(options, True, len(candidates(run, dropped, private_use=True)) == 1,
                tuple(char for char in every if char not in offered))


def _double_byte_slots(line: str, codepage: str, pages: frozenset[int], model) -> list[Slot]:
    """The slots of one line read as a double-byte code page, each lost byte pinned where its U+FFFD is
    (`kb.read.mojibake_double`). A line with a U+FFFD that cannot be a lost byte is left as it is."""
    from kb.read.mojibake_double import is_whole, pinned_candidates, pinned_runs

    as_is = [Slot((char,), False) for char in line]
    runs = pinned_runs(line, codepage)
    if runs is None:
        return as_is
    slots = []
    for at, run in enumerate(runs):
        if is_whole(run):
            slots.append(Slot((bytes(run).decode("utf-8"),), False))
            continue
        following = runs[at + 1][0] if at + 1 < len(runs) else 0x0A
        # A private-use character is offered only where the bytes allow nothing else: Word's Symbol font
        # writes its bullets there (U+F0A1, EF 82 A1, loses its A1 before the space after it), and a line
        # left as it is for want of a candidate keeps its other mojibake and does not read back to its bytes.
        every = (pinned_candidates(run, following, codepage)
                 or pinned_candidates(run, following, codepage, private_use=True))
        if not every:
            return as_is
        options = _fitting(every, pages, model)
        certain = len(pinned_candidates(run, following, codepage, private_use=True)) == 1
        slots.append(Slot(options, True, certain, tuple(char for char in every if char not in options)))
    return slots


def options_for(run: bytes, dropped: frozenset[int], pages: frozenset[int], model) -> tuple[str, ...]:
    """What a run can be: its decoding when whole; else the candidates that fit the document best.

    Fitting means in a script the document already uses and known to the language model; when nothing
    fits, looser sets are used rather than leave the character unrepaired (U+FFFD only when no byte
    values can complete it at all).
    """
    if not is_broken(run):
        return (run.decode("utf-8"),)
    every = candidates(run, dropped)
    if not every:
        return ("\ufffd",)
    return _fitting(every, pages, model)


def _fitting(every: tuple[str, ...], pages: frozenset[int], model) -> tuple[str, ...]:
    """The candidates in a script the document uses and known to the model, else the looser sets."""
    from kb.read.langmodel import MATH_SYMBOLS, is_emoji

    # The emoji of the BMP are scattered over symbol blocks (⭐ among arrows, ✅ among dingbats): a note that
    # writes ⭐ may show no other character of its block whole. The pictographs beyond it (F0 9F ..) fill
    # blocks of their own, and the blocks a note shows say which it writes (👆 and 👇, not 😑). The symbols
    # mathematics types as characters are scattered too (ⁿ, →, ∞ on three pages), and the code pages that lose
    # 0x81 damage every ⁿ, ⁴-⁹ and ⁻ of a note, so none of their page may be left whole: a note that shows any
    # symbol page whole writes mathematics in characters, and each of them may be one (in one that does not,
    # ∀ would only compete with the quotation marks that share its bytes).
    scripts = script_in(pages)
    writes_symbols = bool(pages & _symbol_pages())
    in_script = tuple(char for char in every
                      if not pages or _script(char) in scripts or (is_emoji(char) and ord(char) <= 0xFFFF)
                      or (writes_symbols and char in MATH_SYMBOLS))
    known = tuple(char for char in in_script if model.knows(char))
    return known or in_script or every



# Candidates of one character put to the lattice (`_pruned`); the others stay alternatives shown to the
# reader. Code pages that leave many byte values undefined (cp1253, cp1257) allow 20-60 characters per
# slot, and neighbouring slots multiply: the lattice took four times as long (12 s for an 18,000-character
# note). Chosen on the dev split: 12 keeps 88.5% of cp1253's lost characters right against 89.1% for all.
MAX_OPTIONS = 12
# 1: a candidate ranked out that makes a dictionary word with the intact characters beside it is kept.
KEEP_WORD_FORMING = 1
# 1: ranked-out candidates that spell a common word with a ranked-out candidate of a damaged neighbour are
# kept too, at most JOINT_WORD_KEEP per slot (more would slow the lattice and gain nothing on the dev split:
# cp1253 lost characters 92.22 -> 93.06% with every such candidate kept, 93.08% with the best two).
JOINT_WORD_FORMING = 1
JOINT_WORD_KEEP = 2
# 1: ranked-out candidates that spell a word of three or more characters across other damaged slots are kept
# too (`_words_across_damage`): words up to SPANNING_WORD_LENGTH characters (the lexicon's 内部协变量偏移),
# at least SPANNING_WORD_COUNT strong (jieba's units: 100 and 3000 change nothing on the dev split),
# SPANNING_FRONTIER prefixes followed at once. Dev split, zh: cp1253 lost characters 95.04 -> 95.24%, lines
# 67.70 -> 68.73%; two-character words too (初期) cost a line there, so they stay with JOINT_WORD_FORMING.
SPANNING_WORD_FORMING = 1
SPANNING_WORD_LENGTH = 8
SPANNING_WORD_COUNT = 1000
SPANNING_FRONTIER = 256
# The most spellings of a word's other damaged letters tried when asking whether a letter ranked out spells
# a listed word (`_spelling_known_word`): two damaged letters of a cp1253 reading have 15 candidates each.
WORD_SPELLINGS = 256

# Log-probability added to a rating mark in a run of damaged slots of the same bytes (`_rating_runs`): log 100,
# more than the 0.9 by which wordfreq ranks ❌ over ⭐, less than any word the run could spell instead.
RATING_RUN_LOGP = log(100.0)
# Log-probability of a Han character GB2312 lacks in a note that shows none whole (`_gb2312_prior`).
RARE_HAN_LOGP = log(1e-3)
# Weights of the unary scores against the lattice's log-probabilities (tuned on
# scripts/mojibake_heldout.py). Pairs inside dictionary words are not weighed: with the domain lexicon and
# the grammar of function characters they cost accuracy (dev split 97.76% of lost characters without them,
# 97.56% with; the real note's held-out characters 3413 against 3406 of 3532).
TEXT_PAIR_WEIGHT = 0.8
# The least a damaged character's pair with an intact neighbour may score: a pair unseen in 1998 news is
# weak evidence in a study note, whose vocabulary that text lacks (出均 of 输出均值 scored -2.6, below 出减
# and 出升, only because 出 is common there). Pairs of two damaged characters are not floored: there the
# rejection of unseen pairings sorts out many rare candidates (cp1253, cp1257).
TEXT_PAIR_FLOOR = -1.0
# 1: a pair of two damaged characters of which one is a function character (不, 与, 中: `WordClasses.scored`)
# is floored at TEXT_PAIR_FLOOR too. Unseen pairs score the lower the commoner their first character, so a
# function character's unseen pair cost the most (不敏 of 不敏感, never in 1998 news, -4.0 against 与敏's -1.8),
# and out-voted the grammar that places it (不 before an adjective). 0: not floored (an ablation).
JOINT_FUNCTION_FLOOR = 1
CACHE_WEIGHT = 1.0
CHAR_CACHE_WEIGHT = 1.0
# Weight of the pairs the document's intact text shows (公式 written whole elsewhere in the note) for a
# candidate beside its settled neighbours. A single-byte code page breaks a character at every occurrence,
# so no candidate ever stands intact and this weighs nothing there; reading UTF-8 as GBK breaks a character
# only where the bytes after it cannot pair (式 before ASCII), so the same word stands whole elsewhere.
INTACT_PAIR_WEIGHT = 1.0
# Whether the second pass reads the words beside a function character from the first pass's choices
# (1) rather than from intact characters alone (0): a neighbour like 卷积层 or 解码器 holds a character the
# damage breaks at every occurrence, so without it the grammar sees no word there at all.
CONTEXT_PASS = 1
# 1: the second pass weighs a damaged mark's placement (`kb.read.langmodel.placement_logp`) with the label
# before it read from the first pass's characters (`_placement_in_context`); 0: from intact characters only.
PLACEMENT_CONTEXT = 1
# Restorations this far ahead of their rivals join the document cache (log 10: ten times likelier than
# the best other reading); passes of re-scoring with it. Chosen on the dev split (lines exact, --lang zh):
# log 1000 -> log 10 gains cp1253 59.70 -> 60.45%, cp1257 70.90 -> 71.64%, gbk-zh 82.46 -> 84.33% and costs no
# line of any accident (log 3 costs a line of double cp1252, 0 a line of cp1254 too).
CACHE_MARGIN = 2.3
CACHE_PASSES = 1
# A restored character whose `confidence` reaches this is marked certain (not shown as a guess): its
# reading at least 10^8 times likelier than any other. Fitted on the dev split (scripts/repair_eval.py
# --split dev --calibrate), the first power of ten above every wrong character there. An author's own slip
# is what the model is most sure against: a Russian slide's misspelt verb (встретись for встретились) came
# back as the word встретишь at 17.08 under cp1250 and cp1257, where Chinese's most confident wrong
# character scored 8.74 (cp1257); a margin of 10^5 marked those certain.
CERTAIN_MARGIN = log(1e8)
# Weights of the word-class context and of prepositional frames (`_class_unary`).
CLASS_WEIGHT = 1.0
# Log-probability added to a character that opens a frame a word later in its clause closes (与 … 相比):
# log 10. In the tagged People's Daily text 与 is 10-35 times likelier than elsewhere in a clause where
# 之间, 一起, 相关, 结合 or 相比 follows (log ratios 2.3-3.6).
CLOSING_FRAME_LOGP = 2.3
# 1: a postposition of its own between a preposition and the slot (在训练时 _) closes the preposition's frame,
# so the slot is read as standing outside it (`_opener`); 0: the frame reaches to the clause's end (an ablation).
FRAME_CLOSED_BY_POSTPOSITION = 1
# Log-probability added to a clause-final word (的话) read in a damaged stretch where a settled character
# other than a clause mark follows it: a conditional's 的话 closes its clause (「如果……的话，」), so 的话 before a
# verb (「离散的词映射到」 read as 「离散的话映射到」) is a misreading, a hundred times rarer.
CLAUSE_FINAL_MISFIT_LOGP = log(0.01)
# 1: a verb between a preposition and a slot ends the preposition's frame before the slot, so a frame that a
# word later in the clause closes (与 … 一致) may open there (在正半轴具有与 ReLU 一致的 …); 0: any preposition
# earlier in the clause keeps 与 from opening one (an ablation).
FRAME_ENDED_BY_VERB = 1
# 1: a damaged slot that may hold 中 or 上 after a noun or verb is scored with the postposition that word takes
# in technical writing (`_locatives`); 0: not (an ablation).
LOCATIVE_PRIOR = 1
# Log-score taken there from the postposition the word does not take (log 30): the news pairs prefer 上 after
# nearly any character by a few units (络上 +1.3 against 络中 -0.4, at weight 0.8, and the tagged text's
# classes beside each). Chosen on the dev split (zh lines): log 10 gains cp1253 64.26 -> 64.95%, cp1257
# 73.20 -> 73.88%; log 30 65.29% and 74.23%; log 100 the same as log 30.
LOCATIVE_LOGP = log(30.0)
# Log-score added to a verb of treatment (做, 作, 进 of 进行) in a damaged slot inside a 对 frame (`_treatments`);
# 0: not (an ablation).
TREATMENT_LOGP = log(10.0)
# Log-score added to a half of a correlative pair whose other half stands in the sentence (`_correlatives`); 0: not
# (an ablation).
CORRELATIVE_LOGP = log(100.0)
# Log-score added to a candidate that spells a word that asks in a clause that ends in ？ without one
# (`_asking_words`); 0: not (an ablation).
ASKING_WORD_LOGP = log(10.0)
# Log-score added to a character that introduces a formula (为, 令: kb/read/data/formulas_zh.toml) in a damaged
# slot right before inline or display math (`_formula_leads`); 0: not (an ablation).
FORMULA_LEAD_LOGP = log(100.0)
# The share of a single-byte reading's comma-or-colon slots followed by a space above which the author is taken to
# space commas (`_spacing_layout`).
SPACED_HABIT = 0.25
SPACED_HABIT_COUNT = 3
# Log-score added to a comma or an enumeration comma in a damaged slot that a space follows (`_spaced_marks`):
# log 0.01; 0: not (an ablation).
SPACED_MARK_LOGP = log(0.01)
# Log-score added to a mark in the damaged slot ending a list item when every whole sibling item ends in it
# (a share of it where some do: `_sibling_items`); 0: not (an ablation).
SIBLING_MARK_LOGP = log(100.0)
# Log-score added to the semicolon in the damaged slot ending a list item a sibling item follows (log 20: it
# undoes the fifth a line's end gives the semicolon in `kb.read.langmodel.placement_logp`, and makes it the
# likelier mark by about three to one over the colon, whose share is half as large again); 0: not (an ablation).
# Dev split unchanged from log 5; a note written for this (- 偶数维用 $\sin$；) needs more than log 5.
ITEM_SEPARATOR_LOGP = log(20.0)
# Log-score added to the en dash in a damaged slot between two digits (`_range_dashes`): log 100, above the five
# times larger share the em dash has alone (`kb.read.langmodel`); 0: not (an ablation).
RANGE_DASH_LOGP = log(100.0)
# Log-score added to a mathematical symbol where mathematics does not set it (`_operators`): log 0.01, below the
# threefold shares by which the symbols of one block differ; 0: not (an ablation).
MISPLACED_OPERATOR_LOGP = log(0.01)
# A box-drawing character's arm that the drawing around it does not join (`_box_drawing`): as rare as a
# misplaced operator.
MISPLACED_BOX_LOGP = log(0.01)
# Log-score added to 一 in a damaged slot that may hold 个 too, where it would count a bare noun (`_bare_numerals`);
# 0: not (an ablation).
BARE_NUMERAL_LOGP = log(0.1)
# Log-score added to 一 there right after a number written in digits, which takes the classifier itself (「1~2 个点」):
# log 0.001, below a word 一 would start (一点), since no one writes 「2 一点」; 0: not (an ablation).
NUMBER_NUMERAL_LOGP = log(0.001)
# Weight of the classes beside a dictionary word in a damaged stretch (`_word_context`).
WORD_CONTEXT_WEIGHT = 1.0
FRAME_WEIGHT = 1.0
# 1: a rated candidate's fit counts as it is, so among the rated characters (中, 不, 与 share their damage) a
# misfit counts against one (不 between two nouns); only when every rated candidate misfits are they moved
# up together, the best of them level with the unrated ones: the grammar then says which fits least badly,
# not that the slot holds some rare character it does not rate. 0: misfits count as zero (an ablation).
# The rule before (every rated candidate raised by the worst one's misfit) raised one-character tokens
# over the dictionary word they break (一个 came back as 个中 under GBK damage). Held-out test split:
# cp1254 lines 87.93 -> 88.14%, cp1253 lost characters 88.96 -> 89.83%, gbk-zh lines 76.62 -> 77.51%;
# the real note's held-out characters 96.57 -> 96.68%.
LEVEL_BEST_FIT = 1
# A preposition beside a character it forms a word with at least this share as often (in jieba's counts)
# is read as part of that word (存在, 对应, 用于), not as opening a frame.
INSIDE_SHARE = 0.005
# 1: a mark at the end of a line the next line's text goes on from is scored as within its paragraph (no
# line-end rule: `kb.read.langmodel.wraps_into`); 0: every line's end is a break (an ablation).
WRAPPED_LINES = 1
# Weight of the document's own character distribution against the general one (cache interpolation).
CACHE_SHARE = 0.5


def _neighbours(line: list[Slot], known: list[str | None], at: int,
                skip_spaces: bool = False) -> tuple[str | None, str | None]:
    """The characters beside slot `at` when they are settled: intact, or restored with certainty
    (`skip_spaces`: the nearest that is not a space, as in `卷积 与 池化`)."""
    def settled(where: int, step: int) -> str | None:
        while skip_spaces and 0 <= where < len(line) and not line[where].damaged and line[where].chars[0] == " ":
            where += step
        if not 0 <= where < len(line):
            return None
        return known[where] if line[where].damaged else line[where].chars[0]

    return settled(at - 1, -1), settled(at + 1, 1)


def _pair_unary(line: list[Slot], model):
    """Running-text pair scores of a damaged slot's character with the intact characters beside it (pairs of two
    damaged slots are scored jointly in the lattice, by `_pair_joint`), each at least TEXT_PAIR_FLOOR."""
    from kb.read.langmodel import is_cjk, neighbour_class

    text = model.text_pairs
    intact_only: list[str | None] = [None] * len(line)

    @cache
    def beside(at: int) -> tuple[str | None, str | None]:
        before, after = _neighbours(line, intact_only, at, skip_spaces=True)
        return before and neighbour_class(before), after and neighbour_class(after)

    @cache   # asked for again by the pruning and by both passes of the lattice
    def score(at: int, char: str) -> float:
        if not is_cjk(char):
            return 0.0
        before, after = beside(at)
        total = 0.0
        if before:
            total += TEXT_PAIR_WEIGHT * max(text.association(before, char), TEXT_PAIR_FLOOR)
        if after:
            total += TEXT_PAIR_WEIGHT * max(text.association(char, after), TEXT_PAIR_FLOOR)
        return total

    return score


def _class_unary(line: list[Slot], model, known: list[str | None] | None = None):
    """Grammar around a damaged character used as a word of its own (`kb.read.wordclass`): the classes of
    the words beside it, and the preposition that opens its clause, if any. The words are read from the
    intact characters and, where `known` is given, what an earlier pass chose for the damaged ones (码 in
    解码器 is damaged at every occurrence, so no intact text ever shows the word)."""
    from kb.read.langmodel import is_cjk
    from kb.read.wordclass import shared_word_classes

    classes = shared_word_classes()
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))

    @cache
    def context(at: int) -> tuple[str | None, str | None, str | None]:
        """The classes of the words beside slot `at` and the preposition opening its clause."""
        return (_class_beside(fixed[:at], -1, classes, model), _class_beside(fixed[at + 1:], 1, classes, model),
                _opener(fixed, at, classes, model))

    def fit(at: int, char: str) -> float:
        before, after, found = context(at)
        total = CLASS_WEIGHT * classes.beside(char, before, after)
        if found:
            total += FRAME_WEIGHT * classes.framed(found, char)
        return total

    @cache
    def shift(at: int) -> float:
        """How far the slot's rated candidates are moved up: the best one's misfit, when all misfit."""
        best = max((fit(at, char) for char in line[at].chars if is_cjk(char) and classes.scored(char)), default=0.0)
        return -min(best, 0.0)

    def score(at: int, char: str) -> float:
        if not is_cjk(char) or not classes.scored(char):
            return 0.0
        if LEVEL_BEST_FIT:
            return fit(at, char) + shift(at)
        return max(fit(at, char), 0.0)

    return score


def _opener(fixed: str, at: int, classes, model) -> str | None:
    """The nearest preposition before `at` in its clause that is a word of its own (在, not 存在), unless a
    postposition between them closed its frame (在 … 时, 在 … 中: FRAME_CLOSED_BY_POSTPOSITION)."""
    found = _opener_at(fixed, at, classes, model)
    return found[0] if found else None


def _opener_at(fixed: str, at: int, classes, model) -> tuple[str, int] | None:
    """`_opener` and the index just after it."""
    from kb.read.langmodel import between_digits
    from kb.read.wordclass import CLAUSE_ENDS

    for start in range(at - 1, -1, -1):
        if fixed[start] in CLAUSE_ENDS and not between_digits(fixed, start):   # 0.01, 1,000: no clause ends there
            return None
        if (FRAME_CLOSED_BY_POSTPOSITION and fixed[start] in _postpositions()
                and not _inside_word(fixed, start, start + 1, model.chinese)):
            return None   # 在训练时 closed its frame before the slot: nothing is left for 中 to close
        for size in (2, 1):
            word = fixed[start - size + 1:start + 1]
            if len(word) == size and classes.is_opener(word) and not _inside_word(fixed, start - size + 1, start + 1, model.chinese):
                return word, start + 1
    return None


def _holds_verb(text: str, classes) -> bool:
    """Whether `text` holds a word the tagged text reads as a verb (具有, 计算), read greedily longest first."""
    from kb.read.wordclass import MAX_WORD

    at = 0
    while at < len(text):
        for size in range(min(MAX_WORD, len(text) - at), 0, -1):
            word = text[at:at + size]
            kind = classes.class_of(word) if "\0" not in word else None
            if kind or size == 1:
                if kind == "v":
                    return True
                at += size
                break
    return False


def _class_beside(text: str, outward: int, classes, model) -> str | None:
    """The class of the word beside a slot: `text` is what stands on one side, read outward (`outward` -1:
    the word ends at text's end; 1: it starts at text's start); NUL marks a character not settled."""
    from kb.read.langmodel import neighbour_class
    from kb.read.wordclass import MAX_WORD

    text = text.rstrip(_TRANSPARENT) if outward < 0 else text.lstrip(_TRANSPARENT)
    edge = text[-1:] if outward < 0 else text[:1]
    if not edge or edge == "\0":
        return None
    if edge.isascii():
        return "m" if edge.isdigit() else "n" if edge.isalpha() else classes.class_of(neighbour_class(edge))
    for size in range(min(MAX_WORD, len(text)), 0, -1):
        word = text[-size:] if outward < 0 else text[:size]
        kind = classes.class_of(word) if "\0" not in word else None
        if kind:
            return "d" if outward > 0 and _adverbial(text[size:], model.chinese) else kind
    return None


def _word_context(line: list[Slot], model, known: list[str | None] | None = None):
    """Grammar around a dictionary word in a stretch of damaged characters: the classes of the words
    beside it against those the tagged text shows beside that word (`WordClasses.around`). A lost byte
    turns 连接 into 迎来, commoner in the news the unigram counts come from; but 迎来 stands before 了 or a
    noun, never before 的. Words the tagged text shows too rarely (most technical terms) score 0."""
    from kb.read.wordclass import CLAUSE_ENDS, shared_word_classes

    classes = shared_word_classes()
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))
    left = cache(lambda start: _class_beside(fixed[:start], -1, classes, model))
    right = cache(lambda end: _class_beside(fixed[end:], 1, classes, model))

    rated = classes.rated
    final = _clause_final_words()

    def score(start: int, end: int, word: str) -> float:
        total = 0.0
        if word in final and end < len(fixed) and fixed[end] not in CLAUSE_ENDS and fixed[end] != "\0":
            total += CLAUSE_FINAL_MISFIT_LOGP
        if rated(word):
            total += WORD_CONTEXT_WEIGHT * classes.around(word, left(start), right(end))
        return total

    return score


@cache
def _postpositions() -> frozenset[str]:
    """The one-character postpositions that end a prepositional phrase (kb/read/data/frames_zh.toml)."""
    from kb.read.langmodel import data_table

    return frozenset(data_table("frames_zh.toml")["postpositions"])


@cache
def _clause_final_words() -> frozenset[str]:
    """Words that end the clause they close (的话, kb/read/data/frames_zh.toml)."""
    from kb.read.langmodel import data_table

    return frozenset(data_table("frames_zh.toml")["clause_final"])


@cache
def _frame_closers() -> dict[str, tuple[str, ...]]:
    """Per opening character, the words that close its frame later in the clause (kb/read/data/frames_zh.toml)."""
    from kb.read.langmodel import data_table

    table = data_table("frames_zh.toml")["closers"]
    return {opener: tuple(words) for opener, words in sorted(table.items())}


def _closing_frames(line: list[Slot], model, known: list[str | None] | None = None):
    """A damaged slot's candidate that opens a frame closed later in its clause (与 … 相比, 把 … 除以) scores
    CLOSING_FRAME_LOGP, in whatever token it stands (与仅含 … 等价 was read as 不仅 … 等价), unless a
    preposition earlier in the clause opened a frame the slot may close (在 … 中 … 相乘). The words around
    it are read from intact characters and, where given, the first pass's choices."""
    from kb.read.wordclass import CLAUSE_ENDS, shared_word_classes

    classes = shared_word_classes()
    closers = _frame_closers()
    settled = known or [None] * len(line)
    fixed = "".join((settled[at] or "\0") if slot.damaged else slot.chars[0] for at, slot in enumerate(line))

    @cache
    def clause_after(at: int) -> str:
        end = at + 1
        while end < len(fixed) and fixed[end] not in CLAUSE_ENDS:
            end += 1
        return fixed[at + 2:end]   # one character at least between: 不同, 不一样 are words of their own

    @cache
    def closed(at: int, char: str) -> bool:
        rest = clause_after(at)
        if not any(word in rest for word in closers[char]):
            return False
        found = _opener_at(fixed, at, classes, model)
        # A verb after the preposition's noun phrase (在正半轴具有 _, 对每个类别计算 _) ended its frame: the slot
        # cannot close it (FRAME_ENDED_BY_VERB).
        return found is None or bool(FRAME_ENDED_BY_VERB and _holds_verb(fixed[found[1]:at], classes))

    def score(at: int, char: str) -> float:
        return CLOSING_FRAME_LOGP if char in closers and closed(at, char) else 0.0

    return score


def _adverbial(rest: str, words) -> bool:
    """Whether the word before `rest` is marked adverbial by the particle 地 (隐式地, 逐层地): its class
    there is an adverb's, whatever it is alone (地 that starts a common word, as in 地图 or 地方, marks
    nothing: a word at least INSIDE_SHARE as common as 地 itself)."""
    if rest[:1] != ADVERBIAL_PARTICLE:
        return False
    return (words.freq.get(rest[:2]) or 0) < INSIDE_SHARE * (words.freq.get(ADVERBIAL_PARTICLE) or 1)


ADVERBIAL_PARTICLE = "地"
# What is looked through for the word beside a character: spaces, Markdown's inline marks (`DSP` 与 `TPU`)
# and the dollars of inline math, whose symbol stands as a noun does ($R$ 与 $T$).
_TRANSPARENT = " `*_~$"


def _inside_word(fixed: str, start: int, end: int, words) -> bool:
    """Whether fixed[start:end] more likely belongs to a longer word around it (存在, 对应, and 自 in
    自注意力, a lexicon term): the longer word is at least INSIDE_SHARE as common as the shorter alone."""
    from kb.read.wordclass import MAX_WORD

    alone = words.freq.get(fixed[start:end]) or 1
    return any((words.freq.get(fixed[first:first + size]) or 0) >= INSIDE_SHARE * alone
               for size in range(end - start + 1, MAX_WORD + 1)
               for first in range(max(end - size, 0), start + 1)
               if first + size <= len(fixed) and "\0" not in fixed[first:first + size])


def _pair_joint(model):
    """The score of two neighbouring damaged slots holding `first` and `second`."""
    from kb.read.langmodel import adjacent_marks_logp, is_cjk, neighbour_class

    from kb.read.wordclass import shared_word_classes

    text = model.text_pairs
    function = shared_word_classes().scored

    def score(first: str, second: str) -> float:
        if not (is_cjk(first) or is_cjk(second)):
            return adjacent_marks_logp(first, second)
        association = text.association(neighbour_class(first), neighbour_class(second))
        if JOINT_FUNCTION_FLOOR and (function(first) or function(second)):
            association = max(association, TEXT_PAIR_FLOOR)
        return TEXT_PAIR_WEIGHT * association

    return score


class _DocumentPairs:
    """Adjacent character pairs holding a restored character, over the first pass's certain repairs."""

    def __init__(self, lines: list[list[Slot]], decided: list[list[Choice]], model, restored_cache: bool = True) -> None:
        from kb.read.langmodel import is_cjk

        self.restored_cache = restored_cache
        self.counts: Counter[str] = Counter()
        self.chars: Counter[str] = Counter()
        self.intact: Counter[str] = Counter()
        for line, choices in zip(lines, decided):
            for pair in self._certain_pairs(line, choices):
                self.counts[pair] += 1
            self.chars.update(choice.char for slot, choice in zip(line, choices)
                              if slot.damaged and choice.margin >= CACHE_MARGIN and is_cjk(choice.char))
            if INTACT_PAIR_WEIGHT:
                self.intact.update(first.chars[0] + second.chars[0] for first, second in zip(line, line[1:])
                                   if not (first.damaged or second.damaged)
                                   and is_cjk(first.chars[0]) and is_cjk(second.chars[0]))
        self.intact_chars = Counter(slot.chars[0] for line in lines for slot in line
                                    if not slot.damaged and is_cjk(slot.chars[0])) if INTACT_PAIR_WEIGHT else Counter()
        self.intact_total = sum(self.intact_chars.values())
        # How often each intact character stands first (0) and second (1) in those pairs.
        self.intact_sides: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        for pair, count in self.intact.items():
            self.intact_sides[0][pair[0]] += count
            self.intact_sides[1][pair[1]] += count
        self.text = model.text_pairs
        self.cached = sum(self.chars.values())
        # The general model's share of each character among everything the damaged slots could hold.
        possible = {char for line in lines for slot in line if slot.damaged for char in slot.chars if is_cjk(char)}
        weights = {char: exp(model.char_logp(char)) for char in sorted(possible)}   # a sum in a fixed order
        total = sum(weights.values()) or 1.0
        self.general = {char: weight / total for char, weight in weights.items()}

    @staticmethod
    def _certain_pairs(line: list[Slot], choices: list[Choice]):
        from kb.read.langmodel import is_cjk

        for at in range(len(line) - 1):
            involved = (line[at], line[at + 1])
            pair = choices[at].char + choices[at + 1].char
            if (any(slot.damaged for slot in involved) and all(map(is_cjk, pair))
                    and all(choice.margin >= CACHE_MARGIN for slot, choice in zip(involved, choices[at:at + 2]) if slot.damaged)):
                yield pair

    def _char_adaptation(self, char: str, own: bool) -> float:
        """log of (1 - w) + w * P_document(char) / P_general(char): above zero where the author uses a
        character more than the general model expects among the restored characters, below where less."""
        seen = self.chars[char] - own
        general = self.general.get(char)
        if not general or not self.cached:
            return 0.0
        return log((1 - CACHE_SHARE) + CACHE_SHARE * (max(seen, 0) / self.cached) / general)

    def _intact_char_adaptation(self, char: str) -> float:
        """log of (1 - w) + w * P_intact(char) / P_general(char), less log(1 - w): the author's use of the
        character where the damage left it whole, 0 for a character never seen whole (so for every candidate
        of a single-byte code page, which never leaves a candidate whole)."""
        general = self.general.get(char)
        if not self.intact_total or not general:
            return 0.0
        share = self.intact_chars[char] / self.intact_total
        return INTACT_PAIR_WEIGHT * log1p(CACHE_SHARE / (1 - CACHE_SHARE) * share / general)

    def _intact_adaptation(self, neighbour: str, char: str, side: int) -> float:
        """log of (1 - w) + w * P_intact(char | neighbour) / P_text(char | neighbour), less log(1 - w): above
        zero where the document's intact text puts `char` beside `neighbour` (on `side`: 0 after it, 1 before
        it), the more the rarer running text does; 0 where it never does."""
        seen = self.intact_sides[side][neighbour]
        if not seen or not INTACT_PAIR_WEIGHT:
            return 0.0
        pair = neighbour + char if side == 0 else char + neighbour
        document = self.intact[pair] / (seen + 1)
        general = self.text.conditional(neighbour, char, side)
        if not general:
            return 0.0
        return INTACT_PAIR_WEIGHT * log1p(CACHE_SHARE / (1 - CACHE_SHARE) * document / general)

    def unary(self, line: list[Slot], known: list[str | None]) -> Callable[[int, str], float]:
        """The score of a character in a damaged slot of `line` (`known`: the first pass's confident choices)."""
        beside = cache(lambda at: _neighbours(line, known, at))
        counts = self.counts

        def score(at: int, char: str) -> float:
            before, after = beside(at)
            own = known[at] == char   # this slot's own certain first-pass pairs are in the counts
            total = self._intact_char_adaptation(char)
            if self.restored_cache:
                total += CHAR_CACHE_WEIGHT * self._char_adaptation(char, own)
            if before:
                total += log1p(max(counts[before + char] - own, 0)) + self._intact_adaptation(before, char, 0)
            if after:
                total += log1p(max(counts[char + after] - own, 0)) + self._intact_adaptation(after, char, 1)
            return CACHE_WEIGHT * total

        return score
