"""Tenancy: per-vendor API tokens (only their hashes).

Revision ID: tenancy_002
Revises: tenancy_001
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "tenancy_002"
down_revision = "tenancy_001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tenancy_api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["tenancy_user.id"],
            name=op.f("fk_tenancy_api_token_created_by_id_tenancy_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_tenancy_api_token_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_api_token")),
        sa.UniqueConstraint("prefix", name=op.f("uq_tenancy_api_token_prefix")),
    )
    with op.batch_alter_table("tenancy_api_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenancy_api_token_vendor_id"), ["vendor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tenancy_api_token_created_by_id"), ["created_by_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("tenancy_api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenancy_api_token_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_tenancy_api_token_vendor_id"))
    op.drop_table("tenancy_api_token")
