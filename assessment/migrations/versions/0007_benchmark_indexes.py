"""Benchmark counts read snapshots and dimension scores from indexes alone; a dimension is
scored once per snapshot.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 17:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_score_snapshots_benchmark', 'score_snapshots',
        ['questionnaire_id', 'round_id', 'id', 'questionnaire_version', 'overall_score',
         'overall_level', 'respondent_count'],
    )
    with op.batch_alter_table('dimension_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_dimension_scores_snapshot_id')
        batch_op.create_unique_constraint(
            'uq_dimension_scores_snapshot_id', ['snapshot_id', 'dimension_id']
        )
        batch_op.create_index(
            'ix_dimension_scores_benchmark', ['snapshot_id', 'dimension_id', 'score', 'level']
        )


def downgrade():
    with op.batch_alter_table('dimension_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_dimension_scores_benchmark')
        batch_op.drop_constraint('uq_dimension_scores_snapshot_id', type_='unique')
        batch_op.create_index('ix_dimension_scores_snapshot_id', ['snapshot_id'])
    op.drop_index('ix_score_snapshots_benchmark', table_name='score_snapshots')
