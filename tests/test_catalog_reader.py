"""The catalog's own .po reader reads what Babel (which writes the file) reads: the same
translations, fuzzy and obsolete messages left out, continued lines joined, escapes undone."""

from __future__ import annotations

import io

from babel.messages.pofile import read_po

from tracker.i18n import LOCALE_DIR, read_catalog

SAMPLE = r"""# Norwegian Bokmål messages of tiltak.
#, fuzzy
msgid ""
msgstr ""
"Language: nb\n"

#, python-brace-format
msgid "#{id} has no owner now."
msgstr "#{id} har ingen ansvarlig nå."

#: chatops/help.py:3
msgid ""
"A line that goes on "
"over two lines."
msgstr ""
"En linje som fortsetter "
"over to linjer.\n«Sitat» med \"anførsel\" og \\ skråstrek\tog tab."

#, fuzzy, python-brace-format
msgid "Guessed {name}."
msgstr "Gjettet {name}."

msgid "Not yet translated."
msgstr ""

#~ msgid "Gone."
#~ msgstr "Borte."
msgid "Last, straight after an obsolete one."
msgstr "Sist, rett etter en foreldet."
"""


def babel_reads(text: str) -> dict[str, str]:
    """What Babel reads from a .po text, as the catalog used to keep it."""
    catalog = read_po(io.BytesIO(text.encode()), locale="nb")
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def test_reads_the_sample_as_babel_does() -> None:
    read = read_catalog(SAMPLE)
    assert read == babel_reads(SAMPLE)
    assert read["A line that goes on over two lines."] == (
        'En linje som fortsetter over to linjer.\n«Sitat» med "anførsel" og \\ skråstrek\tog tab.'
    )
    assert "Guessed {name}." not in read  # fuzzy
    assert "Gone." not in read  # obsolete
    assert "Not yet translated." not in read


def test_reads_the_shipped_catalog_as_babel_does() -> None:
    text = (LOCALE_DIR / "nb" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    read = read_catalog(text)
    assert len(read) > 100
    assert read == babel_reads(text)
