"""Published benchmark snapshots: every output reads figures refreshed on a schedule.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'benchmark_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rules', sa.JSON(), nullable=False),
        sa.Column('input_state', sa.String(length=64), nullable=False),
        sa.Column('organisations', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'benchmark_snapshot_tables',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
        sa.Column('cube', sa.JSON(), nullable=False),
        sa.Column('records', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['snapshot_id'], ['benchmark_snapshots.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('snapshot_id', 'questionnaire_id'),
    )
    op.create_table(
        'benchmark_snapshot_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('named', sa.Boolean(), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('government_level', sa.String(length=32), nullable=False),
        sa.Column('sector', sa.String(length=64), nullable=False),
        sa.Column('size_band', sa.String(length=32), nullable=False),
        sa.Column('questionnaire_version', sa.String(length=32), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('round_order', sa.BigInteger(), nullable=False),
        sa.Column('overall_score', sa.Float(), nullable=True),
        sa.Column('overall_level', sa.Integer(), nullable=True),
        sa.Column('dimensions', sa.JSON(), nullable=False),
        sa.Column('counted', sa.Boolean(), nullable=False),
        sa.Column('placements', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['snapshot_id'], ['benchmark_snapshots.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['assessment_rounds.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('benchmark_snapshot_records', schema=None) as batch_op:
        batch_op.create_index(
            'ix_benchmark_snapshot_records_lookup',
            ['snapshot_id', 'questionnaire_id', 'round_id'],
        )
        batch_op.create_index(
            batch_op.f('ix_benchmark_snapshot_records_organisation_id'), ['organisation_id']
        )
        batch_op.create_index(batch_op.f('ix_benchmark_snapshot_records_round_id'), ['round_id'])


def downgrade():
    op.drop_table('benchmark_snapshot_records')
    op.drop_table('benchmark_snapshot_tables')
    op.drop_table('benchmark_snapshots')
