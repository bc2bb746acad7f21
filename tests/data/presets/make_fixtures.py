"""Writes the preset fixtures of tests/data/presets/ as each tool (or Excel) saves them.

The files are committed; run this again only to change them: ``python tests/data/presets/make_fixtures.py``.
Brazilian exports are written as Excel on a Brazilian Windows saves "CSV (separado por vírgulas)":
';'-separated, Windows-1252, CRLF line ends; US tools' exports as UTF-8 with ',' (Salesforce quotes
every cell). The Pipedrive activities in Portuguese are an .xlsx with typed date cells (openpyxl).
"""

from __future__ import annotations

import csv
import io
from datetime import date, time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_csv(path: Path, rows: list[list[str]], *, delimiter=",", encoding="utf-8", quote_all=False) -> None:
    out = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=quoting).writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue().encode(encoding))


def excel_br(path: Path, rows: list[list[str]]) -> None:
    """As Excel saves a CSV in Brazil: ';' and Windows-1252 (“ ” – € ç ã é are single bytes)."""
    write_csv(path, rows, delimiter=";", encoding="cp1252")


def salesforce() -> None:
    folder = HERE / "salesforce"
    head = ["Account Owner", "Account Name", "Account ID", "Type", "Industry"]
    contact = ["First Name", "Last Name", "Title", "Email", "Phone", "Mailing City"]
    northwind = ["Ana Lima", "Northwind Traders", "0015e00000AbCdE", "Customer - Direct", "Retail"]
    contoso = ["Bob Reis", "Contoso, Ltd.", "0015e00000XyZwV", "Customer - Channel", "Manufacturing"]
    people = [
        (
            northwind,
            ["Maria", "Anders", "Head of Operations", "maria.anders@northwind.example", "(555) 010-2000", "Seattle"],
        ),
        (northwind, ["Thomas", "Hardy", "CFO", "thomas.hardy@northwind.example", "", "Seattle"]),
        (contoso, ["Zoë", "O\u2019Brien", "VP Engineering", "zoe@contoso.example", "+1 555 0100", "Chicago"]),
    ]
    write_csv(
        folder / "accounts_with_contacts.csv",
        [head + contact] + [a + c for a, c in people],
        quote_all=True,
    )
    without_id = [h for h in head if h != "Account ID"]
    write_csv(
        folder / "accounts_with_contacts_no_id.csv",
        [without_id + contact]
        + [[v for h, v in zip(head, a, strict=True) if h != "Account ID"] + c for a, c in people],
        quote_all=True,
    )
    write_csv(
        folder / "accounts.csv",
        [
            [*head, "Annual Revenue", "Billing State/Province", "Last Activity", "Created Date"],
            [*northwind, "$12,500,000", "WA", "11/2/2026", "3/15/2024"],
            [*contoso, "$980,000,000", "IL", "", "1/5/2023"],
        ],
        quote_all=True,
    )
    write_csv(
        folder / "tasks.csv",
        [
            [
                "Subject",
                "Due Date",
                "Status",
                "Priority",
                "Assigned",
                "Company / Account",
                "Account ID",
                "Type",
                "Comments",
            ],
            [
                "QBR 2026 – review",
                "10/28/2026",
                "Completed",
                "Normal",
                "Ana Lima",
                "Northwind Traders",
                "0015e00000AbCdE",
                "Meeting",
                "Went well",
            ],
            [
                "Call about the renewal",
                "11/20/2026",
                "Completed",
                "High",
                "Ana Lima",
                "Northwind Traders",
                "0015e00000AbCdE",
                "Call",
                "",
            ],
            [
                "Send renewal quote",
                "12/1/2026",
                "Not Started",
                "High",
                "Ana Lima",
                "Northwind Traders",
                "0015e00000AbCdE",
                "Email",
                "",
            ],
            [
                "Check the integration",
                "11/30/2026",
                "Deferred",
                "Normal",
                "Bob Reis",
                "Contoso, Ltd.",
                "0015e00000XyZwV",
                "Other",
                "",
            ],
            ["Qualify a lead", "12/3/2026", "Not Started", "Normal", "Bob Reis", "", "", "Call", ""],
        ],
        quote_all=True,
    )


