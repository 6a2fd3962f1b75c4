"""Writing files so that a crash never leaves half of one behind, and two writers never
lose each other's update."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputFileError

#: how long a command waits for another one updating the same file (seconds)
LOCK_TIMEOUT = 60.0


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text to a temporary file beside ``path``, then rename it into place.

    The rename is atomic on POSIX and Windows, so readers see the old file or the new one,
    never a mix; the temporary file is removed if anything fails.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def updating(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the file's update lock: for a read-modify-write of ``path`` (read it, change it,
    :func:`write_atomic` it) inside the ``with``. Another process updating the same file
    waits until this one has written (up to ``timeout`` seconds, then an
    :class:`InputFileError` says so), and so reads the file with this update in it: eight
    concurrent ``plbib add`` keep eight papers. The lock is a file beside ``path``
    (``.NAME.lock``), locked with the operating system's file locks, which a process that
    dies releases."""
    from filelock import FileLock, Timeout  # here: 20 ms of imports only a writer needs

    target = Path(path)
    lock = FileLock(target.with_name(f".{target.name}.lock"), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise InputFileError(
            f"another plbib has been updating this file for {timeout:g} s", file=str(target),
            hint="try again when it has finished") from None
    except OSError as exc:
        raise InputFileError(f"cannot lock the file for an update: {exc.strerror or exc}",
                             file=str(target),
                             hint="the directory must be writable") from None
    try:
        yield
    finally:
        lock.release()
