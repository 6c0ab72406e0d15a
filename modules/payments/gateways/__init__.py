"""The registry of payment gateways: the three built in, and those other modules add.

    from modules.payments.gateways import register_gateway
    register_gateway(PayPalGateway())      # from the paypal module's init_app

`gateway(code)` finds one, `registered()` lists them in registration order. The registry
is per process, like events' subscriptions; a gateway is offered on a platform only when
its `module` is enabled there (services/payments.py, `available_methods`).
"""

from __future__ import annotations

import re

from modules.payments.gateways.base import Gateway

_gateways: dict[str, Gateway] = {}
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def register_gateway(instance: Gateway) -> Gateway:
    """Add a gateway (idempotent for the same class; a code taken by another class is a
    programming error: ValueError)."""
    if not isinstance(instance, Gateway):
        raise TypeError("register_gateway() takes a Gateway instance")
    if not CODE_RE.match(getattr(instance, "code", "") or ""):
        raise ValueError(
            f"gateway code {getattr(instance, 'code', None)!r} must match {CODE_RE.pattern}"
        )
    known = _gateways.get(instance.code)
    if known is not None and type(known) is not type(instance):
        raise ValueError(f"gateway code {instance.code!r} is taken by {type(known).__name__}")
    _gateways[instance.code] = instance
    return instance


def gateway(code: str) -> Gateway | None:
    _register_builtins()
    return _gateways.get(code)


def registered() -> list[Gateway]:
    _register_builtins()
    return list(_gateways.values())


def _register_builtins() -> None:
    if "bank_transfer" in _gateways:
        return
    from modules.payments.gateways.offline import BankTransfer, CashOnDelivery
    from modules.payments.gateways.stripe import StripeCheckout

    # First in, so they keep their place before any module's.
    existing = dict(_gateways)
    _gateways.clear()
    for builtin in (BankTransfer(), CashOnDelivery(), StripeCheckout()):
        _gateways[builtin.code] = builtin
    _gateways.update(existing)
