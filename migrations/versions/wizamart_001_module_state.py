"""Framework: per-platform module state, stamps and the change log.

Revision ID: wizamart_001
Revises:
Create Date: 2026-11-28

"""

import sqlalchemy as sa
from alembic import op

revision = "wizamart_001"
down_revision = None
branch_labels = ("wizamart",)
depends_on = None


def upgrade():
    op.create_table(
        "module_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("cascaded", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_change")),
    )
    with op.batch_alter_table("module_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_module_change_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_module_change_platform_id"), ["platform_id"], unique=False
        )

    op.create_table(
        "platform_module",
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("module_code", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform_id", "module_code", name=op.f("pk_platform_module")),
    )
    op.create_table(
        "platform_module_stamp",
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("platform_id", name=op.f("pk_platform_module_stamp")),
    )


def downgrade():
    op.drop_table("platform_module_stamp")
    op.drop_table("platform_module")
    with op.batch_alter_table("module_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_module_change_platform_id"))
        batch_op.drop_index(batch_op.f("ix_module_change_created_at"))
    op.drop_table("module_change")
