"""fieldcase: encrypted, offline-first case management for child victims of sexual exploitation."""

__version__ = "0.1.0"
