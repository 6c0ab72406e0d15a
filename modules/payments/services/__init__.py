"""The payments module's services. The public interface for other modules (orders,
checkout, gateway modules) is `services/payments.py` and `gateways/` (docs/payments.md)."""
