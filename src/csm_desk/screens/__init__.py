"""Top-level screens and modals."""
