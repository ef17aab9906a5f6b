"""Task queue and shared storage: leases on report jobs, a delivering outbox, stored files,
and the secret key's fingerprint.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_files',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_stored_files')),
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_stored_at'), ['stored_at'], unique=False)
    op.create_table(
        'instance_settings',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=500), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_instance_settings')),
    )
    # Files on one host's disk are not carried over: a finished job without a stored
    # file is rendered again on its next visit.
    with op.batch_alter_table('report_jobs', schema=None) as batch_op:
        batch_op.drop_column('file_path')
        batch_op.add_column(sa.Column('file_key', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('error_detail', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('lease_owner', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_report_jobs_status'), ['status'], unique=False)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='kept', nullable=False))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('lease_owner', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=True))
        # Account e-mails (invitations to an account, resets) belong to no organisation.
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_messages_dedupe_key'), ['dedupe_key'])
        batch_op.create_index(batch_op.f('ix_outbox_messages_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status'))
        batch_op.drop_constraint(batch_op.f('uq_outbox_messages_dedupe_key'), type_='unique')
        for column in ('enqueued_at', 'lease_until', 'lease_owner', 'last_error', 'sent_at',
                       'next_attempt_at', 'attempts', 'status', 'dedupe_key'):
            batch_op.drop_column(column)
    with op.batch_alter_table('report_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_jobs_status'))
        for column in ('enqueued_at', 'lease_until', 'lease_owner', 'attempts', 'error_detail',
                       'file_key'):
            batch_op.drop_column(column)
        batch_op.add_column(sa.Column('file_path', sa.String(length=500), nullable=True))
    op.drop_table('instance_settings')
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_stored_at'))
    op.drop_table('stored_files')
