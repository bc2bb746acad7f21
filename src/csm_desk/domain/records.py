"""What a hand-typed record must be before it is stored: the same rules as the importer
(ARR a number ≥ 0, dates real, a renewal not before the contract started), with each
problem named by its field so a form can show it beside the box.

Pure: text in, values or ``{field: message}`` out. The store checks again on write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from csm_desk.domain.vocab import CONTACT_ROLES, CONTACT_STATUSES, LANGUAGES

MAX_AMOUNT = 1e15
"""Beyond any ARR; keeps values inside what every database stores exactly (as the importer does)."""
MAX_DURATION_MIN = 24 * 60
"""A call or meeting longer than a day is a typing slip."""
_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", re.ASCII)


class FieldError(ValueError):
    """One field's value is not acceptable; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_amount(text: str, field: str = "arr", label: str = "ARR") -> float | None:
    """A money amount as typed: ``184000``, ``184,000`` or ``184000.50``; blank is unknown.

    Only a comma as the thousands mark and a point for cents are read: ``184.000`` would be
    184 in one convention and 184 thousand in another, so it is refused, never guessed."""
    text = text.strip()
    if not text:
        return None
    if len(text) > 40 or not _AMOUNT.fullmatch(text):
        raise FieldError(field, f"{label}: write digits, e.g. 184000 or 184,000.50 (got {text!r})")
    value = float(text.replace(",", ""))
    if value >= MAX_AMOUNT:
        raise FieldError(field, f"{label} is too large (got {text})")
    return value


def parse_minutes(text: str, field: str = "duration") -> int | None:
    """A duration in whole minutes; blank is unknown."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise FieldError(field, f"Duration: whole minutes, e.g. 30 (got {text!r})")
    minutes = int(text)
    if not 1 <= minutes <= MAX_DURATION_MIN:
        raise FieldError(field, f"Duration: between 1 and {MAX_DURATION_MIN} minutes (got {minutes})")
    return minutes


@dataclass(frozen=True)
class AccountFields:
    """Every fact about an account a CSM can type (the pipeline's own fields excepted)."""

    name: str
    external_id: str = ""
    arr: float | None = None
    strategic: bool = False
    segment: str = ""
    industry: str = ""
    language: str = "en"
    owner: str = ""
    contract_start: date | None = None
    renewal_date: date | None = None
    last_renewal: date | None = None
    last_expansion: date | None = None

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


ACCOUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(AccountFields))


def account_problems(a: AccountFields) -> dict[str, str]:
    """Each field that is wrong, with why; empty when the record can be stored."""
    problems: dict[str, str] = {}
    if not a.name.strip():
        problems["name"] = "An account needs a name."
    if a.arr is not None and not (0 <= a.arr < MAX_AMOUNT):
        problems["arr"] = "ARR cannot be negative." if a.arr < 0 else "ARR is too large."
    if a.language not in LANGUAGES:
        problems["language"] = f"Language: one of {', '.join(LANGUAGES)}."
    if a.contract_start and a.renewal_date and a.renewal_date < a.contract_start:
        problems["renewal_date"] = (
            f"The renewal ({a.renewal_date.isoformat()}) cannot come before the contract started "
            f"({a.contract_start.isoformat()})."
        )
    for key in ("last_renewal", "last_expansion"):
        day = getattr(a, key)
        if day and a.contract_start and day < a.contract_start:
            problems[key] = f"Cannot come before the contract started ({a.contract_start.isoformat()})."
    return problems


@dataclass(frozen=True)
class ContactFields:
    name: str
    title: str = ""
    role: str = "user"
    email: str = ""
    phone: str = ""
    status: str = "active"

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def contact_problems(c: ContactFields) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not c.name.strip():
        problems["name"] = "A contact needs a name."
    if c.role not in CONTACT_ROLES:
        problems["role"] = f"Role: one of {', '.join(CONTACT_ROLES)}."
    if c.status not in CONTACT_STATUSES:
        problems["status"] = f"Status: one of {', '.join(CONTACT_STATUSES)}."
    if c.email.strip() and not _EMAIL.fullmatch(c.email.strip()):
        problems["email"] = f"Not an e-mail address: {c.email.strip()!r}."
    return problems
