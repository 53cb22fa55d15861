"""Keys: help for every screen, remapping by id, the palette, and no mangled keys."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

import screens
from tests.pilot_helpers import screen_text, settle
from tui.app import CelonisConnectApp
from tui.connections_file import ConnectionsFile, dump_connections_file
from tui.context import AppContext

MANGLED = {"ctrl+h", "ctrl+i", "ctrl+m", "ctrl+left_square_bracket"}


def all_screen_classes() -> list[type[Screen[object]]]:
    found: list[type[Screen[object]]] = []
    for module_info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"screens.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found.append(value)
    return found


def all_bindings() -> list[tuple[str, Binding]]:
    owners: list[type[object]] = [CelonisConnectApp, *all_screen_classes()]
    pairs = []
    for owner in owners:
        for binding in owner.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), owner
            pairs.append((owner.__name__, binding))
    return pairs


def test_every_binding_has_a_kebab_case_id() -> None:
    missing = [
        (owner, b.key)
        for owner, b in all_bindings()
        if not b.id or b.id != b.id.lower()
    ]
    assert missing == []


def test_ids_are_unique_so_remapping_is_unambiguous() -> None:
    ids = [b.id for _, b in all_bindings()]
    assert len(ids) == len(set(ids))


def test_no_binding_uses_keys_that_terminals_mangle() -> None:
    used = {
        key.strip() for _, binding in all_bindings() for key in binding.key.split(",")
    }
    assert used & MANGLED == set()
    assert not {key for key in used if "+enter" in key}


def test_every_screen_explains_itself() -> None:
    silent = [
        cls.__name__
        for cls in all_screen_classes()
        if not cls.__name__.endswith(("Dialog", "HelpScreen")) and not cls.HELP
    ]
    assert silent == []


async def test_question_mark_shows_the_keys_of_the_screen(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

        shown = screen_text(pilot)
        assert "Help: Connections" in shown
        assert "connection-add" in shown and "connection-test" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Connections"


async def test_keys_are_remapped_by_id_from_the_config_file(
    sandbox_context: AppContext,
) -> None:
    store = sandbox_context.service.store
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(
        dump_connections_file(ConnectionsFile(keys={"connection-add": "n"}))
    )
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = [str(key.render()) for key in app.screen.query("FooterKey")]
        assert any("n" in text and "Add" in text for text in footer), footer
        assert not any(text.strip().startswith("a ") for text in footer), footer
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.title == "Connections"

        await pilot.press("n")
        await settle(pilot)
        assert app.screen.title == "Add connection"


async def test_the_palette_offers_the_screens_actions(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]

        assert {"Add", "Test", "Delete", "Help"} <= set(titles)
        assert app.screen.query_one(DataTable) is not None


async def test_f2_shows_the_info_screen_with_paths(sandbox_context: AppContext) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

        shown = screen_text(pilot)
        assert app.screen.title == "Info"
        assert str(sandbox_context.paths.config_file) in shown
        assert "textual" in shown
        assert str(sandbox_context.sandbox_url) in shown
