"""A real terminal for end-to-end tests: the app in tmux, driven by key names."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from tests.real_parts import TMUX_DRIVE

APP = str(Path(sys.executable).parent / "celonis-connect")


class TerminalSession:
    """One tmux session running the app; every call goes through tmux-drive.sh."""

    def __init__(self, home: Path, width: int = 80, height: int = 24) -> None:
        self.name = f"e2e-{uuid.uuid4().hex[:8]}"
        self.home = home
        self.width = width
        self.height = height
        self.server = f"celonis-connect-e2e-{os.getpid()}"

    def drive(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(TMUX_DRIVE), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TMUX_DRIVE_SERVER": self.server},
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"tmux-drive {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr}"
            )
        return done

    def start(self, *command: str, env: dict[str, str] | None = None) -> None:
        extra = [f"-e{key}={value}" for key, value in (env or {}).items()]
        options = ["-x", str(self.width), "-y", str(self.height)]
        for item in extra:
            options += ["-e", item[2:]]
        self.drive("start", self.name, *options, "--", *command)

    def wait(self, text: str, timeout: float = 15) -> None:
        self.drive("wait", self.name, text, str(timeout))

    def type(self, text: str, then_see: str | None = None) -> None:
        self.drive("type", self.name, text)
        self.wait(then_see or text, 5)

    def keys(self, *names: str) -> None:
        self.drive("keys", self.name, *names)

    def screen(self) -> str:
        return self.drive("screen", self.name).stdout

    def stop(self, key: str = "C-q") -> int:
        done = self.drive("stop", self.name, key, check=False)
        return done.returncode

    def kill(self) -> None:
        self.drive("kill", self.name, check=False)
        self.drive("kill-all", check=False)
