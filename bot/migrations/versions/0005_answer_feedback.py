"""answer feedback: buyers' helpful / not-helpful on bot answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name="fk_answer_feedback_message", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ux_answer_feedback_message", "answer_feedback", ["message_id"], unique=True)
    op.create_index("ix_answer_feedback_conversation", "answer_feedback", ["conversation_id"])
    op.create_index("ix_answer_feedback_created", "answer_feedback", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_answer_feedback_created", table_name="answer_feedback")
    op.drop_index("ix_answer_feedback_conversation", table_name="answer_feedback")
    op.drop_index("ux_answer_feedback_message", table_name="answer_feedback")
    op.drop_table("answer_feedback")
