"""The shape of the project: import contracts, and stylesheets that ship and load."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet

import styles

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_core_never_imports_textual_or_screens_except_the_app_module() -> None:
    offenders = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path == ROOT / "tui" / "app.py":
            continue
        drawn = top_level(imported_modules(path)) & {"textual", "screens", "rich"}
        if drawn:
            offenders[str(path.relative_to(ROOT))] = drawn
    assert offenders == {}


def test_sandbox_shares_no_code_with_the_app() -> None:
    offenders = {}
    for path in sorted((ROOT / "tui" / "sandbox").rglob("*.py")):
        app_modules = {
            name
            for name in imported_modules(path)
            if name.startswith(("tui.", "screens"))
            and not name.startswith("tui.sandbox")
        }
        if app_modules:
            offenders[path.name] = app_modules
    assert offenders == {}


def test_every_screen_module_has_its_own_stylesheet() -> None:
    sheets = {path.stem for path in styles.STYLES_DIR.glob("*.tcss")}
    for path in (ROOT / "screens").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "CSS_PATH" in text:
            assert f'stylesheet("{path.stem}")' in text, path.name
            assert path.stem in sheets, path.name


def test_every_stylesheet_parses() -> None:
    sheets = sorted(styles.STYLES_DIR.glob("*.tcss"))
    variables = App[None]().get_css_variables()
    assert len(sheets) >= 4
    for sheet in sheets:
        stylesheet = Stylesheet(variables=variables)
        stylesheet.read(sheet)
        stylesheet.parse()


@pytest.mark.slow
def test_the_wheel_carries_the_stylesheets_and_the_sandbox_seed(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("celonis_connect-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())

    shipped = {
        name for name in names if name.startswith("styles/") and name.endswith(".tcss")
    }
    expected = {f"styles/{p.name}" for p in styles.STYLES_DIR.glob("*.tcss")}
    assert shipped == expected
    assert "tui/sandbox/seed.json" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "celonis-connect = tui.cli:main"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
