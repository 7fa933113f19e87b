"""held ops and the hub clock of a share

Revision ID: 0002_held_ops
Revises: 0001_initial
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_held_ops'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('held_op',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('op_id', sa.Uuid(), nullable=False),
    sa.Column('packet_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('value_json', sa.Text(), nullable=False),
    sa.Column('base_hlc', sa.String(length=64), nullable=True),
    sa.Column('hlc', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('waits_for', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_held_op')),
    sa.UniqueConstraint('op_id', name=op.f('uq_held_op_op_id'))
    )
    with op.batch_alter_table('held_op', schema=None) as batch_op:
        batch_op.create_index('ix_held_op_device_hlc', ['device_id', 'hlc'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_op_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_op_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_op_waits_for'), ['waits_for'], unique=False)

    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_hlc', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.drop_column('shared_hlc')

    with op.batch_alter_table('held_op', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_op_waits_for'))
        batch_op.drop_index(batch_op.f('ix_held_op_status'))
        batch_op.drop_index(batch_op.f('ix_held_op_family_id'))
        batch_op.drop_index('ix_held_op_device_hlc')

    op.drop_table('held_op')
