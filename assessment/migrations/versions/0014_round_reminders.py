"""Rounds and their mail: the round a message belongs to (so closing a round cancels
what it had not sent yet), and the reminder days a coordinator schedules.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_round_id'), ['round_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_outbox_messages_round_id_assessment_rounds'),
            'assessment_rounds', ['round_id'], ['id'], ondelete='SET NULL',
        )
    with op.batch_alter_table('assessment_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_days', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('assessment_rounds', schema=None) as batch_op:
        batch_op.drop_column('reminder_days')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_outbox_messages_round_id_assessment_rounds'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_outbox_messages_round_id'))
        batch_op.drop_column('round_id')
