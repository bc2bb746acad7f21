"""What the demo book says: story accounts, names, quotes and phrases (en and pt-BR).

Data only; ``csm_desk.demo`` turns it into rows. Every day is relative to the
book's today (negative: in the past). Companies, people and competitors are
invented; e-mail addresses use the reserved ``.example`` domain.
"""

from __future__ import annotations

from dataclasses import dataclass

Curve = tuple[tuple[int, float], ...]
"""Keyframes (day, value); values between keyframes are interpolated."""


@dataclass(frozen=True)
class Person:
    """A customer contact."""

    name: str
    title: str
    role: str
    status: str = "active"


@dataclass(frozen=True)
class Sig:
    """A logged signal: raised on ``day``, resolved on ``resolved`` (None: still active)."""

    kind: str
    day: int
    quote: str = ""
    resolved: int | None = None


@dataclass(frozen=True)
class Touch:
    """A timeline entry; ``quotes`` are the speaker's exact words, in order."""

    day: int
    channel: str
    summary: str
    quotes: tuple[str, ...] = ()
    speaker: str = ""
    minutes: int | None = None
    script: str = ""
    hour: int = 14


@dataclass(frozen=True)
class Todo:
    """A follow-up; done ones are done on their due day."""

    day: int
    title: str
    channel: str = "email"
    status: str = "open"
    hour: int | None = None
    outcome: str = ""
    snoozed: int | None = None


@dataclass(frozen=True)
class Move:
    """A move along the pipeline on ``day``; closing moves carry a reason."""

    stage: str
    day: int
    reason: str = ""
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """A save plan; each action becomes a follow-up, and so does the next check-in."""

    created: int
    situation: str
    category: str
    root_cause: str
    success: str
    strategies: str
    team: tuple[tuple[str, str, str], ...]
    actions: tuple[tuple[str, str, int], ...]
    checkin: int
    outcome: str = ""
    closed: int | None = None


@dataclass(frozen=True)
class Story:
    """A hand-written account and what its history is meant to show as of today."""

    name: str
    language: str
    segment: str
    industry: str
    arr: float
    owner: str
    contract: int
    renewal: int
    health: Curve
    logins: Curve
    users: Curve
    adoption: Curve
    flags: tuple[str, ...]
    tier: str | None
    playbook: str | None
    renewed: int | None = None
    expanded: int | None = None
    strategic: bool = False
    sla: Curve = ((-400, 0),)
    nps: tuple[tuple[int, int], ...] = ()
    benchmark: int | None = None
    last: int = -1
    contacts: tuple[Person, ...] = ()
    signals: tuple[Sig, ...] = ()
    touches: tuple[Touch, ...] = ()
    moves: tuple[Move, ...] = ()
    todos: tuple[Todo, ...] = ()
    plan: Plan | None = None


# Our side of the table.
MAYA, JORDAN, RAFAEL = "Maya Chen", "Jordan Ellis", "Rafael Moura"
VP_CS = "Alex Romero"
SOLUTIONS = "Priya Nair"
SUPPORT = "Lena Fischer"
SALES = "Sofia Marsh"
FINANCE = "Daniel Cho"
EXEC = "Helena Prates"
PRODUCT = "Nate Rivers"

OWNERS = {"en": (MAYA, JORDAN), "pt-BR": (RAFAEL,)}
COMPETITORS = ("Brightloop", "Pivotly", "Quillstack", "Tallyforge", "Vantora")

