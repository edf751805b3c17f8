"""minutes notes: the secretariat's minutes text and decision per agenda item

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 04:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "minutes_note",
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["person.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("agenda_item_id"),
    )


def downgrade() -> None:
    op.drop_table("minutes_note")
