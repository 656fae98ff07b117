"""The roles of the system (DESIGN §1) and the scopes they reach.

A permission is always role × scope: a party's accounts reach only the candidacies their
party captures, a candidate only its own candidacy (DESIGN §1). The scope travels in the
verified principal; services never take it from an id the client sent.
"""

from enum import StrEnum


class NotAllowed(Exception):
    """The caller's role may not do this (here, or at all)."""


class OutOfScope(Exception):
    """The role may, but not for this party, candidacy, election or account."""


class Role(StrEnum):
    ADMIN = "admin"
    VERIFIER = "verifier"
    ANALYST = "analyst"
    SUPPORT = "support"
    PARTY_ADMIN = "party_admin"
    CAPTURIST = "capturist"
    VALIDATOR = "validator"
    SUPERVISOR = "supervisor"
    CANDIDATE = "candidate"
    INDEPENDENT = "independent"
    INE = "ine"
    REGISTRY = "registry"


STAFF_ROLES = frozenset({Role.ADMIN, Role.VERIFIER, Role.ANALYST, Role.SUPPORT})
"""The institute's own people: they must use a second factor (TOTP)."""

PARTY_ROLES = frozenset({Role.PARTY_ADMIN, Role.CAPTURIST, Role.VALIDATOR, Role.SUPERVISOR})
"""Accounts whose scope is one party (or one independent candidacy's team)."""

SUB_ACCOUNT_ROLES = frozenset({Role.CAPTURIST, Role.VALIDATOR, Role.SUPERVISOR})
"""What a party admin may grant within its own scope: capture, validation and supervision
(004 §10, §12-13). Capture edits drafts and submits; validation validates what was
submitted and edits nothing; supervision reviews, edits as the profile allows, and
validates."""

ROLE_LABEL: dict[Role, str] = {
    Role.ADMIN: "Administración",
    Role.VERIFIER: "Verificación",
    Role.ANALYST: "Análisis",
    Role.SUPPORT: "Soporte técnico",
    Role.PARTY_ADMIN: "Administración del partido",
    Role.CAPTURIST: "Captura",
    Role.VALIDATOR: "Validación",
    Role.SUPERVISOR: "Supervisión",
    Role.CANDIDATE: "Candidatura",
    Role.INDEPENDENT: "Candidatura independiente",
    Role.INE: "INE (consumo de publicaciones)",
    Role.REGISTRY: "Sistema de registro de candidaturas",
}

SYSTEM_ROLES = frozenset({Role.INE, Role.REGISTRY})
"""Accounts of other systems, not of people: the admin issues each one by one, as staff,
and each does one thing only (INE reads publications; the registration system sends the
registry's changes, 001 §14, 002 §II.C). They sign in with their password alone: a
second factor on a phone is for people."""
