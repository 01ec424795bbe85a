"""kb.read.compact: the language-model tables' read-only maps answer exactly as the dicts they replace, also
mapped from a file; and kb.read.langmodel.tables_cached builds a table in a child process, so the memory
building takes goes back, and maps the file it keeps."""
from __future__ import annotations

import os
import pickle
import random
import tracemalloc

import pytest

from kb.read.compact import MIN_ENTRIES, CompactMap, compacted, dump_mapped, load_mapped


def _words(count: int, seed: int = 0) -> list[str]:
    """Distinct keys of the kinds the tables hold: Chinese (one to four characters, some outside the BMP),
    Cyrillic and Latin words, and the empty string."""
    rng = random.Random(seed)
    alphabets = ["的一是不了人我在有他这中大来上个国", "\U00020000\U00020001\U0002a700", "абвгдежзиклмнопрст",
                 "abcdefghijklmnopqrstuvwxyz"]
    words = {""}
    while len(words) < count:
        letters = rng.choice(alphabets)
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(1, 6))))
    return sorted(words)


@pytest.mark.parametrize("value", [lambda i: i * 7919 - 5, lambda i: i / 3.0 - 100.5, lambda i: "nvadw的"[i % 6]])
def test_every_key_gives_its_value_and_type_and_nothing_else_is_found(value):
    words = _words(5000)
    table = {word: value(i) for i, word in enumerate(words)}
    kept = CompactMap(table)
    assert len(kept) == len(table)
    for word, expected in table.items():
        assert word in kept and kept[word] == expected and type(kept[word]) is type(expected)
        assert kept.get(word) == expected
    # what a lookup may ask that the table lacks: longer or shorter strings, a key's neighbours in the
    # layout glued together, the separator itself, and things that are no strings
    absent = [word + "x" for word in words[:500]] + [word[1:] + "的" for word in words[1:500]]
    absent += [words[1] + "\0" + words[2], "\0", "\0\0", None, 3, ("a",)]
    for probe in absent:
        if isinstance(probe, str) and probe in table:
            continue
        assert probe not in kept and kept.get(probe) is None and kept.get(probe, -1) == -1
        with pytest.raises(KeyError):
            kept[probe]


def test_iteration_gives_every_pair_once():
    table = {word: i for i, word in enumerate(_words(3000, seed=1))}
    kept = CompactMap(table)
    assert sorted(kept.items()) == sorted(table.items())
    assert sorted(kept) == sorted(table) and sorted(kept.keys()) == sorted(table)
    assert sorted(kept.values()) == sorted(table.values())


def test_a_pickled_map_answers_the_same_in_a_fraction_of_the_dicts_memory():
    table = {word: i * 1000003 for i, word in enumerate(_words(20000, seed=2))}
    as_dict = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    as_map = pickle.dumps(CompactMap(table), protocol=pickle.HIGHEST_PROTOCOL)
    kept = pickle.loads(as_map)
    assert all(kept[word] == value for word, value in table.items())
    assert _memory_of(lambda: pickle.loads(as_map)) < _memory_of(lambda: pickle.loads(as_dict)) / 3


def _memory_of(load) -> int:
    """Bytes that what `load` returns holds (as tracemalloc counts Python's allocations)."""
    tracemalloc.start()
    try:
        loaded = load()
        held = tracemalloc.get_traced_memory()[0]
        del loaded
        return held
    finally:
        tracemalloc.stop()


def test_only_large_tables_of_plain_values_are_compacted_inside_tuples():
    big_ints = {word: i for i, word in enumerate(_words(MIN_ENTRIES, seed=3))}
    mixed = {word: (i if i % 2 else "x") for i, word in enumerate(_words(MIN_ENTRIES, seed=4))}
    flags = {word: True for word in _words(MIN_ENTRIES, seed=5)}   # an array would give bools back as 1
    small = {"a": 1}
    done = compacted((big_ints, (mixed, flags), small, 2.5))
    assert isinstance(done[0], CompactMap) and dict(done[0].items()) == big_ints
    assert done[1][0] is mixed and done[1][1] is flags and done[2] is small and done[3] == 2.5
    with pytest.raises(ValueError):
        CompactMap({"a\0b": 1})


