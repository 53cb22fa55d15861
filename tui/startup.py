"""Opening the app without pauses for the garbage collector.

Start-up creates a few hundred thousand objects (modules, classes, the first
screen's widgets and styles) and almost all of them live as long as the app. The
cyclic garbage collector would walk them again and again while they are made,
which measurably delays the first screen. So the command turns collection off
before it loads the app and, once the first screen is drawn, moves everything made
so far out of the collector's sight (``gc.freeze``) and turns collection back on.
Apps started any other way, such as by tests, never pause collection.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collection() -> None:
    """Turn the cyclic garbage collector off until :func:`resume_collection`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """After the first screen: keep start-up's objects out of later collections
    and collect again; does nothing unless :func:`pause_collection` paused it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
