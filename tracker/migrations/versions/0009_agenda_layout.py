"""agenda layout: the secretariat's edits of a draft agenda

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 03:35:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'agenda_layout',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('dropped', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('meeting_id'),
    )


def downgrade() -> None:
    op.drop_table('agenda_layout')
