"""notify by email

Revision ID: a9b8c7d6e5f4
Revises: f3c1d5e8a2b4
Create Date: 2026-11-28 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9b8c7d6e5f4'
down_revision = 'f3c1d5e8a2b4'
branch_labels = None
depends_on = None


def upgrade():
    # Off for everyone: each trainer switches it on for themselves.
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('notify_by_email', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('notify_by_email')
