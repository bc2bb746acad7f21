"""TOML as people save it: the standard parser, with a UTF-8 byte-order mark allowed (Notepad
writes one) and a file nested too deeply for the parser reported as invalid TOML, not a crash."""

from __future__ import annotations

import tomllib
from typing import Any


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``; every failure is a ``tomllib.TOMLDecodeError`` with a readable message."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply") from None
