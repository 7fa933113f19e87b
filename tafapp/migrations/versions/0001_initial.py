"""initial schema

Revision ID: 0001_initial
Revises: 
Create Date: (regenerated from the models)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency'))
    )
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_sector'), ['sector'], unique=False)

    op.create_table('applied_op',
    sa.Column('op_id', sa.Uuid(), nullable=False),
    sa.Column('packet_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('base_hlc', sa.String(length=64), nullable=True),
    sa.Column('hlc', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('extra_bases', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_applied_op'))
    )
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.create_index('ix_applied_op_device_hlc', ['device_id', 'hlc'], unique=False)
        batch_op.create_index('ix_applied_op_field', ['entity', 'row_id', 'field'], unique=False)

    op.create_table('audit_event',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_event'))
    )
    op.create_table('conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('winner', sa.Integer(), nullable=False),
    sa.Column('resolved_value', sa.JSON(), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution_hlc', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict'))
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_conflict_field', ['entity', 'row_id', 'field'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_status'), ['status'], unique=False)

    op.create_table('device',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('signing_public_key', sa.String(length=64), nullable=False),
    sa.Column('age_recipient', sa.String(length=100), nullable=False),
    sa.Column('fingerprint', sa.String(length=32), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device'))
    )
    op.create_table('device_sync',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('ack_floor', sa.String(length=64), nullable=True),
    sa.Column('last_packet_at', sa.DateTime(), nullable=True),
    sa.Column('receipt_seq', sa.Integer(), nullable=False),
    sa.Column('last_receipt_at', sa.DateTime(), nullable=True),
    sa.Column('last_receipt_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_sync'))
    )
    op.create_table('local_secret',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_local_secret'))
    )
    op.create_table('outbox_op',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('op_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('base_hlc', sa.String(length=64), nullable=True),
    sa.Column('hlc', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox_op')),
    sa.UniqueConstraint('op_id', name=op.f('uq_outbox_op_op_id'))
    )
    with op.batch_alter_table('outbox_op', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_op_hlc'), ['hlc'], unique=False)

    op.create_table('packet_log',
    sa.Column('packet_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('ops_total', sa.Integer(), nullable=False),
    sa.Column('ops_applied', sa.Integer(), nullable=False),
    sa.Column('ops_noop', sa.Integer(), nullable=False),
    sa.Column('ops_conflicted', sa.Integer(), nullable=False),
    sa.Column('ops_duplicate', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('packet_id', name=op.f('pk_packet_log'))
    )
    with op.batch_alter_table('packet_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_log_device_id'), ['device_id'], unique=False)

    op.create_table('report_action',
    sa.Column('action_id', sa.Uuid(), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('owner_agency_id', sa.Uuid(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('family_open', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('action_id', name=op.f('pk_report_action'))
    )
    with op.batch_alter_table('report_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_action_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_sum_action_open', ['opened_on'], unique=False, postgresql_include=['closed_on', 'family_open', 'owner_agency_id', 'due_on'], postgresql_where=sa.text('until IS NULL'), sqlite_where=sa.text('until IS NULL'))
        batch_op.create_index('ix_report_sum_action_until', ['until'], unique=False, postgresql_include=['opened_on', 'closed_on', 'family_open', 'owner_agency_id', 'due_on'])

    op.create_table('report_family',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('lead_agency_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('request_on', sa.Date(), nullable=True),
    sa.Column('first_contact_on', sa.Date(), nullable=True),
    sa.Column('first_taf_on', sa.Date(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('postcode', sa.String(length=12), nullable=False),
    sa.Column('household', sa.String(length=200), nullable=False),
    sa.Column('send_level', sa.Integer(), nullable=False),
    sa.Column('outcomes_met', sa.Integer(), nullable=False),
    sa.Column('re_referred', sa.Boolean(), nullable=False),
    sa.Column('came_back', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('family_id', name=op.f('pk_report_family'))
    )
    with op.batch_alter_table('report_family', schema=None) as batch_op:
        batch_op.create_index('ix_report_sum_closed', ['closed_on'], unique=False, postgresql_include=['opened_on', 'status', 'send_level', 'outcomes_met', 'came_back'])
        batch_op.create_index('ix_report_sum_open', ['opened_on'], unique=False, postgresql_include=['send_level'], postgresql_where=sa.text("closed_on IS NULL AND status = 'open'"), sqlite_where=sa.text("closed_on IS NULL AND status = 'open'"))
        batch_op.create_index('ix_report_sum_opened', ['opened_on'], unique=False, postgresql_include=['re_referred'])
        batch_op.create_index('ix_report_sum_reference', ['reference', 'family_id'], unique=False, postgresql_include=['lead_agency_id'])
        batch_op.create_index('ix_report_sum_request', ['request_on'], unique=False, postgresql_include=['first_contact_on', 'first_taf_on', 'lead_agency_id'])

    op.create_table('report_need_met',
    sa.Column('need_id', sa.Uuid(), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=False),
    sa.Column('outcome_code', sa.String(length=40), nullable=False),
    sa.Column('previous_same', sa.Date(), nullable=True),
    sa.Column('previous_any', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('need_id', name=op.f('pk_report_need_met'))
    )
    with op.batch_alter_table('report_need_met', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_need_met_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_sum_need_met_on', ['met_on'], unique=False, postgresql_include=['outcome_code', 'family_id', 'previous_same', 'previous_any'])

    op.create_table('report_referral',
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('fed_back', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('referral_id', name=op.f('pk_report_referral'))
    )
    with op.batch_alter_table('report_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_referral_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_sum_referral_made', ['made_on'], unique=False, postgresql_include=['fed_back'])

    op.create_table('report_review',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('next_held', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('lead_agency_id', sa.Uuid(), nullable=True),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_report_review'))
    )
    with op.batch_alter_table('report_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_review_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_sum_review_due', ['due'], unique=False, postgresql_include=['next_held', 'closed_on', 'lead_agency_id', 'family_id', 'reference'])

    op.create_table('report_scaling',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('scored_by', sa.String(length=24), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('first', sa.Float(), nullable=False),
    sa.Column('last', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('family_id', 'scored_by', name=op.f('pk_report_scaling'))
    )
    with op.batch_alter_table('report_scaling', schema=None) as batch_op:
        batch_op.create_index('ix_report_sum_scaling_closed', ['closed_on'], unique=False, postgresql_include=['scored_by', 'first', 'last'])

    op.create_table('share',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('shared_at', sa.DateTime(), nullable=False),
    sa.Column('shared_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share')),
    sa.UniqueConstraint('family_id', 'device_id', name=op.f('uq_share_family_id'))
    )
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_family_id'), ['family_id'], unique=False)

    op.create_table('sync_state',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    op.create_table('trusted_hub',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('age_recipient', sa.String(length=100), nullable=False),
    sa.Column('escrow_recipient', sa.String(length=100), nullable=True),
    sa.Column('signing_public_key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=32), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trusted_hub'))
    )
    op.create_table('practitioner',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_practitioner_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practitioner'))
    )
    with op.batch_alter_table('practitioner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practitioner_agency_id'), ['agency_id'], unique=False)

    op.create_table('family',
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('household_name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('postcode', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=60), nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('level_of_need', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='familystatus', native_enum=False, length=24), nullable=False),
    sa.Column('lead_practitioner_id', sa.Uuid(), nullable=True),
    sa.Column('lead_agency_id', sa.Uuid(), nullable=True),
    sa.Column('request_on', sa.Date(), nullable=True),
    sa.Column('first_contact_on', sa.Date(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closure_reason', sa.String(length=40), nullable=True),
    sa.Column('closure_note', sa.Text(), nullable=False),
    sa.Column('confidential_notes', sa.Text(), nullable=False),
    sa.Column('conflicted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'], name=op.f('fk_family_lead_agency_id_agency')),
    sa.ForeignKeyConstraint(['lead_practitioner_id'], ['practitioner.id'], name=op.f('fk_family_lead_practitioner_id_practitioner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family'))
    )
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_lead_agency_id'), ['lead_agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_lead_practitioner_id'), ['lead_practitioner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_opened_on'), ['opened_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_postcode'), ['postcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_reference'), ['reference'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_status'), ['status'], unique=False)
        batch_op.create_index('ix_report_family_closed', ['closed_on'], unique=False, postgresql_include=['opened_on', 'status', 'lead_agency_id', 'deleted_hlc', 'closure_reason', 'id', 'reference', 'postcode', 'household_name'])
        batch_op.create_index('ix_report_family_id', ['id'], unique=False, postgresql_include=['deleted_hlc', 'lead_agency_id', 'opened_on', 'closed_on', 'status'])
        batch_op.create_index('ix_report_family_open', ['opened_on'], unique=False, postgresql_include=['lead_agency_id', 'deleted_hlc'], postgresql_where=sa.text("closed_on IS NULL AND status = 'open'"), sqlite_where=sa.text("closed_on IS NULL AND status = 'open'"))
        batch_op.create_index('ix_report_family_opened', ['opened_on'], unique=False, postgresql_include=['closed_on', 'status', 'lead_agency_id', 'deleted_hlc', 'id', 'reference', 'postcode', 'household_name'])
        batch_op.create_index('ix_report_family_request', ['request_on'], unique=False, postgresql_include=['first_contact_on', 'lead_agency_id', 'deleted_hlc'])

    op.create_table('case_note',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('written_on', sa.Date(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_case_note_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_note'))
    )
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_note_family_id'), ['family_id'], unique=False)

    op.create_table('meeting',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('initial', 'review', 'closure', 'step_down_transfer', name='meetingkind', native_enum=False, length=24), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.Column('chair', sa.String(length=200), nullable=False),
    sa.Column('note_taker', sa.String(length=200), nullable=False),
    sa.Column('consent_confirmed', sa.Boolean(), nullable=False),
    sa.Column('family_update', sa.Text(), nullable=False),
    sa.Column('child_voice', sa.Text(), nullable=False),
    sa.Column('child_voice_how', sa.Text(), nullable=False),
    sa.Column('practitioner_updates', sa.Text(), nullable=False),
    sa.Column('worried_about', sa.Text(), nullable=False),
    sa.Column('working_well', sa.Text(), nullable=False),
    sa.Column('needs_to_happen', sa.Text(), nullable=False),
    sa.Column('decision', sa.Enum('continue', 'step_up', 'step_down', 'close', name='decision', native_enum=False, length=24), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'final', name='meetingstatus', native_enum=False, length=24), nullable=False),
    sa.Column('finalised_on', sa.Date(), nullable=True),
    sa.Column('confidential_notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_meeting_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_next_review', ['family_id', 'held_on', 'created_hlc', 'next_review_on'], unique=False, sqlite_where=sa.text('deleted_hlc IS NULL AND next_review_on IS NOT NULL'), postgresql_where=sa.text('deleted_hlc IS NULL AND next_review_on IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_meeting_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_next_review_on'), ['next_review_on'], unique=False)
        batch_op.create_index('ix_report_meeting_family_held', ['family_id', 'held_on'], unique=False, postgresql_include=['kind', 'deleted_hlc', 'id'])
        batch_op.create_index('ix_report_meeting_next_review', ['next_review_on'], unique=False, postgresql_include=['family_id', 'held_on', 'deleted_hlc', 'id'])

    op.create_table('person',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('role', sa.Enum('child', 'parent_carer', 'other_adult', name='personrole', native_enum=False, length=24), nullable=False),
    sa.Column('in_household', sa.Boolean(), nullable=False),
    sa.Column('send', sa.Enum('none', 'sen_support', 'ehcp', name='send', native_enum=False, length=24), nullable=False),
    sa.Column('school_or_setting', sa.String(length=200), nullable=False),
    sa.Column('communication_needs', sa.Text(), nullable=False),
    sa.Column('share_with_family', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_person_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_person_send', ['family_id'], unique=False, postgresql_include=['send', 'deleted_hlc'], postgresql_where=sa.text("send <> 'none'"), sqlite_where=sa.text("send <> 'none'"))

    op.create_table('referral',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('from_agency_id', sa.Uuid(), nullable=True),
    sa.Column('to_service', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_referral_family_id_family')),
    sa.ForeignKeyConstraint(['from_agency_id'], ['agency.id'], name=op.f('fk_referral_from_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_referral_made', ['made_on'], unique=False, postgresql_include=['family_id', 'outcome_on', 'deleted_hlc'])

    op.create_table('step_change',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('direction', sa.Enum('up', 'down', name='stepdirection', native_enum=False, length=24), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('consent_given', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_step_change_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_change'))
    )
    with op.batch_alter_table('step_change', schema=None) as batch_op:
        batch_op.create_index('ix_report_step_change_on', ['on'], unique=False, postgresql_include=['family_id', 'direction', 'deleted_hlc'])
        batch_op.create_index(batch_op.f('ix_step_change_family_id'), ['family_id'], unique=False)

    op.create_table('team_member',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('practitioner_id', sa.Uuid(), nullable=True),
    sa.Column('role_in_taf', sa.String(length=200), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_team_member_agency_id_agency')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_team_member_family_id_family')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioner.id'], name=op.f('fk_team_member_practitioner_id_practitioner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member'))
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_family_id'), ['family_id'], unique=False)

    op.create_table('attendance',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('practitioner_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('agency_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('present', 'apologies', 'absent', name='attendancestatus', native_enum=False, length=24), nullable=False),
    sa.Column('written_update', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_attendance_agency_id_agency')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_attendance_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_attendance_person_id_person')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioner.id'], name=op.f('fk_attendance_practitioner_id_practitioner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('consent',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('given_by_person_id', sa.Uuid(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('scope_agency_ids', sa.JSON(), nullable=False),
    sa.Column('scope_purposes', sa.Text(), nullable=False),
    sa.Column('privacy_notice_version', sa.String(length=40), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('safeguarding_override', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_consent_family_id_family')),
    sa.ForeignKeyConstraint(['given_by_person_id'], ['person.id'], name=op.f('fk_consent_given_by_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_family_id'), ['family_id'], unique=False)

    op.create_table('meeting_addendum',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('written_on', sa.Date(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_addendum_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_addendum'))
    )
    with op.batch_alter_table('meeting_addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_addendum_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('need',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('outcome_code', sa.String(length=40), nullable=True),
    sa.Column('worried_about', sa.Text(), nullable=False),
    sa.Column('working_well', sa.Text(), nullable=False),
    sa.Column('needs_to_happen', sa.Text(), nullable=False),
    sa.Column('family_words', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'met', 'closed', name='needstatus', native_enum=False, length=24), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_need_family_id_family')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_need_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need'))
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_report_need_family', ['family_id'], unique=False, postgresql_include=['status', 'outcome_code', 'deleted_hlc'])
        batch_op.create_index('ix_report_need_met', ['met_on'], unique=False, postgresql_include=['family_id', 'outcome_code', 'status', 'deleted_hlc'])

    op.create_table('reading',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('tool', sa.String(length=100), nullable=False),
    sa.Column('scale', sa.String(length=100), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_reading_family_id_family')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_reading_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reading'))
    )
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reading_family_id'), ['family_id'], unique=False)

    op.create_table('action',
    sa.Column('family_id', sa.Uuid(), nullable=False),
    sa.Column('need_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.Enum('family', 'professional', name='actionkind', native_enum=False, length=24), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_agency_id', sa.Uuid(), nullable=True),
    sa.Column('owner_practitioner_id', sa.Uuid(), nullable=True),
    sa.Column('owner_person_id', sa.Uuid(), nullable=True),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'achieved', 'partly', 'not_achieved', 'cancelled', name='actionstatus', native_enum=False, length=24), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_action_family_id_family')),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_action_need_id_need')),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agency.id'], name=op.f('fk_action_owner_agency_id_agency')),
    sa.ForeignKeyConstraint(['owner_person_id'], ['person.id'], name=op.f('fk_action_owner_person_id_person')),
    sa.ForeignKeyConstraint(['owner_practitioner_id'], ['practitioner.id'], name=op.f('fk_action_owner_practitioner_id_practitioner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_owner_agency_id'), ['owner_agency_id'], unique=False)
        batch_op.create_index('ix_caseload_overdue_action', ['status', 'due_on', 'family_id'], unique=False, sqlite_where=sa.text('deleted_hlc IS NULL'), postgresql_where=sa.text('deleted_hlc IS NULL'))
        batch_op.create_index('ix_report_action_completed', ['completed_on'], unique=False, postgresql_include=['family_id', 'owner_agency_id', 'due_on', 'deleted_hlc', 'status'])
        batch_op.create_index('ix_report_action_open', ['family_id'], unique=False, postgresql_include=['owner_agency_id', 'due_on', 'deleted_hlc', 'status'], postgresql_where=sa.text("status IN ('not_started', 'in_progress')"), sqlite_where=sa.text("status IN ('not_started', 'in_progress')"))

    op.create_table('scaling',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('need_id', sa.Uuid(), nullable=True),
    sa.Column('scored_by', sa.Enum('family', 'professional', name='scoredby', native_enum=False, length=24), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_scaling_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_scaling_need_id_need')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scaling'))
    )
    with op.batch_alter_table('scaling', schema=None) as batch_op:
        batch_op.create_index('ix_report_scaling_meeting', ['meeting_id'], unique=False, postgresql_include=['scored_by', 'score', 'deleted_hlc'])
        batch_op.create_index(batch_op.f('ix_scaling_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('action_review',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('action_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'achieved', 'partly', 'not_achieved', 'cancelled', name='actionstatus', native_enum=False, length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_hlc', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_hlc', sa.String(length=64), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_review_action_id_action')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_action_review_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_review'))
    )
    with op.batch_alter_table('action_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_review_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_review_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('action_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_review_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_action_review_action_id'))

    op.drop_table('action_review')
    with op.batch_alter_table('scaling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scaling_meeting_id'))
        batch_op.drop_index('ix_report_scaling_meeting', postgresql_include=['scored_by', 'score', 'deleted_hlc'])

    op.drop_table('scaling')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_report_action_open', postgresql_include=['owner_agency_id', 'due_on', 'deleted_hlc', 'status'], postgresql_where=sa.text("status IN ('not_started', 'in_progress')"), sqlite_where=sa.text("status IN ('not_started', 'in_progress')"))
        batch_op.drop_index('ix_report_action_completed', postgresql_include=['family_id', 'owner_agency_id', 'due_on', 'deleted_hlc', 'status'])
        batch_op.drop_index('ix_caseload_overdue_action', sqlite_where=sa.text('deleted_hlc IS NULL'), postgresql_where=sa.text('deleted_hlc IS NULL'))
        batch_op.drop_index(batch_op.f('ix_action_owner_agency_id'))
        batch_op.drop_index(batch_op.f('ix_action_need_id'))
        batch_op.drop_index(batch_op.f('ix_action_family_id'))
        batch_op.drop_index(batch_op.f('ix_action_due_on'))

    op.drop_table('action')
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_family_id'))

    op.drop_table('reading')
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index('ix_report_need_met', postgresql_include=['family_id', 'outcome_code', 'status', 'deleted_hlc'])
        batch_op.drop_index('ix_report_need_family', postgresql_include=['status', 'outcome_code', 'deleted_hlc'])
        batch_op.drop_index(batch_op.f('ix_need_family_id'))

    op.drop_table('need')
    with op.batch_alter_table('meeting_addendum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_addendum_meeting_id'))

    op.drop_table('meeting_addendum')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_family_id'))

    op.drop_table('consent')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_meeting_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_family_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_agency_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('step_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_step_change_family_id'))
        batch_op.drop_index('ix_report_step_change_on', postgresql_include=['family_id', 'direction', 'deleted_hlc'])

    op.drop_table('step_change')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_report_referral_made', postgresql_include=['family_id', 'outcome_on', 'deleted_hlc'])
        batch_op.drop_index(batch_op.f('ix_referral_family_id'))

    op.drop_table('referral')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_report_person_send', postgresql_include=['send', 'deleted_hlc'], postgresql_where=sa.text("send <> 'none'"), sqlite_where=sa.text("send <> 'none'"))
        batch_op.drop_index(batch_op.f('ix_person_family_id'))

    op.drop_table('person')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_report_meeting_next_review', postgresql_include=['family_id', 'held_on', 'deleted_hlc', 'id'])
        batch_op.drop_index('ix_report_meeting_family_held', postgresql_include=['kind', 'deleted_hlc', 'id'])
        batch_op.drop_index(batch_op.f('ix_meeting_next_review_on'))
        batch_op.drop_index(batch_op.f('ix_meeting_held_on'))
        batch_op.drop_index(batch_op.f('ix_meeting_family_id'))
        batch_op.drop_index('ix_caseload_next_review', sqlite_where=sa.text('deleted_hlc IS NULL AND next_review_on IS NOT NULL'), postgresql_where=sa.text('deleted_hlc IS NULL AND next_review_on IS NOT NULL'))

    op.drop_table('meeting')
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_note_family_id'))

    op.drop_table('case_note')
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_index('ix_report_family_request', postgresql_include=['first_contact_on', 'lead_agency_id', 'deleted_hlc'])
        batch_op.drop_index('ix_report_family_opened', postgresql_include=['closed_on', 'status', 'lead_agency_id', 'deleted_hlc', 'id', 'reference', 'postcode', 'household_name'])
        batch_op.drop_index('ix_report_family_open', postgresql_include=['lead_agency_id', 'deleted_hlc'], postgresql_where=sa.text("closed_on IS NULL AND status = 'open'"), sqlite_where=sa.text("closed_on IS NULL AND status = 'open'"))
        batch_op.drop_index('ix_report_family_id', postgresql_include=['deleted_hlc', 'lead_agency_id', 'opened_on', 'closed_on', 'status'])
        batch_op.drop_index('ix_report_family_closed', postgresql_include=['opened_on', 'status', 'lead_agency_id', 'deleted_hlc', 'closure_reason', 'id', 'reference', 'postcode', 'household_name'])
        batch_op.drop_index(batch_op.f('ix_family_status'))
        batch_op.drop_index(batch_op.f('ix_family_reference'))
        batch_op.drop_index(batch_op.f('ix_family_postcode'))
        batch_op.drop_index(batch_op.f('ix_family_opened_on'))
        batch_op.drop_index(batch_op.f('ix_family_lead_practitioner_id'))
        batch_op.drop_index(batch_op.f('ix_family_lead_agency_id'))
        batch_op.drop_index(batch_op.f('ix_family_closed_on'))

    op.drop_table('family')
    with op.batch_alter_table('practitioner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practitioner_agency_id'))

    op.drop_table('practitioner')
    op.drop_table('trusted_hub')
    op.drop_table('sync_state')
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_family_id'))
        batch_op.drop_index(batch_op.f('ix_share_device_id'))

    op.drop_table('share')
    with op.batch_alter_table('report_scaling', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sum_scaling_closed', postgresql_include=['scored_by', 'first', 'last'])

    op.drop_table('report_scaling')
    with op.batch_alter_table('report_review', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sum_review_due', postgresql_include=['next_held', 'closed_on', 'lead_agency_id', 'family_id', 'reference'])
        batch_op.drop_index(batch_op.f('ix_report_review_family_id'))

    op.drop_table('report_review')
    with op.batch_alter_table('report_referral', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sum_referral_made', postgresql_include=['fed_back'])
        batch_op.drop_index(batch_op.f('ix_report_referral_family_id'))

    op.drop_table('report_referral')
    with op.batch_alter_table('report_need_met', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sum_need_met_on', postgresql_include=['outcome_code', 'family_id', 'previous_same', 'previous_any'])
        batch_op.drop_index(batch_op.f('ix_report_need_met_family_id'))

    op.drop_table('report_need_met')
    with op.batch_alter_table('report_family', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sum_request', postgresql_include=['first_contact_on', 'first_taf_on', 'lead_agency_id'])
        batch_op.drop_index('ix_report_sum_reference', postgresql_include=['lead_agency_id'])
        batch_op.drop_index('ix_report_sum_opened', postgresql_include=['re_referred'])
        batch_op.drop_index('ix_report_sum_open', postgresql_include=['send_level'], postgresql_where=sa.text("closed_on IS NULL AND status = 'open'"), sqlite_where=sa.text("closed_on IS NULL AND status = 'open'"))
        batch_op.drop_index('ix_report_sum_closed', postgresql_include=['opened_on', 'status', 'send_level', 'outcomes_met', 'came_back'])

    op.drop_table('report_family')
    with op.batch_alter_table('report_action', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sum_action_until', postgresql_include=['opened_on', 'closed_on', 'family_open', 'owner_agency_id', 'due_on'])
        batch_op.drop_index('ix_report_sum_action_open', postgresql_include=['closed_on', 'family_open', 'owner_agency_id', 'due_on'], postgresql_where=sa.text('until IS NULL'), sqlite_where=sa.text('until IS NULL'))
        batch_op.drop_index(batch_op.f('ix_report_action_family_id'))

    op.drop_table('report_action')
    with op.batch_alter_table('packet_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packet_log_device_id'))

    op.drop_table('packet_log')
    with op.batch_alter_table('outbox_op', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_op_hlc'))

    op.drop_table('outbox_op')
    op.drop_table('local_secret')
    op.drop_table('device_sync')
    op.drop_table('device')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_status'))
        batch_op.drop_index('ix_conflict_field')
        batch_op.drop_index(batch_op.f('ix_conflict_family_id'))

    op.drop_table('conflict')
    op.drop_table('audit_event')
    with op.batch_alter_table('applied_op', schema=None) as batch_op:
        batch_op.drop_index('ix_applied_op_field')
        batch_op.drop_index('ix_applied_op_device_hlc')

    op.drop_table('applied_op')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_sector'))

    op.drop_table('agency')