def hubspot() -> None:
    folder = HERE / "hubspot"
    write_csv(
        folder / "companies.csv",
        [
            [
                "Record ID",
                "Company name",
                "Company Domain Name",
                "Company owner",
                "Create Date",
                "Close Date",
                "Industry",
                "Annual Revenue",
                "Lifecycle Stage",
            ],
            [
                "18200431",
                "Delta Logistics SA",
                "delta.example",
                "Bob Reis",
                "2024-05-02 14:30",
                "2024-06-10 09:00",
                "TRANSPORTATION_TRUCKING_RAILROAD",
                "45000000",
                "customer",
            ],
            [
                "18200432",
                "Epsilon Health",
                "epsilon.example",
                "",
                "2025-01-20 09:00",
                "",
                "HOSPITAL_HEALTH_CARE",
                "",
                "customer",
            ],
        ],
    )
    write_csv(
        folder / "contacts.csv",
        [
            ["Record ID", "First Name", "Last Name", "Email", "Job Title", "Phone Number", "Associated Company IDs"],
            ["501", "Ana", "Souza", "ana@delta.example", "Head of Ops", "+55 11 4000-1000", "18200431;18200432"],
            ["502", "Rui", "Melo", "rui@epsilon.example", "", "", "18200432"],
        ],
    )
    excel_br(
        folder / "empresas.csv",
        [
            [
                "ID do registro",
                "Nome da empresa",
                "Nome do domínio da empresa",
                "Proprietário da empresa",
                "Data de criação",
                "Data de fechamento",
                "Setor",
                "Receita anual",
                "Fase do ciclo de vida",
            ],
            [
                "9101",
                "Padaria São João Ltda",
                "padariasj.example",
                "João Araújo",
                "05/03/2024 10:15",
                "12/04/2024 16:00",
                "Alimentos e bebidas",
                "R$ 12.500.000,00",
                "Cliente",
            ],
            [
                "9102",
                "Construtora “Boa Vista” – Obras",
                "boavista.example",
                "Mônica Peçanha",
                "25/11/2023 08:00",
                "",
                "Construção",
                "",
                "Cliente",
            ],
        ],
    )
    excel_br(
        folder / "contatos.csv",
        [
            [
                "ID do registro",
                "Nome",
                "Sobrenome",
                "E-mail",
                "Cargo",
                "Número de telefone",
                "IDs de empresas associadas",
            ],
            ["7001", "Luísa", "Gonçalves", "luisa@padariasj.example", "Sócia-diretora", "(11) 98888-1234", "9101"],
            ["7002", "Tomé", "Çelik", "tome@boavista.example", "Engenheiro de obras", "", "9102;9101"],
        ],
    )


