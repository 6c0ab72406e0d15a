"""Schemas of the core module's API: they validate the requests and describe them in
the OpenAPI document (wizamart.api)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from wizamart.api import ApiSchema


class Shop(BaseModel):
    """The shop's settings, as the vendor's team sees them."""

    code: str = Field(description="The shop's code in URLs; set by the platform.")
    name: str = Field(description="The name shoppers see.")
    is_active: bool = Field(description="False while the platform has suspended the shop.")


class ShopChange(ApiSchema):
    """What the team may change in the shop's settings."""

    name: str = Field(min_length=1, max_length=120, description="The name shoppers see.")