STORIES: tuple[Story, ...] = (
    Story(
        name="Calder & Finch Logistics", language="en", segment="enterprise", industry="Logistics",
        arr=184_000, owner=MAYA, strategic=True, contract=-1_065, renewal=41, renewed=-324, expanded=-150,
        health=((-204, 80), (-120, 84), (-15, 81), (-8, 79), (-1, 37)),
        logins=((-204, 2_100), (-60, 2_450), (-8, 2_400), (-1, 1_150)),
        users=((-204, 150), (-150, 190), (-8, 195), (-1, 128)),
        adoption=((-204, 55), (-1, 63)), sla=((-204, 0), (-36, 1), (-1, 2)), nps=((-176, 8), (-92, 9)),
        flags=("health_low", "health_crash", "logins_drop", "active_users_drop", "integration_broken"),
        tier="high", playbook="usage_drop",
        contacts=(
            Person("Elena Varga", "Director of Operations", "champion"),
            Person("Tom Okafor", "Chief Operating Officer", "sponsor"),
            Person("Grace Lindqvist", "VP Finance", "decision_maker"),
            Person("Sam Patel", "Dispatch Lead", "user"),
            Person("Nina Brooks", "Integration Engineer", "user"),
        ),
        signals=(Sig("integration_broken", -6, "Since the ERP cutover nothing syncs, and my dispatchers went back to spreadsheets."),),
        touches=(
            Touch(-176, "meeting", "QBR with Elena and Tom: route-planning adoption at 55%, questions about the ERP connector roadmap.",
                  ("If the connector keeps up with our volume, we'll roll this out to the Rotterdam hub too.",), "Tom Okafor", 60),
            Touch(-150, "call", "Expansion signed: 40 more seats for the Rotterdam hub.", minutes=30, speaker="Tom Okafor"),
            Touch(-92, "meeting", "QBR: on-time deliveries up 6 points since go-live; Elena wants a dashboard for hub managers.",
                  ("This is the first tool my hub managers open without being asked.",), "Elena Varga", 60),
            Touch(-41, "email", "Elena shared the ERP cutover plan for the first weekend of the month; sent the connector checklist and offered a dry run."),
            Touch(-6, "note", "Weekend ticket from Nina: the connector rejects every order since the ERP cutover.", hour=9),
            Touch(-4, "call", "Called Elena, curious rather than defensive: the new ERP changed the order-ID format and the connector "
                  "rejects every record. Dispatch is back on spreadsheets.",
                  ("Since the ERP cutover nothing syncs, and my dispatchers went back to spreadsheets.",
                   "I can't defend the renewal to Grace if this drags into next month."), "Elena Varga", 35, "usage_drop"),
            Touch(-2, "meeting", "Save-team meeting: Priya scoped an ID-mapping fix (five working days); Alex calls Tom this week.", minutes=30),
        ),
        moves=(Move("identified", -5, note="ERP sync broken; renewal in six weeks"), Move("engaged", -4), Move("save_plan", -2)),
        todos=(
            Todo(-4, "Log the cutover timeline and the number of rejected orders", "note", "done", outcome="Logged; 3,400 orders rejected."),
            Todo(-1, "Confirm with Nina that the ID-mapping fix is in staging", "call"),
            Todo(0, "Walk Elena through the restored sync", "call", hour=15),
        ),
        plan=Plan(
            created=-2,
            situation="The ERP cutover changed the order-ID format; our connector rejects every record and dispatchers went back "
                      "to spreadsheets. Renewal in six weeks, after a 40-seat expansion.",
            category="usage_drop",
            root_cause="The connector does not accept the new ERP order IDs.",
            success="Sync errors under 1% and 150+ weekly active dispatchers before the renewal date.",
            strategies="quick_wins,executive_alignment",
            team=(("csm", MAYA, "owner"), ("cs_manager", VP_CS, "always on the save team"),
                  ("solutions_engineer", SOLUTIONS, "integration issue"),
                  ("executive_sponsor", EXEC, "ARR above 100,000 and strategic")),
            actions=(("Ship the order-ID mapping fix to staging", SOLUTIONS, 2),
                     ("VP CS call with Tom Okafor", VP_CS, 3),
                     ("Re-run the backlog of rejected orders", SOLUTIONS, 5)),
            checkin=7,
        ),
    ),
    Story(
        name="Tidewater Health Partners", language="en", segment="enterprise", industry="Healthcare",
        arr=96_000, owner=MAYA, contract=-1_020, renewal=75, renewed=-290, last=-2,
        health=((-205, 78), (-60, 77), (-2, 63)), logins=((-205, 1_500), (-60, 1_480), (-2, 1_180)),
        users=((-205, 140), (-2, 128)), adoption=((-205, 57), (-2, 59)), sla=((-205, 1),), nps=((-163, 8), (-79, 7)),
        flags=("champion_unresponsive", "meetings_cancelled"), tier="high", playbook="champion_silent",
        contacts=(
            Person("Dana Whitfield", "Head of Patient Access", "champion"),
            Person("Marcus Reed", "Chief Financial Officer", "sponsor"),
            Person("Olivia Grant", "VP Clinical Operations", "decision_maker"),
            Person("Ben Alvarez", "Scheduling Supervisor", "user"),
            Person("Ruth Kimani", "Executive Assistant", "user"),
        ),
        signals=(
            Sig("champion_unresponsive", -33),
            Sig("meetings_cancelled", -19, "Dana is buried in budget season; please hold off on booking anything until January."),
        ),
        touches=(
            Touch(-163, "meeting", "QBR with Dana: no-shows down since the reminder flows went live.",
                  ("The scheduling module cut our no-shows; I want that story in the board deck.",), "Dana Whitfield", 60),
            Touch(-79, "meeting", "Health check with Dana and Ben: 11% fewer no-shows; Dana asked for a board-ready ROI one-pager.",
                  minutes=45, speaker="Dana Whitfield"),
            Touch(-45, "email", "Sent the ROI one-pager Dana asked for."),
            Touch(-33, "email", "Asked Dana for the year-end health check; second message this month without a reply."),
            Touch(-19, "email", "Ruth cancelled the rescheduled health check on Dana's behalf.",
                  ("Dana is buried in budget season; please hold off on booking anything until January.",), "Ruth Kimani"),
            Touch(-5, "note", "Put Tidewater in the pipeline: two engagement signals and a renewal eleven weeks out. Ben still logs in daily.", hour=10),
        ),
        moves=(Move("identified", -5, note="champion silent for five weeks; renewal in 11 weeks"),),
        todos=(
            Todo(-45, "Send the ROI one-pager to Dana", "email", "done"),
            Todo(-3, "Call Dana on her mobile (not another email)", "call"),
            Todo(0, "Ask Marcus Reed for 15 minutes about the renewal", "email"),
            Todo(2, "Check LinkedIn and recent tickets: who else is active at Tidewater?", "note"),
        ),
    ),
    Story(
        name="Ferrovia Nova Transportes", language="pt-BR", segment="mid-market", industry="Logistics",
        arr=38_000, owner=RAFAEL, contract=-602, renewal=128, renewed=-237,
        health=((-204, 74), (-36, 72), (-1, 61)), logins=((-204, 900), (-20, 880), (-1, 640)),
        users=((-204, 60), (-1, 52)), adoption=((-204, 55), (-1, 54)), sla=((-204, 1),), nps=((-148, 9), (-64, 8)),
        flags=("champion_left", "sponsor_disengaged"), tier="high", playbook="champion_left",
        contacts=(
            Person("Luciana Prado", "Gerente de Operações", "champion", "left"),
            Person("Paulo Bastos", "Diretor de Logística", "sponsor"),
            Person("Roberto Sampaio", "Diretor Financeiro", "decision_maker"),
            Person("Carlos Menezes", "Analista de Roteirização", "user"),
            Person("Fernanda Queiroz", "Coordenadora de Frota", "user"),
        ),
        signals=(
            Sig("champion_left", -12, "A Luciana saiu na sexta e ainda não sabemos quem vai cuidar da ferramenta."),
            Sig("sponsor_disengaged", -6),
        ),
        touches=(
            Touch(-148, "meeting", "Revisão trimestral com a Luciana: as rotas otimizadas reduziram o consumo de diesel em 9%.",
                  ("Esse painel virou a primeira coisa que eu abro de manhã.",), "Luciana Prado", 60),
            Touch(-64, "call", "Ligação com a Luciana e o Paulo sobre levar a ferramenta para a filial de Curitiba; ficaram de avaliar em janeiro.",
                  minutes=30, speaker="Paulo Bastos"),
            Touch(-12, "whatsapp", "O Carlos avisou pelo WhatsApp que a Luciana saiu da empresa.",
                  ("A Luciana saiu na sexta e ainda não sabemos quem vai cuidar da ferramenta.",), "Carlos Menezes", hour=12),
            Touch(-6, "email", "E-mail ao Paulo Bastos pedindo 20 minutos para falar da transição; sem resposta."),
            Touch(-4, "linkedin", "Mensagem à Luciana no LinkedIn: parabéns pelo novo cargo e pedido de indicação de quem assume."),
        ),
        moves=(Move("identified", -4, note="campeã saiu; patrocinador sem resposta"),),
        todos=(
            Todo(-12, "Registrar a saída da Luciana e revisar os contatos", "note", "done"),
            Todo(-1, "Ligar para o Carlos e mapear quem mais usa o painel", "call"),
            Todo(1, "Pedir à Luciana uma apresentação ao sucessor", "linkedin"),
            Todo(6, "Propor um briefing executivo ao Paulo Bastos", "meeting", hour=14),
        ),
    ),
    Story(
        name="Quanta Analítica", language="pt-BR", segment="mid-market", industry="Technology",
        arr=58_000, owner=RAFAEL, contract=-905, renewal=160, renewed=-205,
        health=((-204, 79), (-40, 74), (-1, 62)), logins=((-204, 1_100), (-1, 990)), users=((-204, 70), (-1, 66)),
        adoption=((-204, 58), (-1, 61)), sla=((-204, 1),), nps=((-148, 8), (-29, 4)),
        flags=("nps_low", "budget_change", "competitor_mentioned"), tier="high", playbook="competitor",
        contacts=(
            Person("Beatriz Nogueira", "Head de Dados", "champion"),
            Person("André Falcão", "CTO", "sponsor"),
            Person("Juliana Rezende", "Diretora Financeira", "decision_maker"),
            Person("Thiago Moraes", "Analista de BI", "user"),
        ),
        signals=(
            Sig("budget_change", -22, "O orçamento de 2027 foi cortado em 20% e cada ferramenta vai ter que se justificar."),
            Sig("competitor_mentioned", -10, "Outro time aqui começou a usar o Pivotly e a diretoria quer saber por que pagamos por duas ferramentas."),
        ),
        touches=(
            Touch(-148, "meeting", "Revisão trimestral: 14 painéis novos em produção; a Beatriz quer ligar o data lake.",
                  ("A gente finalmente parou de discutir qual número está certo.",), "Beatriz Nogueira", 60),
            Touch(-29, "note", "Pesquisa de NPS respondida com nota 4, com um comentário sobre o custo por usuário.",
                  ("Funciona bem, mas o preço por usuário pesa demais para o tamanho do time.",), "Juliana Rezende"),
            Touch(-22, "call", "A Beatriz contou que o orçamento do ano que vem foi cortado.",
                  ("O orçamento de 2027 foi cortado em 20% e cada ferramenta vai ter que se justificar.",), "Beatriz Nogueira", 20),
            Touch(-18, "call", "Conversa de escuta com a Beatriz: o que funciona, o que não funciona e três coisas para mudar.",
                  ("O que segura vocês aqui é o suporte; o que atrapalha é o preço por usuário.",), "Beatriz Nogueira", 40, "listening_tour"),
            Touch(-10, "meeting", "Na reunião de planejamento, o André contou que o time de marketing adotou o Pivotly.",
                  ("Outro time aqui começou a usar o Pivotly e a diretoria quer saber por que pagamos por duas ferramentas.",),
                  "André Falcão", 45, "competitor"),
            Touch(-3, "whatsapp", "A Beatriz confirmou a demonstração com o André para quinta.", speaker="Beatriz Nogueira", hour=18),
        ),
        moves=(Move("identified", -20, note="corte de orçamento e NPS 4"), Move("engaged", -18)),
        todos=(
            Todo(-18, "Enviar o resumo da conversa de escuta", "email", "done"),
            Todo(0, "Preparar a comparação lado a lado com o Pivotly", "note", hour=11),
            Todo(3, "Demonstração aprofundada para o André e o time de marketing", "meeting", hour=14),
            Todo(5, "Apresentar dois clientes de referência do setor", "email"),
        ),
    ),
    Story(
        name="Orion Biolabs", language="en", segment="enterprise", industry="Life sciences",
        arr=240_000, owner=MAYA, strategic=True, contract=-1_480, renewal=290, renewed=-75, expanded=-95,
        health=((-204, 82), (-1, 89)), logins=((-204, 3_200), (-1, 3_900)), users=((-204, 260), (-95, 300), (-1, 340)),
        adoption=((-204, 68), (-1, 79)), nps=((-176, 9), (-92, 9), (-8, 10)), benchmark=2_800,
        flags=(), tier=None, playbook=None,
        contacts=(
            Person("Aisha Rahman", "Director of Lab Operations", "champion"),
            Person("Victor Hale", "Chief Scientific Officer", "sponsor"),
            Person("Meredith Stone", "Head of Procurement", "decision_maker"),
            Person("Kenji Watanabe", "Lab Systems Analyst", "user"),
        ),
        touches=(
            Touch(-176, "meeting", "QBR: approval workflow live in all three labs.",
                  ("The new approval workflow gives my team back about a day a week.",), "Aisha Rahman", 60),
            Touch(-95, "call", "Expansion signed: 40 seats for the Basel lab.", minutes=25, speaker="Victor Hale"),
            Touch(-60, "meeting", "Training for the Basel lab leads.", minutes=90),
            Touch(-8, "meeting", "QBR: cycle time down 18% year on year; Victor asked about the Singapore lab.",
                  ("If you keep shipping like this, the renewal is a formality.",), "Victor Hale", 60),
        ),
        todos=(
            Todo(-8, "Send the QBR deck to Victor and Aisha", "email", "done"),
            Todo(12, "Expansion conversation: the Singapore lab", "meeting", hour=16),
        ),
    ),
    Story(
        name="Redwood Ledger Accounting", language="en", segment="smb", industry="Professional services",
        arr=8_400, owner=JORDAN, contract=-420, renewal=310,
        health=((-204, 76), (-1, 70)), logins=((-204, 160), (-1, 150)), users=((-204, 9),), adoption=((-204, 52),),
        nps=((-64, 9), (-8, 5)), flags=("nps_low", "competitor_mentioned"), tier="low", playbook="competitor",
        contacts=(
            Person("Carmen Ruiz", "Office Manager", "champion"),
            Person("Ian Whitaker", "Managing Partner", "sponsor"),
            Person("Owen Park", "Senior Accountant", "user"),
        ),
        signals=(Sig("competitor_mentioned", -4, "One of our partners keeps telling us Brightloop does this out of the box."),),
        touches=(
            Touch(-120, "email", "Sent Carmen the tax-season checklist."),
            Touch(-8, "note", "NPS answer 5 from Ian.", ("It works, but it feels heavy for a firm our size.",), "Ian Whitaker"),
            Touch(-4, "call", "Carmen mentioned a partner pushing Brightloop.",
                  ("One of our partners keeps telling us Brightloop does this out of the box.",), "Carmen Ruiz", 15),
        ),
        moves=(Move("identified", -1, note="NPS 5 and a competitor in the picture"),),
        todos=(
            Todo(-4, "Note what Carmen said about Brightloop", "note", "done"),
            Todo(2, "Discovery call: what does Brightloop do 'out of the box'?", "call", hour=17),
        ),
    ),
    Story(
        name="Mesa Verde Foods", language="en", segment="mid-market", industry="Food & beverage",
        arr=24_000, owner=JORDAN, contract=-1_310, renewal=150, renewed=-215, last=-2,
        health=((-205, 70), (-50, 66), (-2, 52)), logins=((-205, 620), (-2, 540)), users=((-205, 42), (-2, 38)),
        adoption=((-205, 49),), sla=((-205, 1),), nps=((-163, 8), (-79, 7)),
        flags=("restructuring", "budget_change"), tier="medium", playbook="listening_tour",
        contacts=(
            Person("Rosa Delgado", "Supply Chain Manager", "champion"),
            Person("Greg Holloway", "Chief Operating Officer", "sponsor"),
            Person("Anita Shah", "Finance Director", "decision_maker"),
            Person("Kyle Benson", "Demand Planner", "user"),
        ),
        signals=(
            Sig("restructuring", -48, "We're merging two business units and every tool is on the table."),
            Sig("budget_change", -41, "Our budget was cut by a third for next year."),
        ),
        touches=(
            Touch(-163, "meeting", "QBR: forecast accuracy at a three-year high.",
                  ("Forecast accuracy is the best it's been in three years.",), "Rosa Delgado", 60),
            Touch(-48, "call", "Greg announced the merger of the two business units.",
                  ("We're merging two business units and every tool is on the table.",), "Greg Holloway", 20),
            Touch(-41, "email", "Anita confirmed next year's budget cut.", ("Our budget was cut by a third for next year.",), "Anita Shah"),
            Touch(-37, "meeting", "Listening session with Rosa and Anita: they value the forecasting, not the three add-on modules.",
                  ("We need to simplify; we pay for modules nobody has opened since spring.",), "Rosa Delgado", 45, "listening_tour"),
            Touch(-30, "meeting", "Save-team meeting with Sofia: right-size the contract to the modules they use, keep forecasting.", minutes=30),
            Touch(-9, "email", "Sent Anita the right-sized proposal: forecasting and planning only."),
        ),
        moves=(Move("identified", -39, note="restructuring and a budget cut"), Move("engaged", -37), Move("save_plan", -30)),
        todos=(
            Todo(-6, "Get Anita's answer on the right-sized proposal", "email", snoozed=1),
            Todo(12, "Forecast review with Rosa's planners", "meeting", hour=15),
        ),
        plan=Plan(
            created=-30,
            situation="Two business units are merging and next year's budget was cut by a third; every tool is under review.",
            category="pricing",
            root_cause="They pay for three add-on modules they never adopted; the price no longer matches the value they get.",
            success="Renewal signed on the right-sized contract before their budget freeze, with forecasting usage steady.",
            strategies="listening_tour,pricing_restructure",
            team=(("csm", JORDAN, "owner"), ("cs_manager", VP_CS, "always on the save team"),
                  ("account_executive", SALES, "contract renegotiation"), ("finance", FINANCE, "pricing")),
            actions=(("Approve module-based pricing", FINANCE, -20),
                     ("Send the right-sized proposal to Anita", SALES, -9),
                     ("Forecast review with Rosa's planners", JORDAN, 12)),
            checkin=5,
        ),
    ),
    Story(
        name="Brightwater Retail Group", language="en", segment="mid-market", industry="Retail",
        arr=46_000, owner=JORDAN, contract=-890, renewal=210, renewed=-155, last=-3,
        health=((-206, 72), (-45, 68), (-3, 56)), logins=((-206, 1_300), (-45, 1_200), (-3, 1_000)),
        users=((-206, 90), (-3, 82)), adoption=((-206, 52), (-60, 47), (-3, 36)), sla=((-206, 1), (-100, 0)),
        nps=((-150, 8), (-66, 7)), flags=("low_adoption", "champion_left", "new_leader"), tier="medium", playbook="champion_left",
        contacts=(
            Person("Hannah Moore", "Director of E-commerce", "champion", "left"),
            Person("Marcus Oyelaran", "E-commerce Manager", "champion"),
            Person("Renee Castillo", "VP Merchandising", "sponsor"),
            Person("Derek Shaw", "Chief Financial Officer", "decision_maker"),
            Person("Lily Tran", "Merchandising Analyst", "user"),
        ),
        signals=(
            Sig("champion_left", -40, "I'm moving to our sister company on the 1st; Marcus will pick up the platform."),
            Sig("new_leader", -25, "I didn't choose this platform, so show me why it beats what we ran at my last company."),
        ),
        touches=(
            Touch(-150, "meeting", "QBR with Hannah: promo planning moved fully onto the platform.",
                  ("Promo planning used to take us a week; now it's an afternoon.",), "Hannah Moore", 60),
            Touch(-40, "email", "Hannah wrote that she is moving to a sister company.",
                  ("I'm moving to our sister company on the 1st; Marcus will pick up the platform.",), "Hannah Moore"),
            Touch(-37, "call", "Congratulated Hannah, asked for a warm intro to Marcus; handoff call booked.",
                  minutes=20, speaker="Hannah Moore", script="champion_left"),
            Touch(-25, "meeting", "Intro with Renee Castillo, the new VP Merchandising; skeptical, compares us with her previous tool.",
                  ("I didn't choose this platform, so show me why it beats what we ran at my last company.",), "Renee Castillo", 30),
            Touch(-18, "call", "Re-onboarding kickoff with Marcus.",
                  ("I inherited this tool on Monday; show me the three reports Hannah actually used.",), "Marcus Oyelaran", 45),
            Touch(-9, "meeting", "Executive briefing for Renee: thirty minutes, no demo, three numbers.",
                  ("Fine, give me thirty days of quick wins and we'll talk again.",), "Renee Castillo", 30),
        ),
        moves=(Move("identified", -38, note="champion moving to a sister company"), Move("engaged", -37), Move("save_plan", -16)),
        todos=(
            Todo(-18, "Book the re-onboarding kickoff with Marcus", "call", "done"),
            Todo(-2, "Send Marcus the promo-planning report template", "email"),
        ),
        plan=Plan(
            created=-16,
            situation="Hannah Moore, our champion, moved to a sister company. Marcus Oyelaran inherited the platform and the new "
                      "VP Merchandising did not choose us. Adoption fell under 40%.",
            category="champion_change",
            root_cause="A champion change and a new leader with no stake in the purchase.",
            success="Marcus runs the weekly promo report himself and adoption is back above 45% within 30 days.",
            strategies="listening_tour,quick_wins,executive_alignment",
            team=(("csm", JORDAN, "owner"), ("cs_manager", VP_CS, "always on the save team")),
            actions=(("Rebuild the three promo reports in Marcus's workspace", JORDAN, 1),
                     ("Quick-win review with Renee", JORDAN, 4),
                     ("Train Lily and two merchandisers", JORDAN, 6)),
            checkin=10,
        ),
    ),
    Story(
        name="Kestrel Energy Services", language="en", segment="enterprise", industry="Energy",
        arr=61_000, owner=MAYA, contract=-377, renewal=-12,
        health=((-204, 74), (-50, 66), (-1, 55)), logins=((-204, 1_400), (-1, 1_210)), users=((-204, 95), (-1, 88)),
        adoption=((-204, 51),), sla=((-204, 0), (-50, 1), (-36, 3), (-1, 4)), nps=((-176, 7), (-92, 7)),
        flags=("sla_misses", "skipped_qbr", "emails_ignored"), tier="high", playbook="champion_silent",
        contacts=(
            Person("Wade Thornton", "Operations Director", "champion"),
            Person("Lauren Pierce", "VP Asset Management", "sponsor"),
            Person("Martin Cole", "Procurement Manager", "decision_maker"),
            Person("Jess Howard", "Field Engineer", "user"),
        ),
        signals=(Sig("skipped_qbr", -70), Sig("emails_ignored", -20)),
        touches=(
            Touch(-176, "meeting", "Onboarding review with Wade: crew scheduling live on all rigs.",
                  ("Crews stopped double-booking the rigs; that alone paid for the first year.",), "Wade Thornton", 60),
            Touch(-70, "note", "Wade skipped the QBR without a word; Jess attended alone."),
            Touch(-27, "call", "Reached Wade after three attempts: slow support on asset-sync tickets is the sore point.",
                  ("Every ticket this month waited two days for a first answer.",), "Wade Thornton", 25, "champion_silent"),
            Touch(-20, "email", "Renewal paperwork sent to Martin; no reply."),
            Touch(-12, "note", "Renewal date passed without a signature."),
            Touch(-10, "meeting", "Save-team meeting: Lena joins for the ticket backlog; Alex to call Lauren.", minutes=30),
            Touch(-6, "call", "Martin finally answered: procurement wants fewer tools before signing.",
                  ("We need to simplify our processes before we sign anything else.",), "Martin Cole", 15),
        ),
        moves=(Move("identified", -30, note="QBR skipped and SLA misses; renewal in 18 days"), Move("engaged", -27),
               Move("save_plan", -10)),
        todos=(Todo(0, "Call Wade: confirm the ticket fixes landed", "call", hour=16),),
        plan=Plan(
            created=-10,
            situation="The renewal date passed unsigned. Support missed the SLA on four tickets this month, Wade skipped the "
                      "QBR and procurement stopped replying.",
            category="support_issue",
            root_cause="Slow first answers on asset-sync tickets wore down the operations team's trust.",
            success="Every open ticket answered within SLA for 30 days, and the renewal signed.",
            strategies="executive_alignment,quick_wins",
            team=(("csm", MAYA, "owner"), ("cs_manager", VP_CS, "always on the save team"),
                  ("support_engineer", SUPPORT, "unresolved tickets piling up"),
                  ("account_executive", SALES, "contract renegotiation")),
            actions=(("VP CS call with Lauren Pierce", VP_CS, -3),
                     ("Close the four open asset-sync tickets", SUPPORT, 1),
                     ("Send Martin a simplified order form", SALES, 2)),
            checkin=6,
        ),
    ),
    Story(
        name="Cooperativa Pampa Agro", language="pt-BR", segment="smb", industry="Agribusiness",
        arr=6_500, owner=RAFAEL, contract=-1_260, renewal=200, renewed=-530,
        health=((-204, 71), (-64, 68), (-50, 58), (-36, 47), (-1, 44)),
        logins=((-204, 210), (-64, 200), (-36, 110), (-1, 95)), users=((-204, 14), (-1, 10)),
        adoption=((-204, 48), (-1, 42)), nps=((-148, 8),),
        flags=("health_low", "data_stopped"), tier="medium", playbook="usage_drop",
        contacts=(
            Person("Marta Schneider", "Coordenadora Administrativa", "champion"),
            Person("Evandro Kunz", "Presidente da Cooperativa", "sponsor"),
            Person("Jéssica Lopes", "Assistente Administrativa", "user"),
        ),
        signals=(Sig("data_stopped", -52, "Desde que trocamos o ERP os dados pararam de entrar e ninguém percebeu."),),
        touches=(
            Touch(-148, "meeting", "Treinamento presencial na sede da cooperativa.",
                  ("Agora o fechamento do mês sai em dois dias, não em uma semana.",), "Marta Schneider", 90),
            Touch(-52, "whatsapp", "A Marta avisou que trocaram o ERP.",
                  ("Desde que trocamos o ERP os dados pararam de entrar e ninguém percebeu.",), "Marta Schneider", hour=11),
            Touch(-30, "call", "Ligação com a Marta: a integração com o ERP novo nunca foi configurada; combinamos uma sessão com o suporte.",
                  ("Se vocês me ajudarem a religar, o pessoal volta a usar na hora.",), "Marta Schneider", 25, "usage_drop"),
            Touch(-16, "note", "O suporte abriu chamado com o fornecedor do ERP; aguardando as credenciais."),
        ),
        moves=(Move("identified", -33, note="dados pararam de entrar; saúde abaixo de 50"), Move("engaged", -30)),
        todos=(
            Todo(-9, "Cobrar da Marta as credenciais do ERP", "whatsapp"),
            Todo(7, "Sessão de reconexão com o suporte", "call", hour=13),
        ),
    ),
    Story(
        name="Summit Ridge Insurance", language="en", segment="mid-market", industry="Insurance",
        arr=18_000, owner=JORDAN, contract=-830, renewal=265, renewed=-100, benchmark=400,
        health=((-204, 70), (-64, 62), (-1, 55)), logins=((-204, 470), (-78, 440), (-64, 380), (-1, 330)),
        users=((-204, 40),), adoption=((-204, 44),), sla=((-204, 1), (-50, 2), (-36, 3), (-1, 3)), nps=((-148, 7), (-36, 5)),
        flags=("logins_below_benchmark", "sla_misses", "nps_low", "ticket_tone"), tier="medium", playbook="listening_tour",
        contacts=(
            Person("Paula Jensen", "Claims Operations Manager", "champion"),
            Person("Harold Fitch", "VP Claims", "sponsor"),
            Person("Simone Wright", "Claims Adjuster", "user"),
        ),
        signals=(Sig("ticket_tone", -40, "I'm not seeing the value we were promised in the pilot."),),
        touches=(
            Touch(-148, "meeting", "QBR with Paula and Harold: claims intake is the next module to roll out.", minutes=60),
            Touch(-40, "email", "A terse support ticket from Paula about the intake form.",
                  ("I'm not seeing the value we were promised in the pilot.",), "Paula Jensen"),
            Touch(-31, "call", "Listening call with Paula: what works, what doesn't, three things to change.",
                  ("Half my adjusters still do intake by hand because the form doesn't match our policy types.",),
                  "Paula Jensen", 40, "listening_tour"),
            Touch(-12, "meeting", "Workshop on the intake form with three adjusters.", minutes=60, speaker="Simone Wright"),
        ),
        moves=(Move("identified", -33, note="below the login benchmark, SLA misses, tone of tickets"), Move("engaged", -31)),
        todos=(
            Todo(-5, "Send Paula the intake-form mock-up", "email"),
            Todo(8, "Review claims-intake logins against the benchmark", "call"),
        ),
    ),
    Story(
        name="Atlas Comércio Digital", language="pt-BR", segment="enterprise", industry="E-commerce",
        arr=132_000, owner=RAFAEL, strategic=True, contract=-1_100, renewal=95, renewed=-270, expanded=-300,
        health=((-204, 72), (-120, 58), (-92, 49), (-64, 63), (-1, 74)), logins=((-204, 4_000), (-1, 4_100)),
        users=((-204, 320),), adoption=((-204, 66),),
        sla=((-204, 1), (-134, 4), (-92, 5), (-64, 3), (-1, 3)), nps=((-148, 6), (-64, 8)),
        flags=("sla_misses",), tier="high", playbook="listening_tour",
        contacts=(
            Person("Camila Duarte", "Gerente de Atendimento", "champion"),
            Person("Ricardo Antunes", "VP de Operações", "sponsor"),
            Person("Sérgio Lacerda", "Diretor de Compras", "decision_maker"),
            Person("Larissa Fonseca", "Supervisora de Atendimento", "user"),
            Person("Diego Pires", "Analista de Sistemas", "user"),
        ),
        signals=(
            Sig("escalations_rising", -118, resolved=-55),
            Sig("unresolved_complaints", -110, "Três chamados críticos na Black Friday e nenhum resolvido no prazo.", -50),
        ),
        touches=(
            Touch(-118, "meeting", "Reunião com o Ricardo depois das escalações da Black Friday do ano passado.",
                  ("Estamos reavaliando todo o nosso stack de tecnologia no próximo trimestre.",), "Ricardo Antunes", 45),
            Touch(-114, "call", "Conversa de escuta com a Camila: o atendimento é o ponto fraco, o produto não.",
                  minutes=40, speaker="Camila Duarte", script="listening_tour"),
            Touch(-110, "email", "A Camila listou os chamados críticos em aberto.",
                  ("Três chamados críticos na Black Friday e nenhum resolvido no prazo.",), "Camila Duarte"),
            Touch(-105, "meeting", "Reunião do time de retenção com o suporte: revisão semanal dos chamados críticos.", minutes=30),
            Touch(-40, "call", "Ligação com a Camila: chamados em dia há seis semanas.",
                  ("Os chamados voltaram a ser respondidos no prazo, isso mudou o clima aqui.",), "Camila Duarte", 20),
            Touch(-7, "whatsapp", "A Camila pediu para antecipar a revisão de preparação para a Black Friday.", speaker="Camila Duarte", hour=19),
        ),
        moves=(Move("identified", -115, note="escalações e chamados sem solução"), Move("engaged", -114),
               Move("save_plan", -105), Move("monitoring", -40)),
        todos=(Todo(0, "Revisar os chamados da Black Friday com a Camila", "call", hour=13),),
        plan=Plan(
            created=-105,
            situation="Chamados críticos sem solução no prazo e um VP reavaliando o stack; conta estratégica com renovação em três meses.",
            category="support_issue",
            root_cause="Os chamados críticos ficavam sem dono entre o primeiro e o segundo nível de suporte.",
            success="Nenhum chamado crítico fora do SLA por 60 dias e o Ricardo confirmando a renovação.",
            strategies="executive_alignment,quick_wins",
            team=(("csm", RAFAEL, "owner"), ("cs_manager", VP_CS, "always on the save team"),
                  ("support_engineer", SUPPORT, "unresolved tickets piling up"),
                  ("executive_sponsor", EXEC, "ARR above 100,000 and strategic")),
            actions=(("Ligação do VP de CS com o Ricardo", VP_CS, -100),
                     ("Revisão semanal dos chamados críticos com a Camila", SUPPORT, -90),
                     ("Plano de contingência para a Black Friday", RAFAEL, 3)),
            checkin=9,
        ),
    ),
    Story(
        name="Lighthouse Learning", language="en", segment="mid-market", industry="Education",
        arr=14_500, owner=JORDAN, contract=-650, renewal=80, renewed=-285, last=-2,
        health=((-205, 76), (-135, 75), (-121, 40), (-93, 52), (-65, 70), (-2, 78)),
        logins=((-205, 800), (-135, 790), (-121, 300), (-93, 500), (-65, 760), (-2, 830)),
        users=((-205, 60), (-135, 60), (-121, 30), (-65, 58), (-2, 62)), adoption=((-205, 55), (-2, 60)),
        nps=((-163, 8), (-79, 6), (-9, 8)), flags=(), tier=None, playbook=None,
        contacts=(
            Person("Noah Bennett", "Director of Digital Learning", "champion"),
            Person("Claire Dubois", "Head of School", "sponsor"),
            Person("Ravi Menon", "IT Coordinator", "user"),
        ),
        signals=(Sig("users_stopped", -125, "The teachers just stopped logging in.", -70),),
        touches=(
            Touch(-125, "note", "Teachers stopped logging in after the LMS import changed format."),
            Touch(-119, "call", "Called Noah: the import broke in exam week and the teachers gave up.",
                  ("The import broke the week before exams; the teachers gave up and went back to paper.",),
                  "Noah Bennett", 30, "usage_drop"),
            Touch(-112, "meeting", "Save-team meeting with Priya: fix the import mapping, then a two-minute how-to for teachers.", minutes=30),
            Touch(-100, "email", "Import fix shipped; sent the teachers a two-minute how-to."),
            Touch(-80, "call", "Noah confirmed usage is back.",
                  ("The import fix made all the difference; the teachers are back.",), "Noah Bennett", 15),
            Touch(-20, "note", "Closed as saved: usage above the pre-drop level for six weeks."),
        ),
        moves=(Move("identified", -120, note="teachers stopped logging in"), Move("engaged", -119), Move("save_plan", -112),
               Move("monitoring", -80), Move("saved", -20, "usage_drop", "usage above the pre-drop level for six weeks")),
        todos=(
            Todo(-100, "Send the teachers a two-minute how-to", "email", "done"),
            Todo(25, "Renewal prep: results summary for Noah and Claire", "email"),
        ),
        plan=Plan(
            created=-112,
            situation="The LMS import changed format in exam week; teachers stopped logging in and logins fell by 60% in two weeks.",
            category="usage_drop",
            root_cause="The import mapping did not follow the new LMS export format.",
            success="Logins back at the pre-drop level for six weeks.",
            strategies="quick_wins",
            team=(("csm", JORDAN, "owner"), ("cs_manager", VP_CS, "always on the save team"),
                  ("solutions_engineer", SOLUTIONS, "integration issue")),
            actions=(("Fix the import mapping", SOLUTIONS, -104), ("Send teachers a two-minute how-to", JORDAN, -100)),
            checkin=-80, outcome="saved", closed=-20,
        ),
    ),
    Story(
        name="Vinícola Serra Alta", language="pt-BR", segment="smb", industry="Food & beverage",
        arr=9_800, owner=RAFAEL, contract=-760, renewal=-30, renewed=-395, last=-33,
        health=((-237, 70), (-120, 62), (-60, 45), (-33, 35)), logins=((-237, 180), (-120, 150), (-60, 70), (-33, 30)),
        users=((-237, 12), (-60, 7), (-33, 4)), adoption=((-237, 45), (-33, 30)), nps=((-181, 7), (-96, 4)),
        flags=("health_low", "logins_drop", "active_users_drop", "nps_low", "low_adoption", "budget_change", "competitor_mentioned"),
        tier=None, playbook=None,
        contacts=(
            Person("Rodrigo Bertolini", "Gerente Comercial", "champion"),
            Person("Helena Bertolini", "Diretora", "sponsor"),
            Person("Patrícia Zanella", "Assistente Comercial", "user"),
        ),
        signals=(
            Sig("budget_change", -100, "Infelizmente o orçamento foi cortado e vamos concentrar tudo num fornecedor só."),
            Sig("competitor_mentioned", -75, "O ERP novo já vem com um módulo parecido, e a diretoria prefere não pagar duas vezes."),
        ),
        touches=(
            Touch(-181, "meeting", "Revisão semestral com o Rodrigo: pedidos dos representantes todos na plataforma.", minutes=45),
            Touch(-100, "call", "O Rodrigo avisou do corte de orçamento.",
                  ("Infelizmente o orçamento foi cortado e vamos concentrar tudo num fornecedor só.",), "Rodrigo Bertolini", 20),
            Touch(-96, "call", "Conversa de escuta com o Rodrigo e a Helena sobre o que ainda faz sentido manter.",
                  minutes=40, speaker="Helena Bertolini", script="listening_tour"),
            Touch(-75, "meeting", "A Helena contou que o ERP novo tem um módulo de pedidos.",
                  ("O ERP novo já vem com um módulo parecido, e a diretoria prefere não pagar duas vezes.",), "Helena Bertolini", 30, "competitor"),
            Touch(-40, "call", "Última tentativa: plano reduzido só para os representantes; recusaram.", minutes=15, speaker="Helena Bertolini"),
            Touch(-32, "email", "Mensagem de despedida: agradeci, mandei o passo a passo para exportar os dados e deixei a porta aberta."),
        ),
        moves=(Move("identified", -98, note="corte de orçamento"), Move("engaged", -96), Move("save_plan", -90),
               Move("churned", -32, "pricing", "consolidaram num fornecedor único com ERP integrado")),
        todos=(
            Todo(-32, "Enviar as instruções de exportação dos dados", "email", "done"),
            Todo(150, "Perguntar como está a consolidação no ERP novo", "email"),
        ),
    ),
    Story(
        name="Copperline Studios", language="en", segment="smb", industry="Media",
        arr=3_200, owner=JORDAN, contract=-540, renewal=190,
        health=((-204, 60), (-100, 52), (-1, 46)), logins=((-204, 90), (-1, 70)), users=((-204, 5),),
        adoption=((-204, 35),), sla=((-204, 2), (-64, 4), (-1, 3)), nps=((-148, 3), (-64, 2)),
        flags=("health_low", "sla_misses", "nps_low", "low_adoption", "escalations_rising", "ticket_tone"),
        tier=None, playbook=None,
        contacts=(Person("Vince Moreau", "Owner", "champion"), Person("Tara Quinn", "Producer", "user")),
        signals=(
            Sig("escalations_rising", -90, "If you can't give us the enterprise tier for free, we'll take our business elsewhere."),
            Sig("ticket_tone", -85),
        ),
        touches=(
            Touch(-90, "email", "Vince escalated to our CEO demanding the enterprise tier for free.",
                  ("If you can't give us the enterprise tier for free, we'll take our business elsewhere.",), "Vince Moreau"),
            Touch(-86, "call", "Call with Vince: demands a free upgrade; invoices 94 days overdue.", minutes=20, speaker="Vince Moreau"),
            Touch(-60, "note", "Support lead reports a third abusive ticket; the walk-away check passes."),
            Touch(-45, "email", "Graceful exit: thanked them, named a lighter tool that fits a three-person studio, offered an export.",
                  script="graceful_exit"),
        ),
        moves=(Move("identified", -88, note="escalations and tone"), Move("engaged", -86),
               Move("let_go", -45, "other", "invoices 90+ days late and abusive tickets; contract runs to term")),
        todos=(Todo(-45, "Send the data-export instructions to Vince", "email", "done"),),
    ),
    Story(
        name="Torrefação Bonfim", language="pt-BR", segment="smb", industry="Food & beverage",
        arr=4_200, owner=RAFAEL, contract=-610, renewal=120, renewed=-245,
        health=((-204, 80), (-1, 84)), logins=((-204, 120), (-1, 135)), users=((-204, 8), (-1, 9)),
        adoption=((-204, 62), (-1, 66)), nps=((-148, 9), (-29, 9)), flags=(), tier=None, playbook=None,
        contacts=(Person("Gilberto Bonfim", "Sócio-diretor", "champion"), Person("Aline Costa", "Gerente da Loja", "user")),
        touches=(
            Touch(-148, "meeting", "Visita à torrefação: o painel de vendas por loja está em uso diário.",
                  ("A equipe adotou o painel sem precisar de treinamento.",), "Gilberto Bonfim", 45),
            Touch(-30, "whatsapp", "O Gilberto pediu dicas de relatório para a temporada de Natal.", speaker="Gilberto Bonfim", hour=17),
        ),
        todos=(Todo(14, "Conversar sobre incluir a loja nova de Belo Horizonte", "call", hour=15),),
    ),
)