def pipedrive() -> None:
    folder = HERE / "pipedrive"
    write_csv(
        folder / "organizations.csv",
        [
            [
                "Organization - ID",
                "Organization - Name",
                "Organization - Owner",
                "Organization - Address",
                "Organization - People",
                "Organization - Open deals",
                "Organization - Won deals",
                "Organization - Label",
            ],
            ["41", "Acme Brasil Ltda", "Carla Dias", "Av. Paulista 1000, São Paulo", "2", "1", "1", "Customer"],
            ["42", "Globex SA", "Carla Dias", "", "1", "0", "1", "Customer"],
        ],
    )
    write_csv(
        folder / "people.csv",
        [
            [
                "Person - ID",
                "Person - Name",
                "Person - Organization",
                "Person - Email - Work",
                "Person - Phone - Work",
                "Person - Job title",
                "Person - Label",
            ],
            ["301", "Bruna Lima", "Acme Brasil Ltda", "bruna@acme.example", "+55 11 3000-0001", "COO", ""],
            ["302", "Diego Faria", "Acme Brasil Ltda", "diego@acme.example", "", "IT Manager", ""],
            ["303", "Elisa Prado", "Globex SA", "elisa@globex.example", "", "CEO", ""],
            ["304", "Fábio Nunes", "", "fabio@mail.example", "", "", ""],
        ],
    )
    write_csv(
        folder / "activities.csv",
        [
            [
                "Activity - ID",
                "Activity - Subject",
                "Activity - Type",
                "Activity - Due date",
                "Activity - Due time",
                "Activity - Duration",
                "Activity - Done",
                "Activity - Organization",
                "Activity - Contact person",
                "Activity - Assigned to user",
                "Activity - Note",
            ],
            [
                "9001",
                "Kick-off call",
                "call",
                "2026-11-03",
                "14:00",
                "00:30",
                "Done",
                "Acme Brasil Ltda",
                "Bruna Lima",
                "Carla Dias",
                "",
            ],
            [
                "9002",
                "Onboarding meeting",
                "meeting",
                "2026-11-03",
                "16:00",
                "01:00",
                "Done",
                "Acme Brasil Ltda",
                "Diego Faria",
                "Carla Dias",
                "Agreed on the rollout plan",
            ],
            [
                "9003",
                "Send the training plan",
                "email",
                "2026-11-27",
                "",
                "",
                "To do",
                "Acme Brasil Ltda",
                "Bruna Lima",
                "Carla Dias",
                "",
            ],
            [
                "9004",
                "Renewal deadline",
                "deadline",
                "2026-12-15",
                "",
                "",
                "To do",
                "Globex SA",
                "Elisa Prado",
                "Carla Dias",
                "",
            ],
            ["9005", "Call a lead", "call", "2026-11-25", "10:00", "", "To do", "", "", "Carla Dias", ""],
        ],
    )
    write_csv(
        folder / "deals.csv",
        [
            [
                "Deal - ID",
                "Deal - Title",
                "Deal - Value",
                "Deal - Currency",
                "Deal - ARR",
                "Deal - MRR",
                "Deal - Organization",
                "Deal - Status",
                "Deal - Won time",
                "Deal - Lost time",
                "Deal - Lost reason",
                "Deal - Owner",
            ],
            [
                "701",
                "Acme – annual plan",
                "24000",
                "BRL",
                "24000",
                "2000",
                "Acme Brasil Ltda",
                "won",
                "2026-02-01 10:30:00",
                "",
                "",
                "Carla Dias",
            ],
            [
                "702",
                "Globex – expansion",
                "6000",
                "BRL",
                "",
                "500",
                "Globex SA",
                "won",
                "2026-09-15 09:00:00",
                "",
                "",
                "Carla Dias",
            ],
            [
                "703",
                "Initech – pilot",
                "9000",
                "BRL",
                "",
                "",
                "Initech",
                "lost",
                "",
                "2026-10-01 11:00:00",
                "Price",
                "Carla Dias",
            ],
            ["704", "Acme – BI module", "3000", "BRL", "", "250", "Acme Brasil Ltda", "open", "", "", "", "Carla Dias"],
        ],
    )
    from openpyxl import Workbook  # a test dependency: only needed to write this fixture

    book = Workbook()
    sheet = book.active
    sheet.title = "Atividades"
    sheet.append(
        [
            "Atividade - ID",
            "Atividade - Assunto",
            "Atividade - Tipo",
            "Atividade - Data de vencimento",
            "Atividade - Hora de vencimento",
            "Atividade - Concluída",
            "Atividade - Organização",
            "Atividade - Pessoa de contato",
            "Atividade - Atribuído ao usuário",
        ]
    )
    sheet.append(
        [
            9101,
            "Reunião de alinhamento – metas 2027",
            "Reunião",
            date(2026, 11, 10),
            time(15, 30),
            "Concluído",
            "Globex SA",
            "Elisa Prado",
            "Carla Dias",
        ]
    )
    sheet.append(
        [
            9102,
            "Ligação de acompanhamento",
            "Chamada",
            date(2026, 11, 12),
            None,
            "Concluído",
            "Acme Brasil Ltda",
            "Bruna Lima",
            "Carla Dias",
        ]
    )
    sheet.append(
        [
            9103,
            "Enviar proposta de renovação",
            "Tarefa",
            date(2026, 12, 2),
            None,
            "A fazer",
            "Globex SA",
            "Elisa Prado",
            "Carla Dias",
        ]
    )
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].number_format = "dd/mm/yyyy"
    book.save(folder / "atividades.xlsx")


