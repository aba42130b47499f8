"""The garbage collector once the app's first frame is on screen.

`cigkit` keeps the collector off from before Textual is imported until then (`cmd_app`):
everything made on the way stays alive, and collecting it again and again delayed the frame.
"""

from __future__ import annotations

import gc

FULL_COLLECTION_EVERY = 1000  # middle-generation collections between two full ones


def settle_collector() -> None:
    """The loaded programme lives as long as the app: keep the garbage collector from
    walking it again and again while someone types (a full collection paused keys 200 ms),
    and make full collections of what is made afterwards rare (young ones still run).

    Run just after the first frame is on screen: the collection before freezing walks
    every object of every module imported, 15-20 ms that the first frame need not wait for.
    The command that opens the app keeps the collector off until then (`cmd_app`); it is
    on again from here.
    """
    gc.collect()
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_COLLECTION_EVERY))
    gc.enable()


__all__ = ["FULL_COLLECTION_EVERY", "settle_collector"]
