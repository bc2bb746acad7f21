"""Built-in presets: vendors' exports read without a mapping file.

Each preset is a mapping file in ``presets/``; a file whose header is not the native one is read
with the preset whose columns fit it best, or with the one ``--preset NAME`` names.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from csm_desk.importing.convert import header_key
from csm_desk.importing.mapping import FileMap, Mapping, found_fields, load_mapping

PRESETS = (
    "salesforce",
    "hubspot",
    "pipedrive",
    "rdstation",
    "zendesk",
    "freshdesk",
    "movidesk",
    "stripe",
    "asaas",
)
"""Detected from a header, in this order when two fit as well (``ravenstack`` is an example mapping,
named with --preset only)."""
NAMED_ONLY = ("ravenstack",)


@cache
def preset_mappings() -> tuple[Mapping, ...]:
    return tuple(_load(name) for name in PRESETS)


@cache
def _load(name: str) -> Mapping:
    folder = resources.files("csm_desk.importing") / "presets"
    return load_mapping(str(folder / f"{name}.toml"))


def preset_names() -> tuple[str, ...]:
    return PRESETS + NAMED_ONLY


def preset_named(name: str) -> Mapping | None:
    """The preset ``--preset`` names (case and ``-``/``_`` ignored), or None."""
    wanted = header_key(name)
    for known in preset_names():
        if header_key(known) == wanted:
            return _load(known)
    return None


def preset_for(header: list[str]) -> tuple[Mapping, list[FileMap]] | None:
    """The preset (and its tables) whose columns fit this header best; None when none does."""
    keys = {header_key(h) for h in header}
    best, best_count = None, 0
    for mapping in preset_mappings():
        tables = mapping.fitting(header)
        if not tables:
            continue
        found = sum(len(found_fields(f, keys)) for f in tables)
        if found >= 2 and found > best_count:  # one column (a "Name") says too little
            best, best_count = (mapping, tables), found
    return best