# --- Generated accounts --------------------------------------------------------

INDUSTRIES = (
    "Logistics", "Healthcare", "Retail", "Food & beverage", "Energy", "Education", "Insurance", "Financial services",
    "Manufacturing", "Technology", "Agribusiness", "Media", "Professional services", "Life sciences", "E-commerce",
)

NAME_WORDS = {
    "en": (
        "Alder", "Beacon", "Bluefin", "Cascade", "Cedar", "Cobalt", "Crescent", "Driftwood", "Ember", "Evergreen",
        "Fairmont", "Foxglove", "Granite", "Harbor", "Hawthorne", "Highland", "Ironwood", "Juniper", "Keystone",
        "Lakeshore", "Larkspur", "Maple", "Meridian", "Millbrook", "Northgate", "Oakridge", "Pinecrest", "Prairie",
        "Quarry", "Redfern", "Ridgeline", "Riverbend", "Saltmarsh", "Silverline", "Stonebridge", "Sycamore",
        "Thornbury", "Timberline", "Upland", "Vantage", "Westbrook", "Willow", "Windward", "Yellowtail", "Zephyr",
    ),
    "pt-BR": (
        "Aurora", "Bandeirante", "Boa Vista", "Cerrado", "Horizonte", "Ipê", "Jacarandá", "Jequitibá", "Litoral",
        "Mantiqueira", "Maré Alta", "Novo Rumo", "Paineira", "Pantanal", "Planalto", "Primavera", "Recôncavo",
        "Rio Claro", "Serra Azul", "Sertão", "Tropical", "Vale Verde", "Vila Rica", "Araucária", "Buriti", "Caiçara",
        "Capivari", "Mandacaru", "Piracema", "Sabiá", "Tucano", "Ventania",
    ),
}
NAME_NOUNS = {
    "en": {
        "Logistics": ("Freight", "Logistics", "Haulage"), "Healthcare": ("Health", "Clinics", "Care"),
        "Retail": ("Outfitters", "Retail", "Stores"), "Food & beverage": ("Foods", "Provisions", "Brewing"),
        "Energy": ("Energy", "Power", "Renewables"), "Education": ("Learning", "Academy", "Schools"),
        "Insurance": ("Insurance", "Mutual", "Assurance"), "Financial services": ("Capital", "Credit Union", "Finance"),
        "Manufacturing": ("Manufacturing", "Industries", "Fabrication"), "Technology": ("Software", "Systems", "Labs"),
        "Agribusiness": ("Farms", "Growers", "Agri"), "Media": ("Studios", "Media", "Publishing"),
        "Professional services": ("Advisory", "Legal", "Consulting"), "Life sciences": ("Biolabs", "Therapeutics", "Bio"),
        "E-commerce": ("Commerce", "Direct", "Goods"),
    },
    "pt-BR": {
        "Logistics": ("Transportes", "Logística", "Cargas"), "Healthcare": ("Saúde", "Clínicas", "Diagnósticos"),
        "Retail": ("Magazine", "Varejo", "Lojas"), "Food & beverage": ("Alimentos", "Laticínios", "Bebidas"),
        "Energy": ("Energia", "Solar", "Elétrica"), "Education": ("Educação", "Colégio", "Ensino"),
        "Insurance": ("Seguros", "Corretora", "Previdência"), "Financial services": ("Crédito", "Investimentos", "Finanças"),
        "Manufacturing": ("Indústria", "Metalúrgica", "Plásticos"), "Technology": ("Tecnologia", "Sistemas", "Software"),
        "Agribusiness": ("Agro", "Agropecuária", "Sementes"), "Media": ("Comunicação", "Editora", "Produções"),
        "Professional services": ("Consultoria", "Advocacia", "Contabilidade"), "Life sciences": ("Farmacêutica", "Biotech", "Laboratórios"),
        "E-commerce": ("Comércio Digital", "Marketplace", "Online"),
    },
}
NAME_SUFFIXES = {"en": ("Inc.", "Group", "Co.", "", "", "Partners"), "pt-BR": ("Ltda.", "S.A.", "", "Ltda.")}

