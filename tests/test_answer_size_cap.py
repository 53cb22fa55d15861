"""An answer too large to be a Celonis API answer is refused early, never buffered.

The sandbox's `oversize` fault sends a body of a chosen size: announced by its
Content-Length, streamed without one, or gzipped so that the wire carries a few
kilobytes of what unpacks to many megabytes.
"""

from __future__ import annotations

import pytest

from tests.sandbox_admin import inject_fault
from tests.test_client import client_for
from tests.test_diagnosis import connection, run
from tui.checks import Outcome
from tui.diagnosis import ConnectionTest
from tui.errors import AnswerEncodingError, AnswerTooLargeError, FailureClass
from tui.secret import Secret

PACKAGES = "/package-manager/api/packages"
MEGABYTE = 1024 * 1024


@pytest.fixture
def two_megabyte_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.bounded_answer.MAX_ANSWER_BYTES", 2 * MEGABYTE)


async def test_an_announced_gigabyte_is_refused_before_a_byte_of_it_is_read(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=PACKAGES,
            kind="oversize",
            size=1024 * MEGABYTE,
            announce=True,
        )
        with pytest.raises(AnswerTooLargeError) as raised:
            await client.packages()

    error = raised.value
    assert error.url == f"{sandbox_url}{PACKAGES}"
    assert f"{sandbox_url}{PACKAGES} announced 1024 MB in one answer" in error.cause
    assert "at most 64 MB" in error.cause
    assert "Check the team URL" in error.fix
    assert error.failure_class is FailureClass.SERVER


@pytest.mark.usefixtures("two_megabyte_cap")
async def test_a_stream_without_a_length_is_cut_at_the_cap(sandbox_url: str) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(sandbox_url, path=PACKAGES, kind="oversize", size=3 * MEGABYTE)
        with pytest.raises(AnswerTooLargeError) as raised:
            await client.packages()
        assert "sent more than 2 MB" in raised.value.cause
        assert [space.name for space in await client.spaces()]


@pytest.mark.usefixtures("two_megabyte_cap")
async def test_a_small_gzip_that_unpacks_past_the_cap_is_refused(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(
            sandbox_url, path=PACKAGES, kind="oversize", size=500 * MEGABYTE, gzip=True
        )
        with pytest.raises(AnswerTooLargeError, match="sent more than 2 MB"):
            await client.packages()


@pytest.mark.usefixtures("two_megabyte_cap")
async def test_the_token_answer_is_capped_too(sandbox_url: str) -> None:
    inject_fault(sandbox_url, path="/oauth2/token", kind="oversize", size=3 * MEGABYTE)
    async with client_for(sandbox_url) as client:
        with pytest.raises(AnswerTooLargeError, match="oauth2/token sent more than"):
            await client.token()


@pytest.mark.usefixtures("two_megabyte_cap")
async def test_the_connection_test_names_the_step_and_the_cause(
    sandbox_url: str,
) -> None:
    inject_fault(
        sandbox_url, path=PACKAGES, kind="oversize", size=3 * MEGABYTE, times=None
    )
    test = ConnectionTest(
        connection(sandbox_url, "po-connector"), Secret("sandbox-po-secret")
    )

    results = await run(test)

    failed = {c: r for c, r in results.items() if r.outcome is Outcome.FAIL}
    assert list(failed) == ["studio"], results
    assert failed["studio"].code == "answer_too_large"
    shown = failed["studio"].detail + failed["studio"].cause
    assert f"{PACKAGES} sent more than 2 MB" in shown
    assert results["token"].outcome is Outcome.OK


async def test_an_answer_compressed_twice_is_refused_unread(sandbox_url: str) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=PACKAGES,
            kind="oversize",
            size=1024 * MEGABYTE,
            gzip=True,
            layers=2,
        )
        with pytest.raises(AnswerEncodingError) as raised:
            await client.packages()

    assert "answered compressed 2 times over (gzip, gzip)" in raised.value.cause
    assert "compressed once, if at all" in raised.value.fix


async def test_a_compression_this_install_cannot_undo_is_named(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=PACKAGES,
            kind="status",
            status=200,
            headers={"content-encoding": "compress"},
            body=[],
        )
        with pytest.raises(AnswerEncodingError) as raised:
            await client.packages()

    assert "answered compressed with compress, which this install" in (
        raised.value.cause
    )
