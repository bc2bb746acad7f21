"""The domain stays pure and the command line stays light (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys


def _modules_after(code: str) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def _offenders(modules: list[str], *prefixes: str) -> list[str]:
    return [m for m in modules if m.split(".")[0].startswith(prefixes)]


def test_domain_imports_no_ui_and_no_storage():
    modules = _modules_after(
        "import csm_desk.domain.signals, csm_desk.domain.triage, csm_desk.domain.cadence, "
        "csm_desk.domain.vocab, csm_desk.domain.facts"
    )
    assert "csm_desk.domain.triage" in modules
    assert _offenders(modules, "textual", "sqlmodel", "sqlalchemy") == []


def test_cli_start_up_does_not_import_textual():
    modules = _modules_after("import csm_desk.cli")
    assert _offenders(modules, "textual") == []


def test_the_script_library_and_the_read_models_need_no_database():
    modules = _modules_after(
        "import csm_desk.scripts.loader, csm_desk.scripts.values, csm_desk.store.views, csm_desk.clock"
    )
    assert "csm_desk.scripts.values" in modules
    assert _offenders(modules, "textual", "sqlmodel", "sqlalchemy") == []