FIRST_NAMES = {
    "en": (
        "Abigail", "Adrian", "Alicia", "Brandon", "Caleb", "Chloe", "Daniela", "Ethan", "Felix", "Gemma", "Hector",
        "Isla", "Jamal", "Julia", "Kevin", "Laura", "Leon", "Mia", "Nadia", "Oscar", "Paige", "Quentin", "Rachel",
        "Ryan", "Sara", "Tobias", "Uma", "Vera", "Wesley", "Yusuf", "Zoe", "Grant", "Holly", "Ivan", "Keira",
    ),
    "pt-BR": (
        "Ana", "Bruno", "Camila", "Daniel", "Eduarda", "Fábio", "Gabriela", "Henrique", "Isabela", "João", "Karina",
        "Leonardo", "Mariana", "Natália", "Otávio", "Priscila", "Rafaela", "Renato", "Sabrina", "Tiago", "Vanessa",
        "Vinícius", "Wagner", "Yasmin", "Lucas", "Letícia", "Márcio", "Simone", "Gustavo", "Débora",
    ),
}
LAST_NAMES = {
    "en": (
        "Anderson", "Baker", "Brennan", "Carter", "Donovan", "Ellison", "Fraser", "Gallagher", "Hughes", "Iverson",
        "Jennings", "Kowalski", "Lambert", "Mercer", "Nolan", "O'Brien", "Porter", "Quinlan", "Reyes", "Sullivan",
        "Turner", "Underwood", "Vaughn", "Walsh", "Young", "Zimmerman", "Hartley", "Lowell", "Marsden", "Pruitt",
    ),
    "pt-BR": (
        "Almeida", "Barbosa", "Cardoso", "Carvalho", "Castro", "Correia", "Dias", "Fernandes", "Gomes", "Lima",
        "Machado", "Martins", "Melo", "Monteiro", "Nascimento", "Oliveira", "Pereira", "Ribeiro", "Rocha", "Santos",
        "Siqueira", "Souza", "Teixeira", "Vieira", "Azevedo", "Brandão", "Farias", "Guimarães", "Pacheco", "Toledo",
    ),
}
TITLES = {
    "en": {
        "champion": ("Operations Manager", "Head of Customer Experience", "Program Manager", "Director of Operations",
                     "Systems Administrator", "Team Lead"),
        "sponsor": ("Chief Operating Officer", "VP Operations", "Managing Director", "VP Customer Experience"),
        "decision_maker": ("Chief Financial Officer", "Procurement Manager", "Finance Director", "Head of IT"),
        "user": ("Analyst", "Coordinator", "Specialist", "Supervisor", "Planner"),
    },
    # Forms that do not depend on the person's gender.
    "pt-BR": {
        "champion": ("Gerente de Operações", "Gerente de Processos", "Gerente de Projetos", "Head de Operações",
                     "Gerente de Sistemas", "Líder de Equipe"),
        "sponsor": ("VP de Operações", "CEO", "COO", "Head de Negócios"),
        "decision_maker": ("CFO", "Gerente de Compras", "Controller", "Gerente de TI"),
        "user": ("Analista", "Assistente", "Especialista", "Analista de Dados", "Gerente de Contas"),
    },
}

