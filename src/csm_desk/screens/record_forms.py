"""The forms that create and correct the book's records: an account, a contact (and the
successor of one who leaves), a signal; and the picker of what to edit on an account.

Each field sits on one line with its label; a problem shows right under its field and
nothing is sent until every field is right (the same rules as the importer, from
``domain/records.py``). The store checks again, so a refusal there is shown as well."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from csm_desk.domain.dates import DateError
from csm_desk.domain.records import (
    AccountFields,
    ContactFields,
    FieldError,
    account_problems,
    contact_problems,
    parse_amount,
)
from csm_desk.domain.vocab import CONTACT_ROLES, FLAG_LABELS, LANGUAGES, SIGNAL_KINDS
from csm_desk.render.privacy import title as title_text
from csm_desk.screens.modals import Form
from csm_desk.store.views import AccountDetail, AccountView, ContactView, SignalView
from csm_desk.widgets.date_input import DateInput
from csm_desk.widgets.privacy import FollowsPrivacy, PrivateInput, is_private

LABEL_WIDTH = 18


class RecordForm(Form):
    """A form of labelled one-line fields, each with the line for its problem under it."""

    DEFAULT_CSS = f"""
    RecordForm > Vertical {{ width: 84; }}
    RecordForm #fields {{ height: auto; max-height: 20; }}
    RecordForm .row {{ height: auto; }}
    RecordForm .row > Label {{ width: {LABEL_WIDTH}; color: $text-muted; }}
    RecordForm .row > Input, RecordForm .row > Select {{ width: 1fr; }}
    RecordForm .row > DateInput {{ width: 1fr; }}
    RecordForm .row > Checkbox {{ width: 1fr; }}
    RecordForm Input.-textual-compact:focus {{ background: $boost; }}
    RecordForm .field-error {{ color: $error; padding: 0 0 0 {LABEL_WIDTH}; display: none; }}
    """

    FIELDS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, object] = {}

    @staticmethod
    def row(key: str, label: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="row", id=f"row-{key}"):
            yield Label(label)
            yield widget
        yield Static("", id=f"err-{key}", classes="field-error")

    def on_mount(self) -> None:
        self._initial = self.values()

    def values(self) -> dict[str, object]:
        """What each field holds now, as typed."""
        out: dict[str, object] = {}
        for key in self.FIELDS:
            w = self.query_one(f"#f-{key}")
            out[key] = w.value if not isinstance(w, DateInput) else w.value.strip()
        return out

    def dirty(self) -> bool:
        return bool(self._initial) and self.values() != self._initial

    def text(self, key: str) -> str:
        return str(self.query_one(f"#f-{key}", Input).value)

    def day(self, key: str) -> date | None:
        """The date typed in ``key``; None when blank; ``FieldError`` when it is not a date."""
        field = self.query_one(f"#f-{key}", DateInput)
        if not field.value.strip():
            return None
        try:
            return field.parsed()[0]
        except DateError as exc:
            raise FieldError(key, str(exc)) from None

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under its field (the first one focused); the others cleared."""
        for key in self.FIELDS:
            line = self.query_one(f"#err-{key}", Static)
            said = problems.get(key, "")
            line.update(Text(said))
            line.display = bool(said)
        first = next((k for k in self.FIELDS if k in problems), None)
        if first is not None:
            self.query_one(f"#f-{first}").focus()
        self.show_error("Fix the field marked below." if problems else "")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


