"""When a refused or failed call is tried again, and how long to wait first.

429 and 503 wait as ``Retry-After`` (or ``x-ratelimit-reset``) asks, but never
longer than the policy's bound: a longer wait is reported, with the time to retry
after, instead of freezing the app. Other 5xx answers are retried with backoff, but
only for calls that are safe to repeat (never a signal, which would start a second
process). ``on_wait`` is told before each wait so a screen can count down; cancelling
the task cancels the wait.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tui.errors import CelonisError, RateLimitedError, ServerError
from tui.net_settings import RetryPolicy

log = logging.getLogger(__name__)
ResultT = TypeVar("ResultT")
WaitNotice = Callable[[float, CelonisError], Awaitable[None]]


async def with_retries(
    policy: RetryPolicy,
    on_wait: WaitNotice | None,
    safe_to_repeat: bool,
    call: Callable[[], Awaitable[ResultT]],
) -> ResultT:
    """``call()``, tried again as the policy allows after 429, 503 and 5xx."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except (RateLimitedError, ServerError) as error:
            if not should_retry(policy, error, attempt, safe_to_repeat):
                raise
            wait = wait_before(policy, error, attempt)
            log.info("retrying after %s in %.1f s", error.code, wait)
            if on_wait is not None:
                await on_wait(wait, error)
            await asyncio.sleep(wait)


def should_retry(
    policy: RetryPolicy, error: CelonisError, attempt: int, safe_to_repeat: bool
) -> bool:
    """Whether to try again; when not, the error's message says why it stopped."""
    if isinstance(error, RateLimitedError):
        wait = error.retry_after
        if wait is not None and wait > policy.longest_wait:
            error.cause += (
                f"; it asked to wait {wait:.0f} s, longer than the "
                f"{policy.longest_wait:g} s this app waits"
            )
            error.fix = f"Retry in about {wait:.0f} s."
            return False
    elif not (safe_to_repeat and (error.status or 0) >= 500):
        return False
    if attempt >= policy.attempts:
        if attempt > 1:
            error.cause += f"; still failing after {attempt} attempts"
        return False
    return True


def wait_before(policy: RetryPolicy, error: CelonisError, attempt: int) -> float:
    """Seconds to wait: what the team asked for, else exponential backoff."""
    wait = float(policy.backoff * 2 ** (attempt - 1))
    if isinstance(error, RateLimitedError) and error.retry_after is not None:
        wait = error.retry_after
    return min(wait, policy.longest_wait)
