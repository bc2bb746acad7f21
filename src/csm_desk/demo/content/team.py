"""Our side of the table: the CSMs who own demo accounts, the people on save teams,
and the (invented) competitors."""

from __future__ import annotations

MAYA, JORDAN, RAFAEL = "Maya Chen", "Jordan Ellis", "Rafael Moura"
VP_CS = "Alex Romero"
SOLUTIONS = "Priya Nair"
SUPPORT = "Lena Fischer"
SALES = "Sofia Marsh"
FINANCE = "Daniel Cho"
EXEC = "Helena Prates"
PRODUCT = "Nate Rivers"

OWNERS = {"en": (MAYA, JORDAN), "pt-BR": (RAFAEL,)}
OUR_PRODUCT = "Pulseboard"
"""What the demo team sells: the product the demo book's call scripts name (its CSM is each account's owner)."""
COMPETITORS = ("Brightloop", "Pivotly", "Quillstack", "Tallyforge", "Vantora")
