"""The error base of csm-desk: a one-line message for the person at the keyboard and the
exit code the command line leaves with."""

from __future__ import annotations


class CsmDeskError(Exception):
    """A failure the user can fix; ``str()`` is one line, ``exit_code`` what ``csm-desk`` returns."""

    exit_code: int = 1


class UsageError(CsmDeskError):
    """A bad option value."""

    exit_code = 2


class ConfigError(CsmDeskError):
    """A config file that cannot be used; the message names file, key and what is allowed."""

    exit_code = 2


class CommandError(CsmDeskError):
    """A command that failed for a reason the user can fix, with its own exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def failure_message(exc: BaseException) -> str:
    """One line for the person at the keyboard: our own errors say it themselves; anything
    else is named with its type, so it can be reported."""
    if isinstance(exc, CsmDeskError):
        return str(exc)
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def note(message: str) -> None:
    """One line on stderr about something skipped that the command could do without."""
    import sys

    print(f"csm-desk: note: {message}", file=sys.stderr)