def rdstation() -> None:
    folder = HERE / "rdstation"
    excel_br(
        folder / "empresas.csv",
        [
            ["Nome", "Segmento", "Responsável", "Data de criação", "Site", "Telefone", "Resumo"],
            [
                "Mercadinho Bom Preço",
                "Varejo",
                "Júlia Câmara",
                "05/03/2024",
                "mercadinho.example",
                "(31) 3333-0000",
                "Cliente desde 2024 – “ótimo” pagador; importa azeite (€)",
            ],
            ["Clínica Saúde & Vida", "Saúde", "Júlia Câmara", "25/11/2023", "", "", ""],
            ["Transportes Ágil Ltda", "Logística", "Otávio Brandão", "12/01/2025", "", "", ""],
        ],
    )
    excel_br(
        folder / "contatos.csv",
        [
            ["Nome", "Empresa", "Cargo", "Email", "Telefone", "Data de criação"],
            [
                "Renata Conceição",
                "Mercadinho Bom Preço",
                "Gerente de compras",
                "renata@mercadinho.example",
                "(31) 99999-0000",
                "06/03/2024",
            ],
            ["Paulo Ribeiro", "Clínica Saúde & Vida", "Diretor clínico", "paulo@clinica.example", "", "26/11/2023"],
            ["Sérgio Sem Empresa", "", "", "sergio@mail.example", "", "01/09/2026"],
        ],
    )
    excel_br(
        folder / "negociacoes.csv",
        [
            [
                "Nome",
                "Empresa",
                "Funil de vendas",
                "Etapa",
                "Estado",
                "Valor Único",
                "Valor Recorrente",
                "Data de criação",
                "Data de fechamento",
                "Motivo de Perda",
                "Responsável",
                "Pausada",
            ],
            [
                "Plano Pro",
                "Mercadinho Bom Preço",
                "Funil padrão",
                "Fechamento",
                "Vendida",
                "R$ 1.500,00",
                "R$ 1.234,56",
                "01/02/2024",
                "05/03/2024",
                "",
                "Júlia Câmara",
                "Não",
            ],
            [
                "Plano Básico",
                "Clínica Saúde & Vida",
                "Funil padrão",
                "Fechamento",
                "Vendida",
                "R$ 0,00",
                "R$ 12.500",
                "10/11/2023",
                "25/11/2023",
                "",
                "Júlia Câmara",
                "Não",
            ],
            [
                "Expansão filial",
                "Clínica Saúde & Vida",
                "Funil padrão",
                "Proposta",
                "Em andamento",
                "",
                "R$ 800,00",
                "01/10/2026",
                "",
                "",
                "Júlia Câmara",
                "Não",
            ],
            [
                "Plano Pro",
                "Transportes Ágil Ltda",
                "Funil padrão",
                "Fechamento",
                "Perdida",
                "",
                "R$ 900,00",
                "12/01/2025",
                "20/02/2025",
                "Preço",
                "Otávio Brandão",
                "Não",
            ],
        ],
    )


def zendesk() -> None:
    header = [
        "Summation column", "ID", "Requester", "Requester ID", "Requester external id", "Requester email", "Requester domain",
        "Submitter", "Assignee", "Group", "Subject", "Tags", "Status", "Priority", "Via", "Ticket type", "Created at",
        "Updated at", "Assigned at", "Organization", "Due date", "Initially assigned at", "Solved at", "Resolution time",
        "Satisfaction Score", "Group stations", "Assignee stations", "Reopens", "Replies", "First reply time in minutes",
        "First reply time in minutes within business hours", "First resolution time in minutes",
        "First resolution time in minutes within business hours", "Full resolution time in minutes",
        "Full resolution time in minutes within business hours", "Agent wait time in minutes",
        "Agent wait time in minutes within business hours", "Requester wait time in minutes",
        "Requester wait time in minutes within business hours", "On hold time in minutes",
        "On hold time in minutes within business hours",
    ]  # fmt: skip

    def ticket(n, org, subject, status, priority, created, solved, resolution, score, first_reply):
        return [
            "1", str(n), "Ana Souza", "3901", "", "ana@delta.example", "delta.example", "Ana Souza", "Iris Agent",
            "Support", subject, "billing", status, priority, "Email", "Incident", created, created, created, org, "",
            created, solved, resolution, score, "1", "1", "0", "2", first_reply, first_reply, "", "", "", "", "0", "0",
            first_reply, first_reply, "0", "0",
        ]  # fmt: skip

    write_csv(
        HERE / "zendesk" / "tickets.csv",
        [
            header,
            ticket(
                5101,
                "Delta Logistics SA",
                "Invoice shows the wrong tax",
                "Solved",
                "High",
                "2026-11-02 09:12:44 -0300",
                "2026-11-02 14:02:10 -0300",
                "5",
                "Good",
                "42",
            ),
            ticket(
                5102,
                "Delta Logistics SA",
                "Export to ERP fails",
                "Open",
                "Urgent",
                "2026-11-20 17:40:00 -0300",
                "",
                "",
                "Not Offered",
                "8",
            ),
            ticket(
                5103,
                "Epsilon Health",
                "How do I add a user?",
                "Closed",
                "Low",
                "2026-10-28 08:00:05 -0300",
                "2026-10-29 10:00:00 -0300",
                "26",
                "Bad",
                "",
            ),
            ticket(
                5104,
                "",
                "Spam?",
                "Closed",
                "Normal",
                "2026-11-01 00:10:00 -0300",
                "2026-11-01 00:20:00 -0300",
                "0",
                "Not Offered",
                "10",
            ),
        ],
    )


