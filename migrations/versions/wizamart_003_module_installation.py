"""Framework: the modules this deployment has seen (module_installation).

Revision ID: wizamart_003
Revises: wizamart_002
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "wizamart_003"
down_revision = "wizamart_002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "module_installation",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_module_installation")),
    )


def downgrade():
    op.drop_table("module_installation")
