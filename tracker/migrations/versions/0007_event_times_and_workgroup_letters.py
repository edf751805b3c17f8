"""event times and workgroup letters

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 03:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('event') as batch:
        batch.add_column(sa.Column('start_time', sa.Time(), nullable=True))
        batch.add_column(sa.Column('end_time', sa.Time(), nullable=True))
    with op.batch_alter_table('workgroup') as batch:
        batch.add_column(sa.Column('letter', sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workgroup') as batch:
        batch.drop_column('letter')
    with op.batch_alter_table('event') as batch:
        batch.drop_column('end_time')
        batch.drop_column('start_time')
