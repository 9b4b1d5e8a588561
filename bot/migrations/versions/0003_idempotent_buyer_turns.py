"""idempotent buyer turns: client message ids, reply links and turn state

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("reply_to", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("turn_state", sa.String(length=10), nullable=True))
        batch.create_foreign_key(
            "fk_messages_reply_to", "messages", ["reply_to"], ["id"], ondelete="SET NULL"
        )
    op.create_index(
        "ux_messages_conversation_client_id",
        "messages",
        ["conversation_id", "client_id"],
        unique=True,
    )
    op.create_index("ix_messages_reply_to", "messages", ["reply_to"])


def downgrade() -> None:
    op.drop_index("ix_messages_reply_to", table_name="messages")
    op.drop_index("ux_messages_conversation_client_id", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_reply_to", type_="foreignkey")
        batch.drop_column("turn_state")
        batch.drop_column("reply_to")
        batch.drop_column("client_id")
