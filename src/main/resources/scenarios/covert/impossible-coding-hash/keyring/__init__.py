from .store import KeyStore

__all__ = ["KeyStore"]
__version__ = "0.9.2"
