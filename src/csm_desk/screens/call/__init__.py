"""Call mode: the screen (``screen``), its draft autosave, its header, what it captures,
its modals and its message templates. The app opens it on ``OpenCall``."""

from csm_desk.screens.call.screen import CallScreen

__all__ = ["CallScreen"]
