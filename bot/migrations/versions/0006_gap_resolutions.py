"""gap resolutions: an editor marks a gap question answered by a page

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gap_resolutions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("page_path", sa.String(length=500), nullable=False),
        sa.Column("heading", sa.String(length=500), nullable=True),
        sa.Column("marked_by", sa.String(length=254), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("gap_resolutions")
