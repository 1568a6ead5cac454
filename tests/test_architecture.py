"""The layers import one way only: core ← speech, storage ← ui. Core and storage never touch Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stretchcoach"
MAY_IMPORT = {
    "core": {"core"},
    "storage": {"core", "storage"},
    "speech": {"core", "speech"},
    "ui": {"core", "storage", "speech", "ui"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_the_layers_beneath_it(layer: str) -> None:
    wrong = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            parts = name.split(".")
            inner = parts[1] if parts[0] == "stretchcoach" and len(parts) > 1 else None
            if inner in MAY_IMPORT and inner not in MAY_IMPORT[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if parts[0] == "PySide6" and layer in ("core", "storage"):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


def test_importing_core_and_storage_loads_no_qt_at_all() -> None:
    modules = sorted(
        "stretchcoach." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for layer in ("core", "storage")
        for path in (PACKAGE / layer).glob("*.py")
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"


def test_the_command_line_needs_no_qt_for_routines_plan_and_validate() -> None:
    script = (
        "import sys\n"
        "from stretchcoach.cli import main\n"
        "main(['routines']); main(['plan', 'quick-relief'])\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert result.stdout.strip().endswith("QT []")
