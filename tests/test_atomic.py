from kb.atomic import replace_dir_atomic, write_bytes_atomic


def test_write_bytes_atomic_replaces_content_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a" / "cards.json"
    write_bytes_atomic(target, b"old")
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["cards.json"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_replace_dir_atomic_swaps_whole_folders_and_cleans_old_versions(tmp_path):
    for content in ("one", "two", "three"):
        built = tmp_path / f"build-{content}"
        built.mkdir()
        (built / "index.html").write_text(content)
        replace_dir_atomic(built, tmp_path / "site")
        assert (tmp_path / "site" / "index.html").read_text() == content
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "site")
    assert len(leftovers) == 1 and leftovers[0].startswith(".site.")


def test_replace_dir_atomic_takes_over_a_real_folder(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("x")
    built = tmp_path / "b"
    built.mkdir()
    (built / "index.html").write_text("new")
    replace_dir_atomic(built, tmp_path / "site")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html"]


def test_replace_dir_atomic_names_versions_as_told_and_rebuilding_the_same_version_keeps_it(tmp_path):
    for content, version in (("one", "v1"), ("two", "v2"), ("two", "v2"), ("one", "v1")):
        built = tmp_path / f"build-{content}"
        built.mkdir()
        (built / "index.html").write_text(content)
        replace_dir_atomic(built, tmp_path / "site", version=version)
        assert (tmp_path / "site" / "index.html").read_text() == content
        assert sorted(p.name for p in tmp_path.iterdir()) == [f".site.{version}", "site"]


def test_what_a_killed_writer_left_is_removed_and_a_running_writers_is_kept(tmp_path):
    import os
    import subprocess
    import sys

    from kb.atomic import make_temp_dir, remove_stale_temps, temp_prefix

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # a process that has exited: what it was writing is nobody's now
    (tmp_path / f".kbtmp-{dead_pid}-site.x1").mkdir()
    (tmp_path / f".kbtmp-{dead_pid}-site.x1" / "index.html").write_text("half a site")
    (tmp_path / f".kbtmp-{dead_pid}-cards.json.x2.tmp").write_text("half a file")
    mine = make_temp_dir(tmp_path, "site")  # this process is running: its folder stays
    (tmp_path / f"{temp_prefix('kb.apkg')}x3.tmp").write_text("being written")
    (tmp_path / ".site.0123abcd").mkdir()  # not a temporary name: a kept site version
    (tmp_path / "cards.json").write_text("[]")
    remove_stale_temps(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, f".kbtmp-{os.getpid()}-kb.apkg.x3.tmp", ".site.0123abcd", "cards.json"])


def test_an_output_is_synced_to_disk_and_a_cache_entry_only_when_a_cut_copy_could_still_read(tmp_path, monkeypatch):
    import os

    from kb.cache import JsonCache

    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_bytes_atomic(tmp_path / "cards.json", b"[]")
    assert len(synced) == 1
    cache = JsonCache(tmp_path / "cache")
    cache.put("ab12", {"cards": [1, 2]})
    cache.put("cd34", [1, 2])
    assert len(synced) == 1  # a cut object or list is no JSON: it reads as a miss
    assert cache.get("ab12") == {"cards": [1, 2]} and cache.get("cd34") == [1, 2]
    cache.put("ef56", 3.25)
    assert len(synced) == 2 and cache.get("ef56") == 3.25