def freshdesk() -> None:
    write_csv(
        HERE / "freshdesk" / "tickets.csv",
        [
            [
                "Ticket ID",
                "Subject",
                "Status",
                "Priority",
                "Source",
                "Type",
                "Agent",
                "Group",
                "Created time",
                "Due by Time",
                "Resolved time",
                "Closed time",
                "Last update time",
                "Initial response time",
                "Time tracked",
                "First response time (in hrs)",
                "Resolution time (in hrs)",
                "Agent interactions",
                "Customer interactions",
                "Resolution status",
                "First response status",
                "Tags",
                "Survey results",
                "Full name",
                "Contact ID",
                "Email",
                "Company Name",
            ],
            [
                "301",
                "Cannot log in",
                "Resolved",
                "High",
                "Email",
                "Incident",
                "Iris Agent",
                "Support",
                "2026-11-05 10:00:00",
                "2026-11-06 10:00:00",
                "2026-11-05 13:30:00",
                "",
                "2026-11-05 13:30:00",
                "2026-11-05 10:20:00",
                "00:45",
                "00:20:00",
                "03:30:00",
                "2",
                "1",
                "Within SLA",
                "Within SLA",
                "login",
                "",
                "Ana Souza",
                "77001",
                "ana@delta.example",
                "Delta Logistics SA",
            ],
            [
                "302",
                "Feature request: dark mode",
                "Open",
                "Low",
                "Portal",
                "Feature Request",
                "",
                "Product",
                "2026-11-18 16:45:12",
                "2026-11-25 16:45:12",
                "",
                "",
                "2026-11-18 16:45:12",
                "",
                "",
                "",
                "",
                "0",
                "1",
                "",
                "",
                "",
                "",
                "Rui Melo",
                "77002",
                "rui@epsilon.example",
                "Epsilon Health",
            ],
            [
                "303",
                "Question from a trial user",
                "Closed",
                "Medium",
                "Chat",
                "Question",
                "Iris Agent",
                "Support",
                "2026-11-10 09:00:00",
                "2026-11-11 09:00:00",
                "2026-11-10 09:30:00",
                "2026-11-12 09:00:00",
                "2026-11-12 09:00:00",
                "2026-11-10 09:05:00",
                "",
                "00:05:00",
                "00:30:00",
                "1",
                "1",
                "Within SLA",
                "Within SLA",
                "",
                "",
                "Tina Trial",
                "77003",
                "tina@mail.example",
                "",
            ],
        ],
    )


def movidesk() -> None:
    excel_br(
        HERE / "movidesk" / "tickets.csv",
        [
            [
                "Número",
                "Assunto",
                "Cliente",
                "Organização",
                "Categoria",
                "Urgência",
                "Status",
                "Justificativa",
                "Responsável",
                "Equipe",
                "Aberto em",
                "Resolvido em",
                "Fechado em",
            ],
            [
                "1001",
                "Erro ao emitir nota fiscal – urgente",
                "Renata Conceição",
                "Mercadinho Bom Preço",
                "Financeiro",
                "Alta",
                "Resolvido",
                "",
                "Ícaro Melo",
                "Suporte N1",
                "02/11/2026 09:15",
                "02/11/2026 11:40",
                "03/11/2026 08:00",
            ],
            [
                "1002",
                "Dúvida sobre o relatório “Vendas”",
                "Paulo Ribeiro",
                "Clínica Saúde & Vida",
                "Dúvida",
                "Baixa",
                "Em atendimento",
                "",
                "Ícaro Melo",
                "Suporte N1",
                "20/11/2026 14:05",
                "",
                "",
            ],
            [
                "1003",
                "Cancelar usuário",
                "Visitante",
                "",
                "Conta",
                "Média",
                "Cancelado",
                "Duplicado",
                "",
                "Suporte N1",
                "15/11/2026 10:00",
                "",
                "15/11/2026 10:30",
            ],
            [
                "1004",
                "Integração com o ERP parou",
                "Renata Conceição",
                "Mercadinho Bom Preço",
                "Integração",
                "Urgente",
                "Novo",
                "",
                "",
                "Suporte N2",
                "21/11/2026 16:20",
                "",
                "",
            ],
        ],
    )


