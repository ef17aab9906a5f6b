"""Authenticator secrets are stored sealed under the installation's key, not as they are.

Each stored secret is sealed with the running app's SECRET_KEY (assessment.core.sealing)
and the plain column removed; going back opens them again with the same key.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from assessment.core.sealing import seal, unseal

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

credentials = sa.table(
    'totp_credentials',
    sa.column('id', sa.Integer()),
    sa.column('secret', sa.String()),
    sa.column('sealed_secret', sa.String()),
)


def _key():
    return str(current_app.config['SECRET_KEY'])


def upgrade():
    with op.batch_alter_table('totp_credentials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_secret', sa.String(length=255), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(credentials.c.id, credentials.c.secret)).all():
        connection.execute(
            credentials.update()
            .where(credentials.c.id == row.id)
            .values(sealed_secret=seal(row.secret, _key()))
        )
    with op.batch_alter_table('totp_credentials', schema=None) as batch_op:
        batch_op.alter_column('sealed_secret', existing_type=sa.String(length=255), nullable=False)
        batch_op.drop_column('secret')


def downgrade():
    with op.batch_alter_table('totp_credentials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(
        sa.select(credentials.c.id, credentials.c.sealed_secret)
    ).all():
        connection.execute(
            credentials.update()
            .where(credentials.c.id == row.id)
            .values(secret=unseal(row.sealed_secret, _key()))
        )
    with op.batch_alter_table('totp_credentials', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('sealed_secret')
