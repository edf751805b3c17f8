"""Addresses stored before normalisation are brought into the one form by a migration, and two
that turn out to be the same address are both kept, the second as it was."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tracker.db import make_engine
from tracker.migrate import upgrade


def test_old_addresses_are_normalised_and_a_clash_keeps_both_people(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0007")
    people = [
        (1, "Ærlig@Example.org"),
        (2, " OLA@example.no "),
        (3, "kari@example.no"),
        (4, "KARI@example.no"),
        (5, None),
    ]
    with engine.begin() as conn:
        for person_id, email in people:
            conn.execute(
                text(
                    "INSERT INTO person (id, first_name, last_name, name_key, email, language)"
                    " VALUES (:id, 'P', :id, 'p', :email, 'nb')"
                ),
                {"id": person_id, "email": email},
            )
    upgrade(engine)
    with engine.connect() as conn:
        emails = dict(conn.execute(text("SELECT id, email FROM person")).all())
    engine.dispose()
    assert emails == {
        1: "ærlig@example.org",
        2: "ola@example.no",
        3: "kari@example.no",
        4: "KARI@example.no",
        5: None,
    }
