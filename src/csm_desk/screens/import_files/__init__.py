"""The import screen (``i``, or "Import files…" in the palette): the files, a preview, the import. ``view``
draws an outcome; ``screen`` holds the fields and runs the workers."""

from csm_desk.screens.import_files.screen import ImportScreen

__all__ = ["ImportScreen"]
