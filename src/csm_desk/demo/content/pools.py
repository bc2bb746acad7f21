"""What generated accounts are made of (en and pt-BR): names, titles, quotes, routine
touches, moments, follow-up titles, save plans and closing notes."""

from __future__ import annotations

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
