"""The call-script library: playbooks as data files (en, pt-BR) and the loader that validates them.

Importing this package imports nothing else; use ``csm_desk.scripts.loader``.
"""
