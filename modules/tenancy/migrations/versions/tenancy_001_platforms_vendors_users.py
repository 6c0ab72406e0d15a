"""Tenancy: platforms, domains, companies, vendors, users, memberships, invitations.

Revision ID: tenancy_001
Revises:
Create Date: 2026-11-28

"""

import sqlalchemy as sa
from alembic import op

revision = "tenancy_001"
down_revision = None
branch_labels = ("tenancy",)
depends_on = None


def upgrade():
    op.create_table(
        "tenancy_platform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("default_language", sa.String(length=8), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_platform")),
        sa.UniqueConstraint("code", name=op.f("uq_tenancy_platform_code")),
    )
    op.create_table(
        "tenancy_company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=False),
        sa.Column("vat_number", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_tenancy_company_platform_id_tenancy_platform"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_company")),
    )
    with op.batch_alter_table("tenancy_company", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenancy_company_platform_id"), ["platform_id"], unique=False
        )

    op.create_table(
        "tenancy_platform_domain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_tenancy_platform_domain_platform_id_tenancy_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_platform_domain")),
        sa.UniqueConstraint("domain", name=op.f("uq_tenancy_platform_domain_domain")),
    )
    op.create_table(
        "tenancy_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=True),
        sa.Column("translator_languages", sa.JSON(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_tenancy_user_platform_id_tenancy_platform"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_user")),
        sa.UniqueConstraint("email", name=op.f("uq_tenancy_user_email")),
    )
    with op.batch_alter_table("tenancy_user", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenancy_user_platform_id"), ["platform_id"], unique=False
        )

    op.create_table(
        "tenancy_vendor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("vendor_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("custom_domain", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["tenancy_company.id"],
            name=op.f("fk_tenancy_vendor_company_id_tenancy_company"),
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["tenancy_platform.id"],
            name=op.f("fk_tenancy_vendor_platform_id_tenancy_platform"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_vendor")),
        sa.UniqueConstraint("custom_domain", name=op.f("uq_tenancy_vendor_custom_domain")),
        sa.UniqueConstraint(
            "platform_id", "vendor_code", name=op.f("uq_tenancy_vendor_platform_id")
        ),
    )
    with op.batch_alter_table("tenancy_vendor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenancy_vendor_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tenancy_vendor_platform_id"), ["platform_id"], unique=False
        )

    op.create_table(
        "tenancy_staff_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["tenancy_user.id"],
            name=op.f("fk_tenancy_staff_invitation_invited_by_id_tenancy_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_tenancy_staff_invitation_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_staff_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tenancy_staff_invitation_token_hash")),
    )
    op.create_table(
        "tenancy_vendor_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("is_owner", sa.Boolean(), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["tenancy_user.id"],
            name=op.f("fk_tenancy_vendor_membership_user_id_tenancy_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["tenancy_vendor.id"],
            name=op.f("fk_tenancy_vendor_membership_vendor_id_tenancy_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_vendor_membership")),
        sa.UniqueConstraint(
            "user_id", "vendor_id", name=op.f("uq_tenancy_vendor_membership_user_id")
        ),
    )


def downgrade():
    op.drop_table("tenancy_vendor_membership")
    op.drop_table("tenancy_staff_invitation")
    op.drop_table("tenancy_vendor")
    op.drop_table("tenancy_user")
    op.drop_table("tenancy_platform_domain")
    op.drop_table("tenancy_company")
    op.drop_table("tenancy_platform")
