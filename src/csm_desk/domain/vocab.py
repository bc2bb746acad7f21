"""The closed vocabularies of the domain: ids the rules, the store and the files share.

Every id here is what files and the database hold; the label is what a person reads.
"""

from __future__ import annotations

# Red flags derived from metric history (DOMAIN §2).
METRIC_FLAGS: dict[str, str] = {
    "health_low": "Health is low",
    "health_crash": "Health crashed",
    "logins_drop": "Logins dropped",
    "logins_below_benchmark": "Logins below benchmark",
    "active_users_drop": "Active users dropped",
    "sla_misses": "SLA misses",
    "nps_low": "NPS is low",
    "low_adoption": "Low feature adoption",
}

# Signals a CSM logs by hand (or an import creates), by family (DOMAIN §2).
SIGNAL_FAMILIES: dict[str, dict[str, str]] = {
    "engagement": {
        "champion_unresponsive": "Champion unresponsive",
        "meetings_cancelled": "Meetings cancelled",
        "skipped_qbr": "Skipped QBR / health check",
        "emails_ignored": "CS emails ignored",
    },
    "usage": {
        "integration_broken": "Integration broken",
        "data_stopped": "Data stopped arriving",
        "users_stopped": "Users stopped logging in",
    },
    "organisational": {
        "champion_left": "Champion left",
        "sponsor_disengaged": "Executive sponsor disengaged",
        "restructuring": "Restructuring or cost cuts",
        "new_leader": "New leader who did not buy the product",
        "budget_change": "Budget / fiscal-year change",
    },
    "relationship": {
        "ticket_tone": "Support-ticket tone changed",
        "slow_responses": "Slower responses on both sides",
        "escalations_rising": "Escalations rising",
        "unresolved_complaints": "Unresolved product complaints",
        "competitor_mentioned": "Competitor mentioned",
    },
}

SIGNAL_KINDS: dict[str, str] = {k: v for fam in SIGNAL_FAMILIES.values() for k, v in fam.items()}
SIGNAL_FAMILY_OF: dict[str, str] = {k: fam for fam, kinds in SIGNAL_FAMILIES.items() for k in kinds}

FLAG_LABELS: dict[str, str] = {**METRIC_FLAGS, **SIGNAL_KINDS}

# What a playbook may apply to besides red flags: facts that are no red flag (DOMAIN §5, docs/rules.md).
CONDITIONS: dict[str, str] = {
    "no_login_30d": "No login for 30+ days",
}

# Pipeline stages (DOMAIN §3). "" means: not in the pipeline.
OPEN_STAGES: tuple[str, ...] = ("identified", "engaged", "save_plan", "monitoring")
CLOSED_STAGES: tuple[str, ...] = ("saved", "churned", "let_go")
STAGES: tuple[str, ...] = OPEN_STAGES + CLOSED_STAGES
STAGE_LABELS: dict[str, str] = {
    "": "not in pipeline",
    "identified": "identified",
    "engaged": "engaged",
    "save_plan": "save plan",
    "monitoring": "monitoring",
    "saved": "saved",
    "churned": "churned",
    "let_go": "let go",
}
CLOSE_REASONS: dict[str, str] = {
    "usage_drop": "Usage drop",
    "champion_change": "Champion change",
    "product_gap": "Product gap",
    "support_issue": "Support issue",
    "competitive": "Competitive",
    "pricing": "Pricing",
    "budget_cut": "Budget cut",
    "acquisition": "Acquisition or merger",
    "business_closed": "Business closed",
    "other": "Other",
}

CHANNELS: tuple[str, ...] = ("call", "email", "meeting", "whatsapp", "chat", "linkedin", "note")
CONTACT_ROLES: tuple[str, ...] = ("champion", "sponsor", "decision_maker", "user")
CONTACT_STATUSES: tuple[str, ...] = ("active", "left")
LANGUAGES: tuple[str, ...] = ("en", "pt-BR")
FOLLOWUP_STATUSES: tuple[str, ...] = ("open", "done", "skipped")
FOLLOWUP_SOURCES: tuple[str, ...] = ("manual", "cadence", "save_plan", "commitment")

TIERS: tuple[str, ...] = ("high", "medium", "low")
TIER_RANK: dict[str, int] = {t: i for i, t in enumerate(TIERS)}

PLAYBOOKS: dict[str, str] = {
    "champion_silent": "Champion silent",
    "usage_drop": "Usage drop",
    "champion_left": "Champion left",
    "competitor": "Competitor in the picture",
    "listening_tour": "Listening tour",
    "graceful_exit": "Graceful exit",
}
