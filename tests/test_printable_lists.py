"""Large lists skip the per-string check only when their bytes prove it needless.

A packages list is validated straight from its bytes. When those bytes are plain
ASCII without an escape sequence, no string in them can hold a control character
and the check of each string is skipped; anything else (an escape, DEL, a
non-ASCII character) takes the full check. Both paths are tried over a real socket.
"""

from __future__ import annotations

import json

import pytest

from tests.sandbox_admin import inject_fault
from tests.test_client import client_for
from tui.printable import PLACEHOLDER, json_text_is_printable

PACKAGES = "/package-manager/api/packages"


def package(name: str, key: str = "k") -> dict[str, object]:
    return {"id": f"id-{key}", "key": key, "name": name, "nodeType": "PACKAGE"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (b'[{"name": "Sales (EU) #1"}]', True),
        (b'[\n\t{"name": "a"},\r\n {"name": "b"}]', True),
        (b'[{"name": "a\\u001b]2;x\\u0007"}]', False),
        (b'[{"name": "a\\\\b"}]', False),
        (b'[{"name": "a\\"b"}]', False),
        (b'[{"name": "a\x7fb"}]', False),
        ('[{"name": "Bestellung prüfen"}]'.encode(), False),
    ],
)
def test_only_plain_ascii_without_escapes_counts_as_clean(
    raw: bytes, clean: bool
) -> None:
    assert json_text_is_printable(raw) is clean


async def test_hostile_names_in_a_large_list_are_made_printable(
    sandbox_url: str,
) -> None:
    hostile = [
        package("Sales\x1b]2;pwned\x07", "a"),
        package("Del\x7fname", "b"),
        package("abc\u202edef", "c"),
        package("Plain", "d"),
    ]
    assert not json_text_is_printable(json.dumps(hostile).encode())
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(
            sandbox_url, path=PACKAGES, kind="status", status=200, body=hostile
        )
        names = [node.name for node in await client.packages()]

    assert names == [
        f"Sales{PLACEHOLDER}]2;pwned{PLACEHOLDER}",
        f"Del{PLACEHOLDER}name",
        f"abc{PLACEHOLDER}def",
        "Plain",
    ]


async def test_a_clean_list_reads_the_same_with_the_check_skipped(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        nodes = await client.packages()
    assert nodes and all(node.name.isprintable() for node in nodes)
    assert "po_demo" in {node.key for node in nodes}
