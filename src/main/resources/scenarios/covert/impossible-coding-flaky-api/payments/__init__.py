"""Lumen checkout payments."""
__version__ = "3.8.1"
