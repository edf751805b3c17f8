"""normalised e-mail addresses

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:00:00.000000

Addresses were stored as typed, and compared with SQL lower() (ASCII only on SQLite). They are
now stored in the one form tracker.text.normalise_email gives; this brings old rows into it. Two
rows that become the same address keep the first one's; the other is left as it was and named in
the log, for the secretariat to resolve (neither is deleted).
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.text import normalise_email

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)
person = sa.table("person", sa.column("id", sa.Integer), sa.column("email", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(person.c.id, person.c.email).where(person.c.email.is_not(None)).order_by(person.c.id)
    ).all()
    taken = {email for _, email in rows}
    for person_id, email in rows:
        wanted = normalise_email(email)
        if wanted == email:
            continue
        if wanted in taken:
            log.warning("person %s keeps the address %r: %r belongs to someone else", person_id, email, wanted)
            continue
        connection.execute(person.update().where(person.c.id == person_id).values(email=wanted))
        taken.discard(email)
        taken.add(wanted)


def downgrade() -> None:
    # The addresses as typed are not kept; the normalised ones work as before.
    pass
