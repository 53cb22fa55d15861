"""Answers read with a cap on their size, so a huge or endless body fails early.

httpx reads a whole answer into memory before anything can look at it. A wrong URL
that serves a file download, a misbehaving proxy or a server that never stops
sending would fill the memory of the app (and freeze its screen while the body is
parsed). Every answer is therefore read as a stream, counting the bytes after
decompression, and refused with :class:`AnswerTooLargeError` once it passes the
cap; an answer compressed more than once is refused before it is read, since each
layer multiplies what one chunk unpacks to. The cap is far above the largest real
answer expected: the packages list of a team with 20,000 packages is about 10 MB.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

import httpx

from tui.errors import AnswerEncodingError, AnswerTooLargeError

MAX_ANSWER_BYTES = 64 * 1024 * 1024
_BODY_HEADERS = ("content-encoding", "content-length", "transfer-encoding")


async def bounded_request(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    limit: int | None = None,
    **options: Any,
) -> httpx.Response:
    """``http.request(method, url, **options)``, refusing a body over ``limit``
    (:data:`MAX_ANSWER_BYTES` unless given)."""
    limit = MAX_ANSWER_BYTES if limit is None else limit
    request = http.build_request(method, url, **options)
    response = await http.send(request, stream=True)
    try:
        body = await _read_body(response, limit)
    finally:
        await response.aclose()
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in _BODY_HEADERS
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=request,
        extensions=response.extensions,
    )


async def _read_body(response: httpx.Response, limit: int) -> bytes:
    url = str(response.request.url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(url, f"announced {_megabytes(int(declared))}", limit)
    codings = [
        coding.strip().lower()
        for coding in response.headers.get("content-encoding", "").split(",")
        if coding.strip() and coding.strip().lower() != "identity"
    ]
    if len(codings) > 1:
        raise _stacked(url, codings)
    if codings and codings[0] not in unpackable():
        raise AnswerEncodingError(
            f"{url} answered compressed with {codings[0]}, which this install "
            "cannot unpack (it asked for gzip or deflate); the answer was not read",
            fix="Check the team URL and any proxy in the way: they changed the "
            "answer's compression.",
            url=url,
        )
    body = bytearray()
    async for part in response.aiter_bytes():
        if len(body) + len(part) > limit:
            raise _too_large(url, f"sent more than {_megabytes(limit)}", limit)
        body += part
    return bytes(body)


def unpackable() -> set[str]:
    """The compressions httpx can undo here: gzip and deflate always, br and zstd
    when their optional packages are installed."""
    codings = {"gzip", "deflate"}
    if find_spec("brotli") or find_spec("brotlicffi"):
        codings.add("br")
    if find_spec("zstandard"):
        codings.add("zstd")
    return codings


def _stacked(url: str, codings: list[str]) -> AnswerEncodingError:
    """One compression is all a real answer uses; each further one multiplies what
    a few bytes unpack to, before the cap could see it."""
    return AnswerEncodingError(
        f"{url} answered compressed {len(codings)} times over "
        f"({', '.join(codings)}); the app unpacks one compression at most and did "
        "not read it",
        fix="Check the team URL and any proxy in the way: a Celonis API answer is "
        "compressed once, if at all.",
        url=url,
    )


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):.0f} MB"


def _too_large(url: str, what: str, limit: int) -> AnswerTooLargeError:
    return AnswerTooLargeError(
        f"{url} {what} in one answer; the app reads at most {_megabytes(limit)} and "
        "stopped reading",
        fix="Check the team URL: a Celonis API answer is never this large. A proxy "
        "or download page in the way, or a server sending without end, looks "
        "like this.",
        url=url,
    )
