"""course and module translations

Revision ID: c4a8e2f1b7d3
Revises: 5b1e0c7a9d21
Create Date: 2026-11-27 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a8e2f1b7d3'
down_revision = '5b1e0c7a9d21'
branch_labels = None
depends_on = None


def upgrade():
    # Empty until the next content import reads course.<code>.yaml and module.<code>.yaml.
    for table in ('courses', 'modules'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False,
                                          server_default='{}'))


def downgrade():
    for table in ('courses', 'modules'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('translations')