def stripe() -> None:
    header = [
        "id", "Customer ID", "Customer Email", "Customer Name", "Plan", "Product", "Quantity", "Currency", "Interval",
        "Amount", "Status", "Created (UTC)", "Start Date (UTC)", "Current Period Start (UTC)", "Current Period End (UTC)",
        "Trial Start (UTC)", "Trial End (UTC)", "Canceled At (UTC)", "Ended At (UTC)", "Cancel At Period End",
        "Cancellation Reason", "Cancellation Feedback", "Cancellation Comment",
    ]  # fmt: skip

    def sub(
        sid,
        cus,
        email,
        name,
        plan,
        product,
        interval,
        amount,
        status,
        start,
        period,
        trial=("", ""),
        ended=("", ""),
        why=("", "", ""),
    ):
        return [
            sid, cus, email, name, plan, product, "1", "usd", interval, amount, status, start, start, period[0], period[1],
            trial[0], trial[1], ended[0], ended[1], "false", *why,
        ]  # fmt: skip

    write_csv(
        HERE / "stripe" / "subscriptions.csv",
        [
            header,
            sub(
                "sub_1PaAcme",
                "cus_Acme",
                "billing@acme.example",
                "Acme Analytics",
                "price_pro_monthly",
                "Pro",
                "month",
                "499.00",
                "active",
                "2025-03-10 14:02",
                ("2026-11-10 14:02", "2026-12-10 14:02"),
            ),
            sub(
                "sub_1PeAcme",
                "cus_Acme",
                "billing@acme.example",
                "Acme Analytics",
                "price_addon_monthly",
                "Add-on",
                "month",
                "99.50",
                "active",
                "2026-06-01 08:00",
                ("2026-11-01 08:00", "2026-12-01 08:00"),
            ),
            sub(
                "sub_1PbBolt",
                "cus_Bolt",
                "ap@bolt.example",
                "Bolt Robotics",
                "price_enterprise_yearly",
                "Enterprise",
                "year",
                "24000.00",
                "active",
                "2026-01-15 09:00",
                ("2026-01-15 09:00", "2027-01-15 09:00"),
            ),
            sub(
                "sub_1PcCora",
                "cus_Cora",
                "ops@cora.example",
                "Cora Foods",
                "price_pro_monthly",
                "Pro",
                "month",
                "499.00",
                "canceled",
                "2025-06-01 12:00",
                ("2026-09-01 12:00", "2026-10-01 12:00"),
                ended=("2026-09-20 08:00", "2026-10-01 12:00"),
                why=("cancellation_requested", "too_expensive", "Budget cut, we'll be back"),
            ),
            sub(
                "sub_1PdDyna",
                "cus_Dyna",
                "it@dyna.example",
                "Dyna Labs",
                "price_pro_monthly",
                "Pro",
                "month",
                "499.00",
                "trialing",
                "2026-11-15 10:00",
                ("2026-11-15 10:00", "2026-11-29 10:00"),
                trial=("2026-11-15 10:00", "2026-11-29 10:00"),
            ),
        ],
    )


def asaas() -> None:
    excel_br(
        HERE / "asaas" / "assinaturas.csv",
        [
            [
                "Identificador",
                "Cliente",
                "CPF/CNPJ",
                "Descrição",
                "Valor",
                "Ciclo",
                "Forma de pagamento",
                "Data de criação",
                "Próximo vencimento",
                "Data de término",
                "Situação",
            ],
            [
                "sub_8fj2k1",
                "Padaria Pão Dourado Ltda",
                "12.345.678/0001-90",
                "Plano Profissional – mensal",
                "R$ 1.234,56",
                "Mensal",
                "Boleto bancário",
                "05/03/2024",
                "05/12/2026",
                "",
                "Ativa",
            ],
            [
                "sub_9xk3m2",
                "Escritório Contábil “Exatidão”",
                "98.765.432/0001-10",
                "Plano Empresarial (anual)",
                "R$ 12.500,00",
                "Anual",
                "Cartão de crédito",
                "25/11/2023",
                "25/11/2026",
                "",
                "Ativa",
            ],
            [
                "sub_7ab1c0",
                "Açougue São Jorge ME",
                "11.222.333/0001-44",
                "Plano Básico",
                "R$ 99,90",
                "Mensal",
                "Pix",
                "10/01/2025",
                "",
                "30/09/2026",
                "Inativa",
            ],
        ],
    )


if __name__ == "__main__":
    for make in (salesforce, hubspot, pipedrive, rdstation, zendesk, freshdesk, movidesk, stripe, asaas):
        make()
