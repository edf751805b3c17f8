"""Hand back what the bot's start-up left behind. Imports, the schema's mappers, the log-in and
the first sync (a full room state) allocate far more than the running bot keeps; the freed part
stays in the C heap unless it is returned. Done once, when the first sync is handled."""

from __future__ import annotations

import ctypes
import gc
import logging
import re
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)


def settle() -> None:
    """Drop start-up's caches, collect its garbage, keep the collector off what stays for good,
    and return the C heap's free pages to the system (glibc's `malloc_trim`; nothing where there
    is none)."""
    drop_startup_caches()
    gc.collect()
    # What start-up built lives as long as the process: later collections need not walk it.
    gc.freeze()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def drop_startup_caches() -> None:
    """Empty the caches that start-up filled and a running bot hardly reads again, so what
    the bot allocates later fills their place instead of new memory: the finders of every folder
    imported from (a lazy import builds its own again) and the compiled patterns of `re`'s
    module-level functions (a pattern the bot uses is compiled again once)."""
    sys.path_importer_cache.clear()
    re.purge()


class Upkeep:
    """Hand back freed memory now and then while the bot runs: replies and syncs free what they
    allocated, but the C heap keeps the pages unless asked (one trim costs about a millisecond)."""

    def __init__(self, every: int = 100) -> None:
        self.every = every
        self._syncs = 0

    def __call__(self) -> None:
        """Count a handled sync; every `every`-th one collects and trims."""
        self._syncs += 1
        if self._syncs % self.every:
            return
        gc.collect()
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None on a C library without it (musl, macOS)."""
    try:
        libc = ctypes.CDLL(None)
        trim: Callable[[int], int] = libc.malloc_trim
        return trim
    except (OSError, AttributeError):
        log.debug("no malloc_trim here; start-up's free memory stays with the process")
        return None
