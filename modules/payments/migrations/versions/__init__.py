"""The payments branch."""
