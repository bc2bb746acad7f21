"""The facts a script's placeholders are filled with, taken from one account.

What cannot be known (a competitor's name, the day you will propose) is left out,
so the script shows it marked instead of inventing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from csm_desk.domain.facts import MetricPoint
from csm_desk.store.views import AccountDetail, ContactView

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


def _contact(contacts: Sequence[ContactView]) -> ContactView | None:
    active = [c for c in contacts if c.status == "active"]
    for role in ("champion", "sponsor", "decision_maker", "user"):
        for c in active:
            if c.role == role:
                return c
    return None


def script_values(
    detail: AccountDetail,
    today: date,
    language: str,
    *,
    csm_name: str = "",
    product: str = "",
    proposed_day: date | None = None,
) -> dict[str, str | None]:
    """Placeholder values for ``detail`` in ``language``; unknown ones are None."""
    a = detail.account
    contact = _contact(detail.contacts)
    left = any(c.role == "champion" and c.status == "left" for c in detail.contacts)
    new_champion = detail.champion if left else None
    return {
        "contact_name": contact.name if contact else None,
        "contact_first_name": contact.name.split()[0] if contact and contact.name.strip() else None,
        "company": a.name,
        "csm_name": csm_name or a.owner or None,
        "change": describe_change(detail.history, language),
        "proposed_day": spoken_day(proposed_day, language) if proposed_day else None,
        "renewal_date": long_date(a.renewal_date, language) if a.renewal_date else None,
        "days_to_renewal": str((a.renewal_date - today).days) if a.renewal_date else None,
        "product": product or None,
        "new_contact_name": new_champion.name if new_champion else None,
        "competitor": None,
        "arr": f"${a.arr:,.0f}" if a.arr is not None else None,
    }
