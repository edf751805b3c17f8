"""Everything a person reads goes through the catalog, and Norwegian has every message."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from tracker.i18n import LOCALE_DIR, translate


def norwegian_catalog() -> dict[str, str]:
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / "nb" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id and not m.fuzzy}


ROOT = Path(__file__).parent.parent
KEYWORDS = {"N_": None, "t": (1,), "translate": (1,), "_": None}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
PACKAGES = ("tracker", "chatops", "adapters", "worker")


def extracted_messages() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        if not (ROOT / package).exists():
            continue
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / package, method_map=METHODS, keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                found.add(message)
    return found


def test_every_message_in_the_code_has_a_norwegian_translation() -> None:
    catalog = norwegian_catalog()
    missing = sorted(m for m in extracted_messages() if not catalog.get(m))
    assert missing == []


def test_translations_keep_the_same_placeholders() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    bad = [m for m in extracted_messages() if fields(m) != fields(translate(m, "nb"))]
    assert bad == []


def test_english_is_the_message_id_itself() -> None:
    assert translate("Task #{id} does not exist.", "en", id=7) == "Task #7 does not exist."
    assert translate("Task #{id} does not exist.", "nb", id=7) == "Oppgave #7 finnes ikke."