class AccountForm(RecordForm):
    """A new account (``account`` None) or every typed fact of one."""

    FIELDS = (
        "name",
        "external_id",
        "arr",
        "renewal_date",
        "contract_start",
        "last_renewal",
        "last_expansion",
        "owner",
        "segment",
        "industry",
        "language",
        "strategic",
    )

    def __init__(self, today: date, account: AccountView | None = None, *, owner: str = "") -> None:
        super().__init__()
        self.today = today
        self.account = account
        self.default_owner = owner

    def compose(self) -> ComposeResult:
        a = self.account
        title = "New account" if a is None else f"Account {a.name}"
        with Vertical():
            yield Label(Text(title), classes="title")
            yield Static("", id="error", classes="error")
            with VerticalScroll(id="fields"):

                def text(key: str, label: str, value: str, placeholder: str = "") -> ComposeResult:
                    yield from self.row(key, label, Input(value, placeholder=placeholder, id=f"f-{key}", compact=True))

                def day(key: str, label: str, value: date | None, blank: str) -> ComposeResult:
                    field = DateInput(
                        _iso(value), today=self.today, beside=True, blank=blank, compact=True, id=f"f-{key}"
                    )
                    yield from self.row(key, label, field)

                yield from text("name", "Name", a.name if a else "")
                yield from text("external_id", "CRM id", a.external_id if a else "", "blank: csm-desk numbers it")
                yield from self.row(
                    "arr",
                    "ARR (USD)",
                    PrivateInput(
                        _amount(a.arr) if a else "", placeholder="e.g. 184000; blank: unknown", id="f-arr", compact=True
                    ),
                )
                yield from day("renewal_date", "Renewal", a.renewal_date if a else None, "unknown")
                yield from day("contract_start", "Contract start", a.contract_start if a else None, "unknown")
                yield from day("last_renewal", "Last renewal", a.last_renewal if a else None, "none")
                yield from day("last_expansion", "Last expansion", a.last_expansion if a else None, "none")
                yield from text("owner", "Owner (CSM)", a.owner if a else self.default_owner)
                yield from text("segment", "Segment", a.segment if a else "")
                yield from text("industry", "Industry", a.industry if a else "")
                language = a.language if a and a.language in LANGUAGES else "en"
                yield from self.row(
                    "language",
                    "Language",
                    Select(
                        [(x, x) for x in LANGUAGES], value=language, allow_blank=False, compact=True, id="f-language"
                    ),
                )
                yield from self.row(
                    "strategic", "Strategic", Checkbox("", a.strategic if a else False, compact=True, id="f-strategic")
                )
            yield Static("tab moves · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#f-name").focus()

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        problems: dict[str, str] = {}
        days: dict[str, date | None] = {}
        for key in ("renewal_date", "contract_start", "last_renewal", "last_expansion"):
            try:
                days[key] = self.day(key)
            except FieldError as exc:
                problems[key] = exc.message
        arr = None
        try:
            arr = parse_amount(self.text("arr"))
        except FieldError as exc:
            problems["arr"] = exc.message
        if problems:
            self.show_problems(problems)
            return
        fields = AccountFields(
            name=self.text("name").strip(),
            external_id=self.text("external_id").strip(),
            arr=arr,
            strategic=self.query_one("#f-strategic", Checkbox).value,
            segment=self.text("segment").strip(),
            industry=self.text("industry").strip(),
            language=str(self.query_one("#f-language", Select).value),
            owner=self.text("owner").strip(),
            **days,
        )
        problems = account_problems(fields)
        self.show_problems(problems)
        if not problems:
            self.submit(fields)


@dataclass(frozen=True)
class ContactEdit:
    """What the contact form gives: the contact's fields, and who takes the role when they leave."""

    fields: ContactFields
    successor: int | ContactFields | None = None


NEW_PERSON = "new"