# The customer's words, by situation. {competitor} is filled in.
QUOTES = {
    "en": {
        "usage": (
            "Since the last release half of my team can't find the export, so they stopped bothering.",
            "We changed our CRM in September and nobody reconnected the sync.",
            "The people who used it most were moved to another project.",
            "The reports broke after the upgrade and we went back to spreadsheets.",
            "Honestly, I'm not seeing the value we expected, and the usage shows it.",
        ),
        "silent": (
            "Sorry for the radio silence, we're drowning in year-end planning.",
            "Let's pick this up next quarter; there's no bandwidth right now.",
            "I'm not the right person for this anymore, but I'm not sure who is.",
            "Just send me a summary by email; I can't fit another meeting this month.",
        ),
        "competitor": (
            "Another team here started using {competitor} and leadership asked why we pay for both.",
            "{competitor} offered us the first year at half price.",
            "We're only looking, but {competitor} demoed a mobile app my field team loved.",
            "Our new CTO used {competitor} at her last company and wants to standardize.",
        ),
        "champion_left": (
            "She left on Friday; I'm covering for now, but I don't know the tool.",
            "Nobody has picked up the admin work since he moved to the other office.",
            "I inherited this account last week, so walk me through why we bought it.",
        ),
        "decline": (
            "We're re-evaluating our whole tech stack for next year.",
            "We need to simplify our processes; too many tools, too many logins.",
            "I'm not seeing the value I expected when we signed.",
            "My team only uses two of the modules we pay for.",
        ),
        "support": (
            "Three tickets this month and every one of them waited more than two days.",
            "I'm tired of explaining the same bug to a new agent every time.",
            "I'm escalating this to my VP because it keeps coming back.",
        ),
        "budget": (
            "Our budget was cut by a third and every tool has to justify itself.",
            "The fiscal year moves to April, so nothing gets signed before then.",
            "The restructuring merged two departments and I don't know who owns the budget now.",
        ),
        "positive": (
            "The weekly digest is the one email my managers actually read.",
            "Onboarding the new hires took a morning instead of a week.",
            "We'd like to talk about adding the finance team next quarter.",
            "Your support team fixed it before I finished my coffee.",
        ),
    },
    "pt-BR": {
        "usage": (
            "Depois da última atualização metade do time não acha mais a exportação e desistiu.",
            "Trocamos o CRM em setembro e ninguém reconectou a integração.",
            "O pessoal que mais usava foi remanejado para outro projeto.",
            "Os relatórios quebraram depois da atualização e voltamos para as planilhas.",
            "Sinceramente, não estou vendo o valor que esperava, e o uso mostra isso.",
        ),
        "silent": (
            "Desculpa o sumiço, estamos afogados no planejamento do ano que vem.",
            "Vamos retomar isso no próximo trimestre; agora não tem espaço na agenda.",
            "Não sou mais a pessoa certa para isso, mas também não sei quem é.",
            "Me manda um resumo por e-mail; não consigo encaixar outra reunião este mês.",
        ),
        "competitor": (
            "Outro time aqui começou a usar o {competitor} e a diretoria quer saber por que pagamos pelos dois.",
            "O {competitor} ofereceu o primeiro ano pela metade do preço.",
            "Estamos só olhando, mas o {competitor} mostrou um aplicativo que o pessoal de campo adorou.",
            "O diretor novo usava o {competitor} na empresa anterior e quer padronizar.",
        ),
        "champion_left": (
            "Ela saiu na sexta; estou cobrindo por enquanto, mas não conheço a ferramenta.",
            "Ninguém assumiu a administração desde que ele foi transferido.",
            "Herdei essa conta semana passada, então me explica por que a gente comprou.",
        ),
        "decline": (
            "Estamos reavaliando todo o nosso stack de tecnologia para o ano que vem.",
            "Precisamos simplificar nossos processos; são ferramentas e senhas demais.",
            "Não estou vendo o valor que eu esperava quando assinamos.",
            "O time só usa dois dos módulos que a gente paga.",
        ),
        "support": (
            "Abrimos três chamados este mês e todos esperaram mais de dois dias.",
            "Cansei de explicar o mesmo erro para um atendente novo a cada vez.",
            "Vou levar isso ao meu diretor porque o problema sempre volta.",
        ),
        "budget": (
            "Nosso orçamento foi cortado e cada ferramenta vai ter que se justificar.",
            "O ano fiscal muda para abril, então nada é assinado antes disso.",
            "A reestruturação juntou dois departamentos e ninguém sabe quem cuida do orçamento agora.",
        ),
        "positive": (
            "O resumo semanal é o único e-mail que os gerentes realmente leem.",
            "A equipe nova aprendeu a usar em uma manhã, não em uma semana.",
            "Queremos conversar sobre incluir o time financeiro no próximo trimestre.",
            "O suporte resolveu antes de eu terminar o café.",
        ),
    },
}

