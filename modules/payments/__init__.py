"""The payments module: payment methods per shop, payments, refunds, provider webhooks."""