class ContactForm(RecordForm):
    """A new contact (``contact`` None) or a correction; a champion or sponsor marked as left
    names their successor here: another contact, or someone new."""

    FIELDS = ("name", "title", "role", "email", "phone", "status")
    DEFAULT_CSS = """
    ContactForm #successor { height: auto; }
    """

    def __init__(self, account_name: str, contact: ContactView | None, others: Sequence[ContactView] = ()) -> None:
        super().__init__()
        self.account_name = account_name
        self.contact = contact
        self.others = [c for c in others if c.status == "active" and (contact is None or c.id != contact.id)]

    def compose(self) -> ComposeResult:
        c = self.contact
        title = f"New contact at {self.account_name}" if c is None else f"{c.name} at {self.account_name}"
        with Vertical():
            yield Label(Text(title), classes="title")
            yield Static("", id="error", classes="error")
            with VerticalScroll(id="fields"):
                for key, label in (("name", "Name"), ("title", "Job title")):
                    yield from self.row(key, label, Input(getattr(c, key) if c else "", id=f"f-{key}", compact=True))
                role = c.role if c and c.role in CONTACT_ROLES else "user"
                yield from self.row(
                    "role",
                    "Role",
                    Select(
                        [(r.replace("_", " "), r) for r in CONTACT_ROLES],
                        value=role,
                        allow_blank=False,
                        compact=True,
                        id="f-role",
                    ),
                )
                for key, label in (("email", "E-mail"), ("phone", "Phone")):
                    yield from self.row(key, label, Input(getattr(c, key) if c else "", id=f"f-{key}", compact=True))
                status = c.status if c else "active"
                yield from self.row(
                    "status",
                    "Status",
                    Select(
                        [("active", "active"), ("left the company", "left")],
                        value=status,
                        allow_blank=False,
                        compact=True,
                        id="f-status",
                    ),
                )
                with Vertical(id="successor"):
                    yield Label("Who takes over their role?", classes="hint")
                    options = [(Text(f"{o.name} ({o.role.replace('_', ' ')})"), str(o.id)) for o in self.others]
                    yield from self.row(
                        "successor",
                        "Successor",
                        Select(
                            [*options, ("someone new", NEW_PERSON), ("nobody yet", "")],
                            value=NEW_PERSON,
                            allow_blank=False,
                            compact=True,
                            id="f-successor",
                        ),
                    )
                    yield from self.row("heir_name", "Their name", Input(id="f-heir_name", compact=True))
                    yield from self.row("heir_email", "Their e-mail", Input(id="f-heir_email", compact=True))
            yield Static("tab moves · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_successor()
        self.query_one("#f-name").focus()

    @property
    def leaving(self) -> bool:
        """A champion or sponsor who was active is being marked as left: a successor is asked."""
        c = self.contact
        status = self.query_one("#f-status", Select).value
        return c is not None and c.status == "active" and status == "left" and c.role in ("champion", "sponsor")

    def _show_successor(self) -> None:
        self.query_one("#successor").display = self.leaving
        new = self.query_one("#f-successor", Select).value == NEW_PERSON
        for key in ("heir_name", "heir_email"):
            self.query_one(f"#row-{key}").display = new

    @on(Select.Changed)
    def _changed(self) -> None:
        if self.is_mounted:
            self._show_successor()

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        c = self.contact
        fields = ContactFields(
            name=self.text("name").strip(),
            title=self.text("title").strip(),
            role=str(self.query_one("#f-role", Select).value),
            email=self.text("email").strip(),
            phone=self.text("phone").strip(),
            status=str(self.query_one("#f-status", Select).value),
        )
        problems = contact_problems(fields)
        successor: int | ContactFields | None = None
        if self.leaving:
            pick = str(self.query_one("#f-successor", Select).value)
            if pick == NEW_PERSON:
                heir = ContactFields(
                    name=self.text("heir_name").strip(), email=self.text("heir_email").strip(), role=c.role if c else ""
                )
                heir_problems = contact_problems(heir)
                for key in ("name", "email"):
                    if key in heir_problems:
                        problems[f"heir_{key}"] = heir_problems[key].replace("A contact", "The successor")
                successor = heir
            elif pick:
                successor = int(pick)
        self.show_problems(problems)
        if not problems:
            self.submit(ContactEdit(fields, successor))

    def show_problems(self, problems: dict[str, str]) -> None:
        for key in ("heir_name", "heir_email"):
            line = self.query_one(f"#err-{key}", Static)
            line.update(Text(problems.get(key, "")))
            line.display = key in problems
        super().show_problems(problems)
        if not any(k in problems for k in self.FIELDS):
            first = next((k for k in ("heir_name", "heir_email") if k in problems), None)
            if first:
                self.query_one(f"#f-{first}").focus()


@dataclass(frozen=True)
class SignalEdit:
    kind: str
    day: date
    quote: str
    resolved_on: date | None


class SignalForm(RecordForm):
    """Correct a signal: its kind, the day it was raised, their words, the day it was resolved
    (blank: still active, so clearing it reopens the signal)."""

    FIELDS = ("kind", "date", "quote", "resolved_on")

    def __init__(self, account_name: str, signal: SignalView, today: date) -> None:
        super().__init__()
        self.account_name = account_name
        self.signal = signal
        self.today = today

    def compose(self) -> ComposeResult:
        s = self.signal
        kinds = sorted(SIGNAL_KINDS.items(), key=lambda kv: kv[1])
        if s.kind not in SIGNAL_KINDS:  # a metric flag stored as a signal by an old import: kept as it is
            kinds.insert(0, (s.kind, FLAG_LABELS.get(s.kind, s.kind)))
        with Vertical():
            yield Label(Text(f"Signal on {self.account_name}"), classes="title")
            yield Static("", id="error", classes="error")
            with VerticalScroll(id="fields"):
                yield from self.row(
                    "kind",
                    "Signal",
                    Select(
                        [(label, k) for k, label in kinds], value=s.kind, allow_blank=False, compact=True, id="f-kind"
                    ),
                )
                yield from self.row(
                    "date",
                    "Raised on",
                    DateInput(s.date.isoformat(), today=self.today, beside=True, past=True, compact=True, id="f-date"),
                )
                yield from self.row("quote", "Their words", PrivateInput(s.quote, id="f-quote", compact=True))
                yield from self.row(
                    "resolved_on",
                    "Resolved on",
                    DateInput(
                        _iso(s.resolved_on),
                        today=self.today,
                        beside=True,
                        past=True,
                        blank="still active",
                        compact=True,
                        id="f-resolved_on",
                    ),
                )
            yield Static("blank 'resolved on' reopens it · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#f-date").focus()

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        problems: dict[str, str] = {}
        raised = resolved = None
        try:
            raised = self.day("date")
            if raised is None:
                problems["date"] = "The day it was raised is needed."
        except FieldError as exc:
            problems["date"] = exc.message
        try:
            resolved = self.day("resolved_on")
        except FieldError as exc:
            problems["resolved_on"] = exc.message
        if raised is not None and raised > self.today:
            problems["date"] = "A signal cannot be dated in the future."
        if resolved is not None and raised is not None and resolved < raised:
            problems["resolved_on"] = "A signal cannot be resolved before it was raised."
        if resolved is not None and resolved > self.today:
            problems["resolved_on"] = "A signal cannot be resolved in the future."
        self.show_problems(problems)
        if not problems and raised is not None:
            kind = str(self.query_one("#f-kind", Select).value)
            self.submit(SignalEdit(kind, raised, self.text("quote").strip(), resolved))


# -- what to edit ----------------------------------------------------------------------------
ACCOUNT = "account"
NEW_CONTACT = "contact-new"


def edit_options(
    detail: AccountDetail, notes: Sequence[tuple[int, str]], private: bool = False
) -> list[tuple[str, Text]]:
    """The account's records a CSM can correct, as (key, label): the account, its contacts, open
    follow-ups, notes and calls (``notes``: id and a line), and signals (resolved ones too). In
    privacy mode a follow-up's title a person wrote is hidden."""
    out: list[tuple[str, Text]] = [
        (ACCOUNT, Text("Account details — name, ARR, renewal, contract, owner, language…", style="bold")),
        (NEW_CONTACT, Text("+ New contact", style="bold")),
    ]
    for c in detail.contacts:
        left = " — left" if c.status == "left" else ""
        out.append(
            (f"contact:{c.id}", Text.assemble(("Contact  ", "dim"), f"{c.name} ({c.role.replace('_', ' ')}){left}"))
        )
    for f in detail.open_followups:
        at = f" {f.due_time:%H:%M}" if f.due_time else ""
        out.append(
            (
                f"followup:{f.id}",
                Text.assemble(
                    ("Follow-up  ", "dim"), f"{f.due.isoformat()}{at} ", title_text(f.title, f.title_written, private)
                ),
            )
        )
    for note_id, line in notes:
        out.append((f"note:{note_id}", Text.assemble(("Note  ", "dim"), line)))
    for s in detail.signals:
        state = f"resolved {s.resolved_on.isoformat()}" if s.resolved_on else "active"
        label = FLAG_LABELS.get(s.kind, s.kind)
        out.append(
            (f"signal:{s.id}", Text.assemble(("Signal  ", "dim"), f"{label} since {s.date.isoformat()} ({state})"))
        )
    return out


@dataclass(frozen=True)
class EditPick:
    """What the picker chose: ``key`` (``kind:id``) and what to do with it."""

    key: str
    verb: str  # edit, delete, reopen


class EditPicker(FollowsPrivacy, Form):
    """Everything on the account that can be corrected: enter edits, x deletes, o reopens a signal.
    ``options`` draws the list for privacy mode on or off; it is drawn again when the mode changes."""

    PRIVACY_AT_MOUNT = True

    BINDINGS = [
        Binding("x", "delete", "Delete", id="edit-delete"),
        Binding("o", "reopen", "Reopen signal", id="edit-reopen"),
    ]

    def __init__(self, account_name: str, options: Callable[[bool], list[tuple[str, Text]]]) -> None:
        super().__init__()
        self.account_name = account_name
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Edit {self.account_name}"), classes="title")
            yield OptionList(id="records")
            yield Static("", id="error", classes="error")
            yield Static("enter edits · x deletes · o reopens a signal · esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#records").focus()

    def refresh_privacy(self) -> None:
        ol = self.query_one("#records", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        ol.add_options([Option(label, id=key) for key, label in self.options(is_private(self))])
        if ol.option_count:
            ol.highlighted = min(keep or 0, ol.option_count - 1)

    def _key(self) -> str | None:
        ol = self.query_one("#records", OptionList)
        return None if ol.highlighted is None else ol.get_option_at_index(ol.highlighted).id

    @on(OptionList.OptionSelected)
    def _picked(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        key = self._key()
        if key is not None:
            self.dismiss(EditPick(key, "edit"))

    def action_delete(self) -> None:
        key = self._key()
        if key is None or key in (ACCOUNT, NEW_CONTACT):
            self.show_error("Only a contact, a follow-up, a note or a signal can be deleted here.")
            return
        self.dismiss(EditPick(key, "delete"))

    def action_reopen(self) -> None:
        key = self._key()
        if key is None or not key.startswith("signal:"):
            self.show_error("o reopens a resolved signal: pick one.")
            return
        self.dismiss(EditPick(key, "reopen"))
