"""Importing and exporting the book: the native CSV/JSON format, checked before anything is written."""
