"""Built-in presets: Salesforce and HubSpot exports read without a mapping file.

Each preset is a mapping file in ``presets/``; a file whose header is not the
native one is read with the preset whose columns fit it best.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from csm_desk.importing.mapping import FileMap, Mapping, best_fit, load_mapping

PRESETS = ("salesforce", "hubspot")


@cache
def preset_mappings() -> tuple[Mapping, ...]:
    folder = resources.files("csm_desk.importing") / "presets"
    return tuple(load_mapping(str(folder / f"{name}.toml")) for name in PRESETS)


def preset_for(header: list[str]) -> tuple[Mapping, FileMap] | None:
    """The preset (and its file table) whose columns fit this header best; None when none does."""
    best, best_count = None, 0
    for mapping in preset_mappings():
        filemap = best_fit(mapping.files, header)
        if filemap is None:
            continue
        found = _found(filemap, header)
        if found > best_count:
            best, best_count = (mapping, filemap), found
    return best


def _found(filemap: FileMap, header: list[str]) -> int:
    from csm_desk.importing.convert import header_key

    keys = {header_key(h) for h in header}
    return sum(any(header_key(n) in keys for n in names) for names in filemap.columns.values())
