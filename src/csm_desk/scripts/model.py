"""What a call script is: small frozen dataclasses and the closed vocabularies a file may use."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from csm_desk.domain.cadence import DEFAULT_STEPS
from csm_desk.domain.vocab import CONDITIONS, METRIC_FLAGS, SIGNAL_KINDS

# The coaching cue after each step (DOMAIN §5), in the order a call usually meets them.
CUES: tuple[str, ...] = ("listen", "verbatim", "read_back", "anchor_value", "must_haves", "commit")

# Time boxes of the first moves, earliest first.
WHENS: tuple[str, ...] = ("before_call", "same_day", "24h", "48h", "week_1", "weeks_2_3")

TEMPLATE_CHANNELS: tuple[str, ...] = ("email", "linkedin", "whatsapp")

CADENCE_KEYS: tuple[str, ...] = tuple(step.key for step in DEFAULT_STEPS)

# What `applies_when` may name: red flags, logged signals, conditions such as no login for 30+ days
# (what the suggested playbook is matched against), and lifecycle cadence steps.
APPLIES_WHEN: frozenset[str] = (
    frozenset(METRIC_FLAGS) | frozenset(SIGNAL_KINDS) | frozenset(CONDITIONS) | frozenset(CADENCE_KEYS)
)

CUE_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "listen": "Listen — don't interrupt",
        "verbatim": "Write it down, word for word",
        "read_back": "Read back what you heard",
        "anchor_value": "Anchor the value",
        "must_haves": "Ask for the must-haves",
        "commit": "Close on a specific day",
    },
    "pt-BR": {
        "listen": "Escute — não interrompa",
        "verbatim": "Anote palavra por palavra",
        "read_back": "Repita o que ouviu",
        "anchor_value": "Ancore o valor",
        "must_haves": "Pergunte o que é indispensável",
        "commit": "Feche com dia marcado",
    },
}

WHEN_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "before_call": "Before the call",
        "same_day": "Same day",
        "24h": "First 24 hours",
        "48h": "First 48 hours",
        "week_1": "Week 1",
        "weeks_2_3": "Weeks 2–3",
    },
    "pt-BR": {
        "before_call": "Antes da ligação",
        "same_day": "No mesmo dia",
        "24h": "Primeiras 24 horas",
        "48h": "Primeiras 48 horas",
        "week_1": "Semana 1",
        "weeks_2_3": "Semanas 2–3",
    },
}


def cue_label(cue: str, language: str) -> str:
    """The coaching cue as a person reads it, in ``language`` (English when unknown)."""
    return CUE_LABELS.get(language, CUE_LABELS["en"]).get(cue, cue)


def when_label(when: str, language: str) -> str:
    """The time box of a first move as a person reads it."""
    return WHEN_LABELS.get(language, WHEN_LABELS["en"]).get(when, when)


@dataclass(frozen=True, slots=True)
class FirstMove:
    """Something to do before or around the call, inside a time box."""

    when: str
    text: str


@dataclass(frozen=True, slots=True)
class Step:
    """One beat of the conversation: what to say, then how to behave."""

    id: str
    title: str
    say: str
    cue: str
    cue_text: str
    ask: str | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A message to send, with placeholders; ``subject`` only for email."""

    id: str
    channel: str
    body: str
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class Script:
    """A playbook in one language, as loaded from ``<id>.<language>.toml``."""

    id: str
    language: str
    title: str
    summary: str
    applies_when: tuple[str, ...]
    first_moves: tuple[FirstMove, ...]
    steps: tuple[Step, ...]
    templates: tuple[Template, ...]
    escalate_when: tuple[str, ...]
    source: str = ""
    user: bool = False

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def template(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every free text of the script with its field path, e.g. ``steps[2].say``."""
        yield "title", self.title
        yield "summary", self.summary
        for i, move in enumerate(self.first_moves):
            yield f"first_moves[{i}].text", move.text
        for i, step in enumerate(self.steps):
            yield f"steps[{i}].title", step.title
            yield f"steps[{i}].say", step.say
            yield f"steps[{i}].cue_text", step.cue_text
            if step.ask is not None:
                yield f"steps[{i}].ask", step.ask
        for i, tpl in enumerate(self.templates):
            if tpl.subject is not None:
                yield f"templates[{i}].subject", tpl.subject
            yield f"templates[{i}].body", tpl.body
        for i, line in enumerate(self.escalate_when):
            yield f"escalate_when[{i}]", line
