"""user time zone

Revision ID: 5b1e0c7a9d21
Revises: 97ded40cfe21
Create Date: 2026-11-27 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7a9d21'
down_revision = '97ded40cfe21'
branch_labels = None
depends_on = None


def upgrade():
    # Empty for everyone: their country's zone applies until they choose another.
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('timezone')