# Routine timeline entries: (channel, summary, minutes). {champion} is filled in.
ROUTINE = {
    "en": (
        ("meeting", "Quarterly business review: adoption, open tickets and goals for next quarter.", 60),
        ("call", "Check-in call with {champion}: no blockers; asked for the new reporting guide.", 20),
        ("email", "Sent the monthly usage summary to {champion}.", None),
        ("meeting", "Training session for new users.", 45),
        ("note", "Reviewed tickets and usage ahead of the next QBR.", None),
        ("chat", "{champion} asked in chat how to bulk-edit records; sent the help article.", None),
    ),
    "pt-BR": (
        ("meeting", "Revisão trimestral: adoção, chamados abertos e metas do próximo trimestre.", 60),
        ("call", "Ligação de acompanhamento com {champion}: sem bloqueios; pediu o guia de relatórios.", 20),
        ("email", "Enviei o resumo mensal de uso para {champion}.", None),
        ("whatsapp", "{champion} confirmou pelo WhatsApp a data do treinamento.", None),
        ("meeting", "Treinamento para usuários novos.", 45),
        ("note", "Revisei chamados e uso antes da próxima revisão trimestral.", None),
    ),
}

# Per situation: (what was noticed, the first intervention). {champion}, {competitor}, {old} are filled in.
MOMENTS = {
    "en": {
        "usage": ("Usage fell sharply; opened a review of logins and integrations.",
                  "Called {champion} with curiosity, not blame: found what changed and scoped a quick win."),
        "silent": ("Another email to {champion} without a reply; the meeting was cancelled again.",
                   "Reached {champion} by phone after weeks of silence."),
        "competitor": ("{champion} mentioned {competitor} on a call.",
                       "Discovery call: what attracted them to {competitor}, and who is pushing for it."),
        "champion_left": ("Learned that {old} has left the company.",
                          "Intro call with {champion} to map who owns the tool now."),
        "decline": ("Health has been sliding for weeks and adoption is under 40%.",
                    "Listening call with {champion}: what works, what doesn't, three things to change."),
        "support": ("Reviewed the escalation with the support lead; the SLA was missed again.",
                    "Call with {champion} to own the ticket backlog and agree on a fix date."),
        "budget": ("{champion} warned about budget cuts for next year.",
                   "Value review with {champion}: ROI numbers ahead of the budget cycle."),
    },
    "pt-BR": {
        "usage": ("O uso caiu bastante; abri uma análise de logins e integrações.",
                  "Liguei para {champion} com curiosidade, sem acusar: descobrimos o que mudou e combinamos uma vitória rápida."),
        "silent": ("Mais um e-mail para {champion} sem resposta; a reunião foi cancelada de novo.",
                   "Consegui falar com {champion} por telefone depois de semanas de silêncio."),
        "competitor": ("{champion} mencionou o {competitor} numa conversa.",
                       "Conversa de descoberta: o que atraiu no {competitor} e quem está puxando a mudança."),
        "champion_left": ("Soube que {old} saiu da empresa.",
                          "Conversa de apresentação com {champion} para mapear quem cuida da ferramenta agora."),
        "decline": ("A saúde vem caindo há semanas e a adoção está abaixo de 40%.",
                    "Conversa de escuta com {champion}: o que funciona, o que não funciona, três coisas para mudar."),
        "support": ("Revisei a escalação com o líder de suporte; o SLA estourou de novo.",
                    "Ligação com {champion} para assumir os chamados pendentes e combinar uma data de solução."),
        "budget": ("{champion} avisou sobre cortes de orçamento para o ano que vem.",
                   "Revisão de valor com {champion}: números de retorno antes do ciclo de orçamento."),
    },
}

