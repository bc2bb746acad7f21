"""Every built-in preset on an export shaped as its vendor writes it (tests/data/presets/, written by
make_fixtures.py): found from the header alone, or named with --preset, every stored value checked,
and a second import of the same files changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.cli import main
from csm_desk.importing.inputs import peek_header
from csm_desk.importing.presets import preset_for

TODAY = "2026-11-23"
DATA = Path(__file__).resolve().parents[1] / "data" / "presets"


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", TODAY, "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, db: Path, *args: str) -> str:
    """Import, then import the same again: the second time nothing is created or updated."""
    code, out, err = run(capsys, db, *args)
    assert code == 0, err
    code, again, err = run(capsys, db, *args)
    assert code == 0, err
    counts = [line for line in again.splitlines() if "created" in line and "updated" in line]
    assert counts, again
    for line in counts:
        assert " 0 created, 0 updated" in line, again
    return out


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def files(*names: str) -> list[str]:
    return [str(DATA / name) for name in names]


def book(db: Path) -> dict[str, list[tuple]]:
    """Everything an import of these fixtures can store, by account external_id."""
    by_account = "JOIN account a ON a.id = t.account_id"
    return {
        "accounts": rows(
            db,
            "SELECT external_id, name, arr, industry, segment, owner, contract_start, renewal_date, last_expansion,"
            " language, stage FROM account ORDER BY external_id",
        ),
        "contacts": rows(
            db, f"SELECT a.external_id, t.name, t.title, t.email, t.phone FROM contact t {by_account} ORDER BY 1, 2"
        ),
        "interactions": rows(
            db, f"SELECT a.external_id, t.at, t.channel, t.summary FROM interaction t {by_account} ORDER BY 1, 2, 4"
        ),
        "followups": rows(
            db,
            f"SELECT a.external_id, t.due, t.due_time, t.title, t.channel, t.owner, t.status FROM followup t {by_account}"
            " WHERE t.source = 'manual' ORDER BY 1, 2, 4",
        ),
        "cases": rows(
            db,
            f"SELECT a.external_id, t.opened_on, t.closed_on, t.outcome, t.reason, t.arr, t.note FROM risk_case t"
            f" {by_account} ORDER BY 1, 2",
        ),
        "metrics": rows(
            db,
            f"SELECT a.external_id, t.date, t.health, t.logins, t.feature_adoption, t.sla_misses_30d FROM metric t"
            f" {by_account} ORDER BY 1, 2",
        ),
    }


def both_ways(tmp_path, capsys, preset: str, *steps: list[str], setup: list[str] = ()) -> tuple[dict, list[str]]:
    """The book after importing each step's files twice, found from the headers; the same steps with
    ``--preset`` give the same book. ``setup``: files of another tool imported first, the same both
    ways. Returns the book and the first output of each step."""
    found, named = tmp_path / "found.db", tmp_path / "named.db"
    for db in (found, named) if setup else ():
        imported(capsys, db, *setup)
    outs = [imported(capsys, found, *step) for step in steps]
    for step in steps:
        imported(capsys, named, "--preset", preset, *step)
    assert book(named) == book(found)
    return book(found), outs


# --- which preset a header calls for ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "preset", "kinds"),
    [
        ("salesforce/accounts_with_contacts.csv", "salesforce", ["accounts", "contacts"]),
        ("salesforce/accounts_with_contacts_no_id.csv", "salesforce", ["accounts", "contacts"]),
        ("salesforce/accounts.csv", "salesforce", ["accounts"]),
        ("salesforce/tasks.csv", "salesforce", ["interactions", "followups"]),
        ("hubspot/companies.csv", "hubspot", ["accounts"]),
        ("hubspot/contacts.csv", "hubspot", ["contacts"]),
        ("hubspot/empresas.csv", "hubspot", ["accounts"]),
        ("hubspot/contatos.csv", "hubspot", ["contacts"]),
        ("pipedrive/organizations.csv", "pipedrive", ["accounts"]),
        ("pipedrive/people.csv", "pipedrive", ["contacts"]),
        ("pipedrive/activities.csv", "pipedrive", ["interactions", "followups"]),
        ("pipedrive/atividades.xlsx", "pipedrive", ["interactions", "followups"]),
        ("pipedrive/deals.csv", "pipedrive", ["subscriptions"]),
        ("rdstation/empresas.csv", "rdstation", ["accounts"]),
        ("rdstation/contatos.csv", "rdstation", ["contacts"]),
        ("rdstation/negociacoes.csv", "rdstation", ["subscriptions"]),
        ("zendesk/tickets.csv", "zendesk", ["tickets"]),
        ("freshdesk/tickets.csv", "freshdesk", ["tickets"]),
        ("movidesk/tickets.csv", "movidesk", ["tickets"]),
        ("stripe/subscriptions.csv", "stripe", ["accounts", "subscriptions", "subscriptions", "churn"]),
        ("asaas/assinaturas.csv", "asaas", ["accounts", "subscriptions", "subscriptions", "churn"]),
    ],
)
def test_each_export_calls_for_its_vendor_preset(name, preset, kinds):
    mapping, tables = preset_for(peek_header(str(DATA / name)))
    assert (mapping.name, sorted(t.kind for t in tables)) == (preset, sorted(kinds))


def test_the_brazilian_fixtures_are_what_excel_saves():
    for name in ("hubspot/empresas.csv", "rdstation/negociacoes.csv", "movidesk/tickets.csv", "asaas/assinaturas.csv"):
        raw = (DATA / name).read_bytes()
        assert b"\r\n" in raw and b";" in raw.splitlines()[0]
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        raw.decode("cp1252")
    assert "“Boa Vista” – Obras" in (DATA / "hubspot/empresas.csv").read_bytes().decode("cp1252")
    assert "(€)" in (DATA / "rdstation/empresas.csv").read_bytes().decode("cp1252")


# --- Salesforce ------------------------------------------------------------------------------------

NORTHWIND = (
    "0015e00000AbCdE",
    "Northwind Traders",
    None,
    "Retail",
    "Customer - Direct",
    "Ana Lima",
    None,
    None,
    None,
    "en",
    "",
)
CONTOSO = (
    "0015e00000XyZwV",
    "Contoso, Ltd.",
    None,
    "Manufacturing",
    "Customer - Channel",
    "Bob Reis",
    None,
    None,
    None,
    "en",
    "",
)
SF_CONTACTS = [
    ("0015e00000AbCdE", "Maria Anders", "Head of Operations", "maria.anders@northwind.example", "(555) 010-2000"),
    ("0015e00000AbCdE", "Thomas Hardy", "CFO", "thomas.hardy@northwind.example", ""),
    ("0015e00000XyZwV", "Zoë O\u2019Brien", "VP Engineering", "zoe@contoso.example", "+1 555 0100"),
]


def test_salesforce_accounts_with_contacts_report_gives_accounts_and_contacts_from_one_file(tmp_path, capsys):
    stored, (out,) = both_ways(tmp_path, capsys, "salesforce", files("salesforce/accounts_with_contacts.csv"))
    assert stored["accounts"] == [NORTHWIND, CONTOSO]
    assert stored["contacts"] == SF_CONTACTS
    assert "1 repeated row of a report merged into the record before it" in out
    assert "columns not used: Mailing City" in out


def test_salesforce_report_without_account_ids_keys_accounts_by_name(tmp_path, capsys):
    stored, (out,) = both_ways(tmp_path, capsys, "salesforce", files("salesforce/accounts_with_contacts_no_id.csv"))
    assert stored["accounts"] == [
        ("Contoso, Ltd.", *CONTOSO[1:]),
        ("Northwind Traders", *NORTHWIND[1:]),
    ]
    assert stored["contacts"] == sorted(
        (("Northwind Traders" if ext.endswith("AbCdE") else "Contoso, Ltd."), *rest) for ext, *rest in SF_CONTACTS
    )
    assert "accounts (no account id: keyed by name)" in out


def test_salesforce_annual_revenue_is_never_arr_and_completed_tasks_are_the_timeline(tmp_path, capsys):
    stored, (_, out) = both_ways(
        tmp_path,
        capsys,
        "salesforce",
        files("salesforce/accounts_with_contacts.csv"),
        files("salesforce/accounts.csv", "salesforce/tasks.csv"),
    )
    assert stored["accounts"] == [NORTHWIND, CONTOSO]  # $12,500,000 of Annual Revenue is not what they pay
    assert "columns not used: Annual Revenue, Billing State/Province, Last Activity, Created Date" in out
    assert stored["interactions"] == [
        ("0015e00000AbCdE", "2026-10-28 00:00:00.000000", "meeting", "QBR 2026 – review"),
        ("0015e00000AbCdE", "2026-11-20 00:00:00.000000", "call", "Call about the renewal"),
    ]
    assert stored["followups"] == [  # the lead's task (no account) is left out
        ("0015e00000AbCdE", "2026-12-01", None, "Send renewal quote", "email", "Ana Lima", "open"),
        ("0015e00000XyZwV", "2026-11-30", None, "Check the integration", "email", "Bob Reis", "skipped"),
    ]
    assert "interactions where Status is one of: Completed" in out


def test_salesforce_two_calls_on_one_day_are_two_interactions(tmp_path, capsys):
    """Date-only activity logs: two real calls the same day must both be kept (identity by content)."""
    tasks = tmp_path / "tasks.csv"
    tasks.write_text(
        '"Subject","Due Date","Status","Company / Account","Account ID","Type"\n'
        '"Call with the CFO","11/20/2026","Completed","Northwind Traders","0015e00000AbCdE","Call"\n'
        '"Call with the COO","11/20/2026","Completed","Northwind Traders","0015e00000AbCdE","Call"\n'
    )
    db = tmp_path / "book.db"
    imported(capsys, db, *files("salesforce/accounts_with_contacts.csv"))
    imported(capsys, db, str(tasks))
    assert book(db)["interactions"] == [
        ("0015e00000AbCdE", "2026-11-20 00:00:00.000000", "call", "Call with the CFO"),
        ("0015e00000AbCdE", "2026-11-20 00:00:00.000000", "call", "Call with the COO"),
    ]


# --- HubSpot -----------------------------------------------------------------------------------------


def test_hubspot_english_and_portuguese_exports(tmp_path, capsys):
    names = ("hubspot/companies.csv", "hubspot/contacts.csv", "hubspot/empresas.csv", "hubspot/contatos.csv")
    stored, (out,) = both_ways(tmp_path, capsys, "hubspot", files(*names))
    assert stored["accounts"] == [
        ("18200431", "Delta Logistics SA", None, "TRANSPORTATION_TRUCKING_RAILROAD", "", "Bob Reis", "2024-06-10", None, None, "en", ""),
        ("18200432", "Epsilon Health", None, "HOSPITAL_HEALTH_CARE", "", "", None, None, None, "en", ""),
        ("9101", "Padaria São João Ltda", None, "Alimentos e bebidas", "", "João Araújo", "2024-04-12", None, None, "pt-BR", ""),
        ("9102", "Construtora “Boa Vista” – Obras", None, "Construção", "", "Mônica Peçanha", None, None, None, "pt-BR", ""),
    ]  # fmt: skip
    assert stored["contacts"] == [
        ("18200431", "Ana Souza", "Head of Ops", "ana@delta.example", "+55 11 4000-1000"),
        ("18200432", "Rui Melo", "", "rui@epsilon.example", ""),
        ("9101", "Luísa Gonçalves", "Sócia-diretora", "luisa@padariasj.example", "(11) 98888-1234"),
        ("9102", "Tomé Çelik", "Engenheiro de obras", "tome@boavista.example", ""),
    ]
    assert "Windows-1252 (detected), ';'-separated" in out
    assert "Data de fechamento → contract_start (DD/MM/YYYY)" in out
    assert "columns not used: Nome do domínio da empresa, Data de criação, Receita anual, Fase do ciclo de vida" in out
    assert "columns not used: Company Domain Name, Create Date, Annual Revenue, Lifecycle Stage" in out


# --- Pipedrive ---------------------------------------------------------------------------------------

PIPEDRIVE_ACCOUNTS = [
    ("41", "Acme Brasil Ltda", None, "", "", "Carla Dias", None, None, None, "en", ""),
    ("42", "Globex SA", None, "", "", "Carla Dias", None, None, None, "en", ""),
]


def test_pipedrive_organizations_people_and_activities_in_english_and_portuguese(tmp_path, capsys):
    names = (
        "pipedrive/organizations.csv",
        "pipedrive/people.csv",
        "pipedrive/activities.csv",
        "pipedrive/atividades.xlsx",
    )
    stored, (out,) = both_ways(tmp_path, capsys, "pipedrive", files(*names))
    assert stored["accounts"] == PIPEDRIVE_ACCOUNTS
    assert stored["contacts"] == [  # the person with no organization is left out
        ("41", "Bruna Lima", "COO", "bruna@acme.example", "+55 11 3000-0001"),
        ("41", "Diego Faria", "IT Manager", "diego@acme.example", ""),
        ("42", "Elisa Prado", "CEO", "elisa@globex.example", ""),
    ]
    assert stored["interactions"] == [
        ("41", "2026-11-03 14:00:00.000000", "call", "Kick-off call"),
        ("41", "2026-11-03 16:00:00.000000", "meeting", "Onboarding meeting"),
        ("41", "2026-11-12 00:00:00.000000", "call", "Ligação de acompanhamento"),
        ("42", "2026-11-10 15:30:00.000000", "meeting", "Reunião de alinhamento – metas 2027"),
    ]
    assert stored["followups"] == [  # done ones are on the timeline; the lead's call (no organization) is out
        ("41", "2026-11-27", None, "Send the training plan", "email", "Carla Dias", "open"),
        ("42", "2026-12-02", None, "Enviar proposta de renovação", "email", "Carla Dias", "open"),
        ("42", "2026-12-15", None, "Renewal deadline", "email", "Carla Dias", "open"),
    ]
    assert (
        "read " + str(DATA / "pipedrive/atividades.xlsx") + " with the pipedrive preset (sheet 'Atividades', 3 rows)"
        in out
    )
    assert "contacts where Person - Organization is not empty" in out


def test_pipedrive_activities_are_known_by_their_id(tmp_path, capsys):
    db = tmp_path / "book.db"
    imported(capsys, db, *files("pipedrive/organizations.csv", "pipedrive/activities.csv"))
    edited = tmp_path / "activities.csv"
    source = (DATA / "pipedrive/activities.csv").read_text(encoding="utf-8")
    edited.write_text(source.replace("Kick-off call,call", "Kick-off call (notes fixed),meeting"), encoding="utf-8")
    code, out, err = run(capsys, db, str(edited))
    assert code == 0, err
    assert "interactions  0 created, 1 updated, 1 unchanged" in out
    assert book(db)["interactions"][0] == ("41", "2026-11-03 14:00:00.000000", "meeting", "Kick-off call (notes fixed)")


def test_pipedrive_won_deals_give_the_arr_of_their_organization(tmp_path, capsys):
    stored, (_, out) = both_ways(
        tmp_path, capsys, "pipedrive", files("pipedrive/organizations.csv"), files("pipedrive/deals.csv")
    )
    acme, globex = PIPEDRIVE_ACCOUNTS
    assert (
        stored["accounts"]
        == [  # Deal - ARR, else Deal - MRR × 12; lost and open deals are not read
            (*acme[:2], 24000.0, *acme[3:7], "2027-02-01", *acme[8:]),
            (*globex[:2], 6000.0, *globex[3:7], "2027-09-15", *globex[8:]),
        ]
    )
    assert stored["cases"] == []
    assert "summed up from activity (pipedrive): 2 subscriptions" in out


# --- RD Station CRM ----------------------------------------------------------------------------------


def test_rdstation_companies_contacts_and_sold_deals_from_brazilian_excel_files(tmp_path, capsys):
    names = ("rdstation/empresas.csv", "rdstation/contatos.csv", "rdstation/negociacoes.csv")
    stored, (out,) = both_ways(tmp_path, capsys, "rdstation", files(*names))
    assert stored["accounts"] == [  # Valor Recorrente × 12: R$ 1.234,56 and R$ 12.500 (twelve thousand five hundred)
        ("Clínica Saúde & Vida", "Clínica Saúde & Vida", 150000.0, "Saúde", "", "Júlia Câmara", None, "2026-11-25", None, "pt-BR", ""),
        ("Mercadinho Bom Preço", "Mercadinho Bom Preço", 14814.72, "Varejo", "", "Júlia Câmara", None, "2026-12-05", None, "pt-BR", ""),
        ("Transportes Ágil Ltda", "Transportes Ágil Ltda", None, "Logística", "", "Otávio Brandão", None, None, None, "pt-BR", ""),
    ]  # fmt: skip
    assert stored["contacts"] == [
        ("Clínica Saúde & Vida", "Paulo Ribeiro", "Diretor clínico", "paulo@clinica.example", ""),
        (
            "Mercadinho Bom Preço",
            "Renata Conceição",
            "Gerente de compras",
            "renata@mercadinho.example",
            "(31) 99999-0000",
        ),
    ]
    assert stored["cases"] == []  # a lost deal is a lost sale, not churn
    assert "Valor Recorrente × 12 → arr" in out
    assert "summed up from activity (rdstation): 2 subscriptions" in out


# --- tickets: Zendesk, Freshdesk, Movidesk -----------------------------------------------------------


def _one_snapshot(*accounts: str) -> list[tuple]:
    """The snapshot of today a tickets file gives each account: no SLA targets, no escalation column,
    so nothing about support is known (health stays unknown, never "all fine")."""
    return [(ext, TODAY, None, None, None, None) for ext in accounts]


def test_zendesk_tickets_count_for_the_organization_named(tmp_path, capsys):
    stored, (out,) = both_ways(
        tmp_path, capsys, "zendesk", files("zendesk/tickets.csv"), setup=files("hubspot/companies.csv")
    )
    assert stored["metrics"] == _one_snapshot("18200431", "18200432")
    assert "summed up from activity (zendesk): 3 tickets" in out  # the one with no organization is left out
    assert "tickets where Organization is not empty" in out
    code, preview, err = run(capsys, tmp_path / "found.db", "--dry-run", *files("zendesk/tickets.csv"))
    assert code == 0, err
    assert (
        "id='5101', account='Delta Logistics SA', date=2026-11-02, priority='High', first_response_minutes=42,"
        " resolution_hours=5" in preview
    )
    assert "Satisfaction Score" in preview.split("columns not used:")[1]


def test_freshdesk_tickets_count_for_the_company_named(tmp_path, capsys):
    stored, (out,) = both_ways(
        tmp_path, capsys, "freshdesk", files("freshdesk/tickets.csv"), setup=files("hubspot/companies.csv")
    )
    assert stored["metrics"] == _one_snapshot("18200431", "18200432")
    assert "summed up from activity (freshdesk): 2 tickets" in out
    assert "First response time (in hrs)" in out.split("columns not used:")[1]


def test_movidesk_tickets_from_a_brazilian_excel_file(tmp_path, capsys):
    stored, (out,) = both_ways(
        tmp_path, capsys, "movidesk", files("movidesk/tickets.csv"), setup=files("rdstation/empresas.csv")
    )
    assert stored["metrics"] == _one_snapshot("Clínica Saúde & Vida", "Mercadinho Bom Preço")
    assert "summed up from activity (movidesk): 3 tickets" in out
    code, preview, err = run(capsys, tmp_path / "found.db", "--dry-run", *files("movidesk/tickets.csv"))
    assert code == 0, err
    assert "id='1001', account='Mercadinho Bom Preço', date=2026-11-02, priority='high'" in preview
    assert "Aberto em → date (DD/MM/YYYY)" in preview


# --- billing: Stripe, Asaas --------------------------------------------------------------------------


def test_stripe_subscriptions_give_customers_arr_and_their_cancellations(tmp_path, capsys):
    stored, (out,) = both_ways(tmp_path, capsys, "stripe", files("stripe/subscriptions.csv"))
    assert stored["accounts"] == [
        ("cus_Acme", "Acme Analytics", 7182.0, "", "", "", None, "2026-12-10", None, "en", ""),  # (499 + 99.50) × 12
        ("cus_Bolt", "Bolt Robotics", 24000.0, "", "", "", None, "2027-01-15", None, "en", ""),
        ("cus_Cora", "Cora Foods", 0.0, "", "", "", None, None, None, "en", "churned"),
        ("cus_Dyna", "Dyna Labs", 0.0, "", "", "", None, None, None, "en", ""),  # a trial counts 0
    ]
    assert stored["cases"] == [
        ("cus_Cora", "2026-10-01", "2026-10-01", "churned", "pricing", 5988.0,
         "stripe churn sub_1PcCora (too_expensive): Budget cut, we'll be back"),
    ]  # fmt: skip
    assert "summed up from activity (stripe): 5 subscriptions, 1 churn" in out


ASAAS_HEADER = "Identificador;Cliente;CPF/CNPJ;Valor;Ciclo;Data de criação;Data de término;Situação\r\n"


def test_asaas_subscriptions_monthly_times_twelve_and_inactive_ones_as_churn(tmp_path, capsys):
    stored, (out,) = both_ways(tmp_path, capsys, "asaas", files("asaas/assinaturas.csv"))
    assert stored["accounts"] == [
        ("11.222.333/0001-44", "Açougue São Jorge ME", 0.0, "", "", "", None, None, None, "pt-BR", "churned"),
        ("12.345.678/0001-90", "Padaria Pão Dourado Ltda", 14814.72, "", "", "", None, "2026-12-05", None, "pt-BR", ""),
        ("98.765.432/0001-10", "Escritório Contábil “Exatidão”", 12500.0, "", "", "", None, "2026-11-25", None, "pt-BR", ""),
    ]  # fmt: skip
    assert stored["cases"] == [
        ("11.222.333/0001-44", "2026-09-30", "2026-09-30", "churned", "other", 1198.8, "asaas churn sub_7ab1c0")
    ]
    assert "Valor × 12 → arr" in out


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "sub_1;Loja Um;01.234.567/0001-00;R$ 300,00;Trimestral;01/02/2026;;Ativa",
            "assinaturas.csv:2: billing: expected monthly or annual, got 'Trimestral'",
        ),
        (
            "sub_2;Loja Dois;01.234.567/0001-01;R$ 99,90;Mensal;01/02/2026;;Inativa",
            "assinaturas.csv:2: Data de término: required, but empty",
        ),
    ],
)
def test_asaas_rows_it_cannot_read_right_stop_the_import(tmp_path, capsys, row, message):
    data = tmp_path / "assinaturas.csv"
    data.write_bytes((ASAAS_HEADER + row + "\r\n").encode("cp1252"))
    code, out, err = run(capsys, tmp_path / "book.db", str(data))
    assert code == 1 and out == ""
    assert message in err
    assert not (tmp_path / "book.db").exists()


def test_an_unknown_preset_name_lists_them_all(tmp_path, capsys):
    code = main(["--db", str(tmp_path / "b.db"), "import", "--preset", "pipedrivee", *files("pipedrive/deals.csv")])
    assert code != 0
    err = capsys.readouterr().err
    assert "salesforce, hubspot, pipedrive, rdstation, zendesk, freshdesk, movidesk, stripe, asaas" in err
