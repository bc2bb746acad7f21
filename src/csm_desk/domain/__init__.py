"""Pure domain rules: red flags, at-risk, triage, cadence.

Nothing here imports textual, sqlmodel or sqlalchemy, nor does any I/O: the store
builds the small frozen facts these functions take, and the screens render what
they return. A test checks this in a subprocess.
"""