# Open follow-ups by situation, then routine ones. {champion}, {competitor} are filled in.
TODO_TITLES = {
    "en": {
        "usage": ("Quick-win audit: can we restore the broken workflow in 7 days?", "call"),
        "silent": ("Call {champion} (phone, not email)", "call"),
        "competitor": ("Product deep-dive: what {competitor} offers and we don't", "meeting"),
        "champion_left": ("Ask for a warm intro to the new owner", "email"),
        "decline": ("Book a listening tour with the main users", "call"),
        "support": ("Confirm the fix date for the open tickets", "call"),
        "budget": ("Send the ROI summary to {champion}", "email"),
        "routine": (("Quarterly check-in with {champion}", "call"), ("Send the usage summary", "email"),
                    ("Plan the QBR agenda", "note"), ("Share the release notes with {champion}", "email")),
    },
    "pt-BR": {
        "usage": ("Auditoria rápida: dá para restaurar o fluxo quebrado em 7 dias?", "call"),
        "silent": ("Ligar para {champion} (telefone, não e-mail)", "call"),
        "competitor": ("Demonstração aprofundada: o que o {competitor} oferece e nós não", "meeting"),
        "champion_left": ("Pedir uma apresentação ao novo responsável", "email"),
        "decline": ("Marcar uma rodada de escuta com os principais usuários", "call"),
        "support": ("Confirmar a data de solução dos chamados abertos", "call"),
        "budget": ("Enviar o resumo de retorno para {champion}", "email"),
        "routine": (("Acompanhamento trimestral com {champion}", "call"), ("Enviar o resumo de uso", "email"),
                    ("Preparar a pauta da revisão trimestral", "note"), ("Mandar as novidades da versão para {champion}", "whatsapp")),
    },
}

