"""csm-desk: a keyboard-driven terminal workspace for a Customer Success Manager."""

__version__ = "0.1.0"
