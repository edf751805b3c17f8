"""Hand back what the bot's start-up left behind. Imports, the schema's mappers, the log-in and
the first sync (a full room state) allocate far more than the running bot keeps; the freed part
stays in the C heap unless it is returned. Done once, when the first sync is handled."""

from __future__ import annotations

import ctypes
import gc
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


def settle() -> None:
    """Collect start-up's garbage, keep the collector off what stays for good, and return the
    C heap's free pages to the system (glibc's `malloc_trim`; nothing where there is none)."""
    gc.collect()
    # What start-up built lives as long as the process: later collections need not walk it.
    gc.freeze()
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
