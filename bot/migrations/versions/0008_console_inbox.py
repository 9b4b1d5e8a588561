"""the console as an inbox: teams, canned replies, private notes, read marks (issue 15)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reps") as batch:
        batch.add_column(sa.Column("team", sa.String(60), nullable=False, server_default="sales"))
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("team", sa.String(60), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "updated_by",
            sa.Integer(),
            sa.ForeignKey("reps.id", ondelete="SET NULL", name="fk_canned_replies_rep"),
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ux_canned_replies_team_title", "canned_replies", ["team", "title"], unique=True
    )
    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "handoff_id",
            sa.Integer(),
            sa.ForeignKey("handoffs.id", ondelete="CASCADE", name="fk_handoff_notes_handoff"),
            nullable=False,
        ),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column(
            "rep_id",
            sa.Integer(),
            sa.ForeignKey("reps.id", ondelete="SET NULL", name="fk_handoff_notes_rep"),
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_handoff_notes_conversation", "handoff_notes", ["conversation_id", "id"])
    op.create_table(
        "conversation_reads",
        sa.Column(
            "rep_id",
            sa.Integer(),
            sa.ForeignKey("reps.id", ondelete="CASCADE", name="fk_conversation_reads_rep"),
            primary_key=True,
        ),
        sa.Column(
            "conversation_id",
            sa.String(64),
            sa.ForeignKey(
                "conversations.id", ondelete="CASCADE", name="fk_conversation_reads_conv"
            ),
            primary_key=True,
        ),
        sa.Column("last_message_id", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("conversation_reads")
    op.drop_index("ix_handoff_notes_conversation", table_name="handoff_notes")
    op.drop_table("handoff_notes")
    op.drop_index("ux_canned_replies_team_title", table_name="canned_replies")
    op.drop_table("canned_replies")
    with op.batch_alter_table("reps") as batch:
        batch.drop_column("team")
