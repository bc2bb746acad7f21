"""The facts a script's placeholders are filled with, taken from one account.

Every placeholder a script may use is listed in ``PLACEHOLDERS`` with what fills it, and
``script_values`` fills exactly those names: the validator accepts no other. People are
filled by their role on the account (the champion, the champion who left and the one who
took over, the executive sponsor, the day-to-day user); ``*_first_name`` is for speaking to
someone ("Hi Juliana"), ``*_name`` for speaking about them. What cannot be known — a role
nobody holds, a competitor's name, the day you will propose — is left out, so the script
shows it marked (``⟨sponsor_first_name⟩``) instead of naming the wrong person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from csm_desk.domain.facts import MetricPoint
from csm_desk.store.views import AccountDetail, ContactView

# name -> what fills it (shown by the validator's message and the README's list).
PLACEHOLDERS: dict[str, str] = {
    "contact_name": "the main contact: the active champion, else the sponsor, a decision maker, a user",
    "contact_first_name": "the main contact's first name, to speak to them",
    "champion_name": "the active champion",
    "champion_first_name": "the active champion's first name",
    "departed_champion_name": "the champion who left (when exactly one did)",
    "departed_champion_first_name": "the first name of the champion who left",
    "new_champion_name": "whoever took over from a champion who left (the active champion then)",
    "new_champion_first_name": "the new champion's first name",
    "new_contact_name": "older name of new_champion_name, kept for scripts written with it",
    "sponsor_name": "the executive sponsor",
    "sponsor_first_name": "the executive sponsor's first name",
    "user_name": "a day-to-day user",
    "user_first_name": "a day-to-day user's first name",
    "company": "the account's name",
    "csm_name": "your name (app.me), else the account's owner",
    "product": "your product (app.product), else the one the book names (the demo's)",
    "change": "the biggest concrete drop in usage or health, in words",
    "usage_numbers": "the latest usage in plain numbers: active users, logins, features in use",
    "renewal_date": "the renewal date",
    "days_to_renewal": "days until the renewal",
    "arr": "the account's ARR",
    "proposed_day": "the day you propose: from the call's first commitment",
    "competitor": "the competitor's name: typed on the call (F2)",
}

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "pt-BR": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
}
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "pt-BR": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
}
CHANGES = {
    "logins": {"en": "logins fell {pct}% since {month}", "pt-BR": "os logins caíram {pct}% desde {month}"},
    "active_users": {
        "en": "active users fell {pct}% since {month}",
        "pt-BR": "os usuários ativos caíram {pct}% desde {month}",
    },
    "health": {
        "en": "your health score went from {before} to {after} since {month}",
        "pt-BR": "o índice de saúde da conta foi de {before} para {after} desde {month}",
    },
}
MIN_DROP_PCT = 10  # a smaller move is not worth naming on a call


def _lang(language: str) -> str:
    return "pt-BR" if language == "pt-BR" else "en"


def long_date(day: date, language: str) -> str:
    lang = _lang(language)
    if lang == "pt-BR":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {MONTHS['en'][day.month - 1][:3]} {day.year}"


def spoken_day(day: date, language: str) -> str:
    """A day as it is said on a call: 'Thursday 26 Nov' / 'quinta-feira, 26/11'."""
    lang = _lang(language)
    if lang == "pt-BR":
        return f"{WEEKDAYS[lang][day.weekday()]}, {day.day:02d}/{day.month:02d}"
    return f"{WEEKDAYS[lang][day.weekday()]} {day.day} {MONTHS['en'][day.month - 1][:3]}"


def describe_change(history: Sequence[MetricPoint], language: str) -> str | None:
    """The biggest concrete drop over the history, as a sentence fragment, or None."""
    lang = _lang(language)
    best: tuple[float, str] | None = None
    for attr in ("logins", "active_users"):
        known = [p for p in history if getattr(p, attr) is not None]
        if len(known) < 2:
            continue
        peak = max(known[:-1], key=lambda p: getattr(p, attr))
        before, after = getattr(peak, attr), getattr(known[-1], attr)
        if before > 0 and after < before:
            pct = round((before - after) * 100 / before)
            if pct >= MIN_DROP_PCT and (best is None or pct > best[0]):
                month = MONTHS[lang][peak.date.month - 1]
                best = (pct, CHANGES[attr][lang].format(pct=pct, month=month))
    if best is not None:
        return best[1]
    healths = [(p, p.health) for p in history if p.health is not None]
    if len(healths) >= 2:
        peak, peak_health = max(healths[:-1], key=lambda ph: ph[1])
        last_health = healths[-1][1]
        if peak_health - last_health >= MIN_DROP_PCT:
            month = MONTHS[lang][peak.date.month - 1]
            return CHANGES["health"][lang].format(before=peak_health, after=last_health, month=month)
    return None


NUMBER_WORDS = {
    "en": {
        "active_users": ("{n} active user", "{n} active users"),
        "logins": ("{n} login in the last 30 days", "{n} logins in the last 30 days"),
        "adoption": "{pct}% of the features in use",
        "and": " and ",
    },
    "pt-BR": {
        "active_users": ("{n} usuário ativo", "{n} usuários ativos"),
        "logins": ("{n} login nos últimos 30 dias", "{n} logins nos últimos 30 dias"),
        "adoption": "{pct}% das funcionalidades em uso",
        "and": " e ",
    },
}


def _number(n: int, language: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if _lang(language) == "pt-BR" else text


def usage_numbers(history: Sequence[MetricPoint], language: str) -> str | None:
    """The latest known active users, logins and feature adoption, as a phrase; None when none is known."""
    words = NUMBER_WORDS[_lang(language)]
    parts: list[str] = []
    for attr in ("active_users", "logins"):
        value = next((getattr(p, attr) for p in reversed(history) if getattr(p, attr) is not None), None)
        if value is not None:
            one, many = words[attr]
            parts.append((one if value == 1 else many).format(n=_number(value, language)))
    adoption = next((p.feature_adoption for p in reversed(history) if p.feature_adoption is not None), None)
    if adoption is not None:
        parts.append(str(words["adoption"]).format(pct=round(adoption)))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + str(words["and"]) + parts[-1]


def first_name(name: str) -> str | None:
    """The name a person is called by: the first word ("Juliana Prado" → "Juliana"; "Prado, Juliana" →
    "Juliana"); None for a blank name."""
    name = " ".join(name.split())
    if "," in name:
        last, _, first = name.partition(",")
        name = first.strip() or last.strip()
    return name.split()[0] if name else None


def _active(contacts: Sequence[ContactView], *roles: str) -> ContactView | None:
    """The first active contact of the first role that has one (the store orders contacts by name)."""
    for role in roles:
        for c in contacts:
            if c.status == "active" and c.role == role and c.name.strip():
                return c
    return None


def _departed_champion(contacts: Sequence[ContactView]) -> ContactView | None:
    """The champion who left, when exactly one did: with several, which one is meant is not known."""
    gone = [c for c in contacts if c.role == "champion" and c.status == "left" and c.name.strip()]
    return gone[0] if len(gone) == 1 else None


def _names(prefix: str, contact: ContactView | None) -> dict[str, str | None]:
    return {
        f"{prefix}_name": " ".join(contact.name.split()) if contact else None,
        f"{prefix}_first_name": first_name(contact.name) if contact else None,
    }


def script_values(
    detail: AccountDetail,
    today: date,
    language: str,
    *,
    csm_name: str = "",
    product: str = "",
    proposed_day: date | None = None,
) -> dict[str, str | None]:
    """Placeholder values for ``detail`` in ``language``: every name of ``PLACEHOLDERS``, None when unknown."""
    a = detail.account
    champion = _active(detail.contacts, "champion")
    departed = _departed_champion(detail.contacts)
    any_left = any(c.role == "champion" and c.status == "left" for c in detail.contacts)
    successor = champion if any_left else None  # the active champion is the successor only after one left
    values: dict[str, str | None] = {
        **_names("contact", _active(detail.contacts, "champion", "sponsor", "decision_maker", "user")),
        **_names("champion", champion),
        **_names("departed_champion", departed),
        **_names("new_champion", successor),
        "new_contact_name": " ".join(successor.name.split()) if successor else None,
        **_names("sponsor", _active(detail.contacts, "sponsor")),
        **_names("user", _active(detail.contacts, "user")),
        "company": a.name,
        "csm_name": csm_name.strip() or a.owner.strip() or None,
        "product": product.strip() or detail.product.strip() or None,
        "change": describe_change(detail.history, language),
        "usage_numbers": usage_numbers(detail.history, language),
        "renewal_date": long_date(a.renewal_date, language) if a.renewal_date else None,
        "days_to_renewal": str((a.renewal_date - today).days) if a.renewal_date else None,
        "arr": f"${a.arr:,.0f}" if a.arr is not None else None,
        "proposed_day": spoken_day(proposed_day, language) if proposed_day else None,
        "competitor": None,
    }
    return values
