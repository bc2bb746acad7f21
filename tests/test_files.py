"""The one private writer: 0600, atomic, never through a link nor over a non-regular file."""

from __future__ import annotations

import os
import stat

import pytest

from csm_desk import files
from csm_desk.errors import CsmDeskError
from csm_desk.files import FileWriteError, write_private


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_is_created_0600(tmp_path):
    target = tmp_path / "plan.md"
    assert write_private(target, "ünïcode\n") == target
    assert target.read_bytes() == "ünïcode\n".encode()
    assert _mode(target) == 0o600
    assert _leftovers(tmp_path) == []


def test_bytes_are_written_as_they_are(tmp_path):
    target = tmp_path / "f.ics"
    write_private(target, b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"


def test_the_mode_is_0600_whatever_the_umask(tmp_path):
    old = os.umask(0o277)
    try:
        write_private(tmp_path / "x.txt", "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "x.txt") == 0o600


def test_a_regular_file_is_replaced_and_made_private(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("old and longer content " * 20)
    target.chmod(0o644)
    write_private(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == 0o600
    assert _leftovers(tmp_path) == []


def test_the_path_gets_a_new_file_rather_than_rewriting_the_old_one(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("old")
    keep = target.open()  # a reader that opened the old file keeps reading the old file
    try:
        write_private(target, "new")
        assert keep.read() == "old"
    finally:
        keep.close()
    assert target.read_text() == "new"


def test_a_home_relative_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert write_private("~/plan.md", "x") == tmp_path / "plan.md"
    assert (tmp_path / "plan.md").read_text() == "x"


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    with pytest.raises(FileWriteError) as info:
        write_private(link, "overwrite")
    message = str(info.value)
    assert str(link) in message and "symbolic link" in message and "\n" not in message
    assert victim.read_text() == "keep me" and _mode(victim) == 0o644
    assert link.is_symlink()
    assert _leftovers(tmp_path) == []


def test_a_dangling_symlink_is_refused_and_nothing_is_created(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(FileWriteError, match="symbolic link"):
        write_private(link, "x")
    assert not (tmp_path / "nowhere.txt").exists()


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(FileWriteError, match="is a folder") as info:
        write_private(folder, "x")
    assert str(folder) in str(info.value)
    assert list(folder.iterdir()) == [] and _leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileWriteError, match="not a regular file") as info:
        write_private(fifo, "x")  # would block forever if it opened the FIFO
    assert str(fifo) in str(info.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


def test_a_device_is_refused():
    with pytest.raises(FileWriteError, match="not a regular file"):
        write_private("/dev/null", "x")


def test_a_missing_folder_is_one_line_naming_the_path(tmp_path):
    target = tmp_path / "missing" / "plan.md"
    with pytest.raises(FileWriteError) as info:
        write_private(target, "x")
    assert str(info.value) == f"{target}: cannot write the file (No such file or directory)"
    assert isinstance(info.value, CsmDeskError) and info.value.exit_code == 1


def test_no_temp_file_is_left_after_a_failed_write(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "plan.md"
    target.write_text("old")
    with pytest.raises(FileWriteError, match="No space left on device"):
        write_private(target, "new")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_no_temp_file_is_left_when_the_rename_fails(tmp_path, monkeypatch):
    def refused(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(FileWriteError, match="Permission denied"):
        write_private(tmp_path / "plan.md", "new")
    assert list(tmp_path.iterdir()) == []


def test_no_temp_file_is_left_after_an_interrupt(tmp_path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_private(tmp_path / "plan.md", "new")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(FileWriteError, match="Permission denied"):
            write_private(locked / "plan.md", "x")
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []
