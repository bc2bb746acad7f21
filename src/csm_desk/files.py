"""The one writer of files for the user (plans, exports, calendars, the demo marker): private
(0600), atomic, never through a symbolic link nor over anything but a regular file."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from csm_desk.errors import CsmDeskError

PRIVATE = 0o600
# O_NOFOLLOW is POSIX; where it is missing O_EXCL alone still refuses an existing link.
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_TEMP_TRIES = 100


class FileWriteError(CsmDeskError):
    """The file cannot be written; the message names the path and why."""


def write_private(path: Path | str, data: str | bytes) -> Path:
    """Put ``data`` (text as UTF-8) at ``path``, readable by its owner only; return the path.

    The data goes to a new file in the same folder, reaches the disk, then takes the
    path's place in one rename: a reader sees the old file or the new one, never half.
    """
    path = Path(path).expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _refuse_unless_regular(path)
    fd, temp = _create_temp(path)
    try:
        with open(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        raise _cannot_write(path, exc) from None
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(path.parent)
    return path


def not_readable(path: Path | str) -> str | None:
    """Why ``path`` cannot be read as a file, or None. A pipe or a device (``/dev/zero``) given where a
    file is expected would be read forever: it is refused before it is opened."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe or a device); save it to a file and give that"
    return None


def _refuse_unless_regular(path: Path) -> None:
    """A link, folder, FIFO or device at ``path`` is the user's, not ours to replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if stat.S_ISLNK(mode):
        raise FileWriteError(f"{path}: is a symbolic link; not replacing it")
    if stat.S_ISDIR(mode):
        raise FileWriteError(f"{path}: is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise FileWriteError(f"{path}: is not a regular file; not replacing it")


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, empty 0600 file beside ``path`` (same folder, so the rename cannot cross disks)."""
    for _ in range(_TEMP_TRIES):
        temp = path.with_name(f".{path.name[:200]}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(temp, _TEMP_FLAGS, PRIVATE)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        try:
            os.fchmod(fd, PRIVATE)  # the umask may have taken bits away; the mode must be exactly 0600
        except OSError as exc:
            os.close(fd)
            _remove(temp)
            raise _cannot_write(path, exc) from None
        return fd, temp
    raise FileWriteError(f"{path}: cannot write the file (no free temporary name beside it)")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot sync a folder, and the data is already safe."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(temp: Path) -> None:
    with contextlib.suppress(OSError):  # the original error is the one worth reporting
        temp.unlink(missing_ok=True)


def _cannot_write(path: Path, exc: OSError) -> FileWriteError:
    return FileWriteError(f"{path}: cannot write the file ({exc.strerror or exc})")


@dataclass(frozen=True)
class NewFile:
    """A database file about to be created, and what creating it brings along (its folders, its journal
    files, its backups folder): removed again when the work that created it failed."""

    path: Path
    top: Path | None
    """the outermost folder that did not exist yet"""
    backups: bool
    """whether the backups folder beside it existed already"""

    @classmethod
    def before(cls, path: Path) -> NewFile:
        top, folder = None, path.parent
        while not folder.exists() and folder != folder.parent:
            top, folder = folder, folder.parent
        return cls(path, top, (path.parent / "backups").exists())

    def remove(self) -> None:
        if self.top is not None:
            shutil.rmtree(self.top, ignore_errors=True)
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        (self.path.parent / f".{self.path.name}.migrate.lock").unlink(missing_ok=True)
        if not self.backups:
            shutil.rmtree(self.path.parent / "backups", ignore_errors=True)
