"""Framework: job effects that must happen once (idempotent jobs).

Revision ID: wizamart_002
Revises: wizamart_001
Create Date: 2026-11-28

"""

import sqlalchemy as sa
from alembic import op

revision = "wizamart_002"
down_revision = "wizamart_001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_effect",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_job_effect")),
    )


def downgrade():
    op.drop_table("job_effect")