# Generated save plans: (situation, root-cause category, root cause, success criteria, strategies, actions).
PLANS = {
    "en": {
        "usage": ("Usage fell sharply in the last weeks.", "usage_drop", "A workflow the team relied on stopped working.",
                  "Logins back within 10% of the level before the drop.", "quick_wins",
                  ("Restore the broken workflow", "Run a refresher for the team")),
        "silent": ("The champion has gone quiet and meetings keep getting cancelled.", "champion_change",
                   "Nobody on their side owns the relationship any more.", "A named owner on their side and a meeting held.",
                   "executive_alignment", ("Find a new champion among active users", "Escalate to the executive sponsor")),
        "competitor": ("A competitor is in the picture.", "competitive", "Another team prefers a competing tool.",
                       "They confirm the renewal without a bake-off.", "listening_tour,roadmap_sharing",
                       ("Product deep-dive on their must-haves", "Introduce a reference customer")),
        "champion_left": ("The champion left.", "champion_change", "The relationship depended on one person.",
                          "A new owner re-onboarded with a quick win in 30 days.", "executive_alignment,quick_wins",
                          ("Executive briefing for the new owner", "Quick win in the first 30 days")),
        "decline": ("Health and adoption have been sliding for weeks.", "product_gap",
                    "They never adopted the features they bought.", "Adoption above 40% and health above 60.",
                    "listening_tour,quick_wins", ("Listening tour with the main users", "Train the team on two unused features")),
        "support": ("SLA misses and escalations are piling up.", "support_issue", "Tickets wait too long for a first answer.",
                    "No ticket outside SLA for 30 days.", "quick_wins", ("Close the oldest open tickets", "Weekly ticket review")),
        "budget": ("Budget cuts put the renewal in question.", "pricing", "The price no longer matches the value they see.",
                   "Renewal signed at a size that fits the new budget.", "listening_tour,pricing_restructure",
                   ("Value review with ROI numbers", "Right-sized proposal")),
    },
    "pt-BR": {
        "usage": ("O uso caiu bastante nas últimas semanas.", "usage_drop", "Um fluxo do qual o time dependia parou de funcionar.",
                  "Logins de volta a menos de 10% do nível anterior à queda.", "quick_wins",
                  ("Restaurar o fluxo quebrado", "Fazer uma reciclagem com o time")),
        "silent": ("O campeão sumiu e as reuniões vivem sendo canceladas.", "champion_change",
                   "Ninguém do lado deles cuida mais da relação.", "Um responsável nomeado e uma reunião realizada.",
                   "executive_alignment", ("Achar um novo campeão entre os usuários ativos", "Escalar para o patrocinador executivo")),
        "competitor": ("Há um concorrente na mesa.", "competitive", "Outro time prefere uma ferramenta concorrente.",
                       "Renovação confirmada sem concorrência formal.", "listening_tour,roadmap_sharing",
                       ("Demonstração aprofundada dos itens obrigatórios", "Apresentar um cliente de referência")),
        "champion_left": ("O campeão saiu.", "champion_change", "A relação dependia de uma pessoa só.",
                          "Novo responsável reintegrado com uma vitória rápida em 30 dias.", "executive_alignment,quick_wins",
                          ("Briefing executivo para o novo responsável", "Vitória rápida nos primeiros 30 dias")),
        "decline": ("Saúde e adoção caindo há semanas.", "product_gap", "Nunca adotaram os recursos que compraram.",
                    "Adoção acima de 40% e saúde acima de 60.", "listening_tour,quick_wins",
                    ("Rodada de escuta com os principais usuários", "Treinar o time em dois recursos não usados")),
        "support": ("Estouros de SLA e escalações se acumulando.", "support_issue", "Os chamados esperam demais pela primeira resposta.",
                    "Nenhum chamado fora do SLA por 30 dias.", "quick_wins",
                    ("Fechar os chamados abertos mais antigos", "Revisão semanal de chamados")),
        "budget": ("Cortes de orçamento colocam a renovação em dúvida.", "pricing", "O preço não corresponde mais ao valor percebido.",
                   "Renovação assinada num tamanho que cabe no orçamento novo.", "listening_tour,pricing_restructure",
                   ("Revisão de valor com números de retorno", "Proposta redimensionada")),
    },
}

CLOSING_NOTES = {
    "en": {"saved": "Closed as saved: usage back to normal for weeks.",
           "churned": "Closed as churned; sent the data-export steps and left the door open.",
           "let_go": "Walk-away check passed; graceful exit sent, contract runs to term."},
    "pt-BR": {"saved": "Encerrado como salvo: uso normal há semanas.",
              "churned": "Encerrado como cancelado; mandei o passo a passo de exportação e deixei a porta aberta.",
              "let_go": "Critérios para encerrar atendidos; mensagem de saída enviada, contrato segue até o fim."},
}
