"""quiz version authors and reviews

Revision ID: e7d2b9a4c6f1
Revises: c4a8e2f1b7d3
Create Date: 2026-11-28 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7d2b9a4c6f1'
down_revision = 'c4a8e2f1b7d3'
branch_labels = None
depends_on = None


def upgrade():
    # Empty for every imported version: only translations made in the browser have an author.
    with op.batch_alter_table('quiz_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_quiz_versions_author_id_users'), 'users', ['author_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_quiz_versions_reviewed_by_id_users'), 'users', ['reviewed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('quiz_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quiz_versions_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_quiz_versions_author_id_users'), type_='foreignkey')
        batch_op.drop_column('review_comment')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('author_id')
