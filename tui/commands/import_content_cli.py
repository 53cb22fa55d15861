"""``import-content-cli``: turn content-cli profiles into connections."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui import exit_codes
from tui.commands.base import Command, fail

if TYPE_CHECKING:
    from tui.commands.base import Subcommands
    from tui.content_cli import FoundProfile
    from tui.context import AppContext


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "import-content-cli", help="store content-cli profiles as connections"
    )
    parser.add_argument(
        "--dir", help="profile folder (default ~/.celonis-content-cli-profiles)"
    )
    parser.add_argument("profiles", nargs="*", help="profiles to import (default: ask)")
    parser.add_argument(
        "--all", action="store_true", help="import every usable profile"
    )
    parser.add_argument(
        "--move-secrets",
        action="store_true",
        help="store plain-text secrets in the keyring without asking",
    )


def command_import(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    from tui.content_cli import find_profiles

    folder = Path(args.dir).expanduser() if args.dir else None
    profiles = find_profiles(folder)
    if not profiles:
        where = folder or "~/.celonis-content-cli-profiles"
        return fail(f"no content-cli profiles found in {where}", exit_codes.FAILED)
    for profile in profiles:
        print(_describe(profile), file=out)
    chosen = _choose(profiles, args, out)
    if chosen is None:
        return exit_codes.USAGE
    failures = 0
    for profile in chosen:
        failures += 0 if _import_one(context, profile, args, out) else 1
    return exit_codes.OK if failures == 0 else exit_codes.FAILED


def _describe(profile: FoundProfile) -> str:
    if not profile.importable:
        return f"- {profile.name}: cannot import ({profile.problem})"
    return (
        f"- {profile.name}: {profile.team_url}, client {profile.client_id}, "
        f"{profile.auth_method.label}, {len(profile.scopes)} scopes, "
        f"{profile.secret_note()}"
    )


def _choose(
    profiles: list[FoundProfile], args: argparse.Namespace, out: TextIO
) -> list[FoundProfile] | None:
    usable = [p for p in profiles if p.importable]
    if args.all:
        return usable
    if args.profiles:
        by_name = {p.name: p for p in usable}
        unknown = [name for name in args.profiles if name not in by_name]
        if unknown:
            fail(f"not an importable profile: {', '.join(unknown)}", exit_codes.USAGE)
            return None
        return [by_name[name] for name in args.profiles]
    if not sys.stdin.isatty():
        fail("name the profiles to import, or pass --all", exit_codes.USAGE)
        return None
    answer = input("Profiles to import (names separated by spaces, or 'all'): ")
    if answer.strip() == "all":
        return usable
    wanted = answer.split()
    return [p for p in usable if p.name in wanted]


def _import_one(
    context: AppContext, profile: FoundProfile, args: argparse.Namespace, out: TextIO
) -> bool:
    from tui.connection import Connection
    from tui.connection_store import StoreError
    from tui.secret_input import SecretInputError, clean_secret
    from tui.secret_store import SecretStoreError

    if context.service.get(profile.connection_name) is not None:
        print(f"skipped {profile.name}: a connection with that name exists", file=out)
        return False
    try:
        connection = Connection(
            name=profile.connection_name,
            team_url=profile.team_url,
            client_id=profile.client_id,
            auth_method=profile.auth_method,
            scopes=list(profile.scopes),
        )
    except ValueError as error:
        print(f"not imported {profile.name}: {error}", file=out)
        return False
    secret = None
    if _may_move(profile, args) and profile.plaintext_secret is not None:
        try:
            secret = clean_secret(profile.plaintext_secret.reveal()).secret
        except SecretInputError as error:
            print(f"not imported {profile.name}: {error}", file=out)
            return False
    try:
        stored = context.service.save(connection, secret)
    except (SecretStoreError, StoreError) as error:
        print(f"not imported {profile.name}: {error}", file=out)
        return False
    print(
        f"imported {profile.name} as {stored.name}; secret: "
        f"{stored.secret_location.label}",
        file=out,
    )
    if secret is not None:
        print(
            f"  left behind: the plain-text secret is still in {profile.path}; "
            "remove it there (content-cli profile secure, or delete the file)",
            file=out,
        )
    elif profile.plaintext_secret:
        print(f"  the secret was not moved; it stays in {profile.path}", file=out)
    return True


def _may_move(profile: FoundProfile, args: argparse.Namespace) -> bool:
    if not profile.plaintext_secret:
        return False
    if args.move_secrets:
        return True
    if not sys.stdin.isatty():
        return False
    answer = input(
        f"Store the plain-text secret of {profile.name} in the keyring? [y/N] "
    )
    return answer.strip().lower() in ("y", "yes")


COMMANDS: dict[str, Command] = {"import-content-cli": command_import}
