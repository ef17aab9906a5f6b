"""Action owners: who carries each dimension's actions in the plan, and by when.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dimension_targets', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('owner', sa.String(length=120), server_default='', nullable=False)
        )
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('dimension_targets', schema=None) as batch_op:
        batch_op.drop_column('due_on')
        batch_op.drop_column('owner')
