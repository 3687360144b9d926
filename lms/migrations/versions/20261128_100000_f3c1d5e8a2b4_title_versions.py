"""title versions

Revision ID: f3c1d5e8a2b4
Revises: e7d2b9a4c6f1
Create Date: 2026-11-28 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c1d5e8a2b4'
down_revision = 'e7d2b9a4c6f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('title_versions',
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Enum('draft', 'in_review', 'published', 'retired', name='versionstatus', native_enum=False, length=20), nullable=False),
    sa.Column('origin', sa.Enum('file', 'browser', name='origin', native_enum=False, length=20), nullable=False),
    sa.Column('source_path', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_title_versions_author_id_users')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_title_versions_course_id_courses')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_title_versions_module_id_modules')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_title_versions_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_title_versions'))
    )
    with op.batch_alter_table('title_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_title_versions_course_id'), ['course_id', 'module_id', 'locale', 'country', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('title_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_title_versions_course_id'))
    op.drop_table('title_versions')
