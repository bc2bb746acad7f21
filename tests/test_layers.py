"""The layers hold: who may import whom, read from the source, and what a command loads."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

import csm_desk

PACKAGE = Path(csm_desk.__file__).parent
UI = ("textual", "csm_desk.app", "csm_desk.screens", "csm_desk.widgets")


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _imports(path: Path, *, top_level_only: bool = False) -> list[str]:
    """Every module ``path`` imports (relative imports resolved); top-level statements only if asked."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                found.append(".".join((*package, node.module or "")).rstrip("."))
            else:
                found.append(node.module or "")
    return found


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _offences(folder: str, banned: tuple[str, ...], *, top_level_only: bool = False) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(folder)
        for name in _imports(path, top_level_only=top_level_only)
        if _under(name, banned)
    ]


def test_domain_imports_only_domain_and_the_standard_library():
    ours_elsewhere = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules("domain")
        for name in _imports(path)
        if _under(name, ("csm_desk",)) and not _under(name, ("csm_desk.domain",))
    ]
    assert ours_elsewhere == []
    assert _offences("domain", ("textual", "sqlalchemy", "sqlmodel", "rich")) == []


def test_render_imports_no_textual_at_module_level_and_no_commands():
    assert _offences("render", ("textual",), top_level_only=True) == []
    assert _offences("render", ("csm_desk.commands", "csm_desk.cli")) == []


def test_commands_import_no_ui():
    assert _offences("commands", UI) == []


def test_only_main_imports_the_cli():
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__main__.py"
        for name in _imports(path)
        if _under(name, ("csm_desk.cli",))
    ]
    assert offences == []


def test_every_subcommand_has_its_module():
    from csm_desk.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in sub.choices.items():
        module = parser.get_default("command_module")
        assert (PACKAGE / "commands" / f"{module}.py").exists(), name
        source = (PACKAGE / "commands" / f"{module}.py").read_text(encoding="utf-8")
        assert f"def run_{name}(" in source, name


@pytest.mark.parametrize("package", ["commands", "render"])
def test_loading_every_module_leaves_textual_out(package):
    names = [f"csm_desk.{package}.{p.stem}" for p in _modules(package) if p.stem != "__init__"]
    code = (
        f"import importlib, sys; [importlib.import_module(n) for n in {names!r}]; "
        "import csm_desk.cli; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
