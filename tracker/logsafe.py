"""User text in log lines, kept short: a chat line, a request path or a payload may be megabytes,
and a log line that carries it whole floods the log and anything that ships it. Call sites that
log user text pass it through `shorten`; `install` makes every record of the process keep to the
limit too, for the libraries (bolt, slack_sdk, nio) whose debug lines echo bodies."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

# What a log line may quote of one piece of user text; the rest is counted, not written.
QUOTED = 200
# The longest message a record may carry once formatted, whatever wrote it.
LONGEST_RECORD = 1024


def shorten(value: object, limit: int = QUOTED) -> str:
    """A piece of user text for a log line: at most `limit` characters, its length said when
    cut, so a 5 MB message never becomes a 5 MB log line."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text)} characters]"


_installed: list[Callable[..., logging.LogRecord]] = []


def install(limit: int = LONGEST_RECORD) -> None:
    """Make every log record of the process carry at most `limit` characters of message (once,
    however often it is called): long arguments and long messages are cut where the record is
    made, before any handler formats or ships it."""
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _limit(record, limit)
        return record

    _installed.append(previous)
    logging.setLogRecordFactory(factory)


def _limit(record: logging.LogRecord, limit: int) -> None:
    if isinstance(record.args, tuple):
        record.args = tuple(
            shorten(arg, limit) if isinstance(arg, str) and len(arg) > limit else arg
            for arg in record.args
        )
    elif isinstance(record.args, dict):
        record.args = {
            key: shorten(arg, limit) if isinstance(arg, str) and len(arg) > limit else arg
            for key, arg in record.args.items()
        }
    try:
        message = record.getMessage()
    except Exception:  # a malformed record is the logging module's to report, not ours
        return
    if len(message) > limit:
        record.msg, record.args = shorten(message, limit), None