def _logged_build(log, table):
    """A table builder that notes, in a file, the process it ran in."""
    def build():
        with log.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return table
    return build


def test_a_table_is_built_once_per_machine_in_a_child_process_and_comes_back_compact(tmp_path, monkeypatch):
    from kb.read.langmodel import tables_cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    table = {word: i for i, word in enumerate(_words(MIN_ENTRIES, seed=6))}
    log = tmp_path / "builds.txt"
    first = tables_cached("test-words", _logged_build(log, (table, 2.5)))
    again = tables_cached("test-words", _logged_build(log, (table, 2.5)))
    builders = log.read_text().split()
    assert len(builders) == 1 and builders[0] != str(os.getpid())   # built once, and not here
    for kept in (first, again):
        assert isinstance(kept[0], CompactMap) and dict(kept[0].items()) == table and kept[1] == 2.5


def test_a_table_the_cache_cannot_keep_is_built_here(tmp_path, monkeypatch):
    from kb.read.langmodel import tables_cached

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    log = tmp_path / "builds.txt"
    assert tables_cached("test-words", _logged_build(log, {"a": 1})) == {"a": 1}
    assert str(os.getpid()) in log.read_text().split()


@pytest.mark.parametrize("value", [lambda i: i * 7919 - 5, lambda i: i / 3.0 - 100.5, lambda i: "nvadw的"[i % 6]])
def test_a_mapped_table_answers_as_the_dict_and_loading_it_reads_almost_nothing(tmp_path, value):
    table = {word: value(i) for i, word in enumerate(_words(20000, seed=7))}
    path = tmp_path / "words.tables"
    path.write_bytes(dump_mapped((compacted(table), 2.5, {"small": 1})))
    kept, number, small = load_mapped(path)
    assert number == 2.5 and small == {"small": 1} and len(kept) == len(table)
    assert all(kept[word] == expected and type(kept[word]) is type(expected) for word, expected in table.items())
    assert sorted(kept.items()) == sorted(table.items()) and "x\0y" not in kept and kept.get(3) is None
    # the keys and values stay in the file's pages (shared by every process that maps them), not copied in
    assert _memory_of(lambda: load_mapped(path)) < path.stat().st_size / 20
    again = pickle.loads(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))   # a mapped map pickles too
    assert dict(again.items()) == table


@pytest.mark.parametrize("damage", [lambda data: data[:len(data) // 2], lambda data: b"not a table" + data,
                                    lambda data: data[:20]])
def test_a_damaged_table_file_is_refused_and_built_again(tmp_path, monkeypatch, damage):
    from kb.read.langmodel import tables_cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    table = {word: i for i, word in enumerate(_words(MIN_ENTRIES, seed=8))}
    log = tmp_path / "builds.txt"
    tables_cached("test-words", _logged_build(log, (table, 1.5)))
    [kept] = (tmp_path / "cache" / "kb").glob("test-words-*.tables")
    with pytest.raises(ValueError):
        (tmp_path / "damaged").write_bytes(damage(kept.read_bytes()))
        load_mapped(tmp_path / "damaged")
    kept.write_bytes(damage(kept.read_bytes()))
    again = tables_cached("test-words", _logged_build(log, (table, 1.5)))
    assert dict(again[0].items()) == table and again[1] == 1.5 and len(log.read_text().split()) == 2


def test_building_a_table_removes_its_older_versions_only(tmp_path, monkeypatch):
    from kb.read.langmodel import tables_cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "kb"
    folder.mkdir(parents=True)
    older = [folder / "test-words-0123456789abcdef.tables", folder / "test-words-fedcba9876543210.pickle"]
    other = [folder / "test-words-backwards-0123456789abcdef.tables", folder / "test-wordsmith-0123456789abcdef.tables"]
    for path in older + other:
        path.write_bytes(b"kept by another version")
    tables_cached("test-words", lambda: {"a": 1})
    assert not any(path.exists() for path in older) and all(path.exists() for path in other)
