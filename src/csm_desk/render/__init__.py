"""Rich output shared by the command line and the TUI; no textual here, so commands stay light."""
