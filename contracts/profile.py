"""The institute profile: how one institute's procedure differs from the others, as knobs.

Each election names a profile (``deploy/profiles/<name>.toml``, one per seed), validated
by this model when it is loaded; code reads a knob, never an institute's name
(domain/profiles.md). Each knob cites the paragraphs it comes from; where a seed is
silent the profile takes the common rule.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """A profile file names only knobs that exist: a misspelt one is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CapturedBy(StrEnum):
    PARTY_OR_CANDIDATE = "party_or_candidate"  # 000 §3.8, 001 §11, 002 §II.A, 004 §15
    SUPERVISOR = "supervisor"  # the supervisor alone
    SUPERVISOR_PARTY_OR_CANDIDATE = "supervisor_party_or_candidate"  # 003 §9-10, §15, §17


class NonCompliantData(StrEnum):
    """What the party's supervisor does with incomplete or non-compliant answers."""

    EDIT_THEN_VALIDATE = "edit_then_validate"  # 001 §26, 002 §II.B.1, 003 §25, 004 §26
    ASK_INSTITUTE = "ask_institute"  # 000 §4.3


class ChangeRequestMode(StrEnum):
    ADMIN_APPLIES = "admin_applies"  # 000 §5.4, 003 §30, 004 §31
    ENABLE_FIELDS = "enable_fields"  # 001 §31-32, 002 §II.C: the party re-captures them


class ChangeRequestDeadline(StrEnum):
    NEXT_BUSINESS_DAY = "next_business_day"  # 000 §5.4, 001 §32, 003 §30, 004 §31
    HOURS_24 = "24_hours"  # 002 §II.C


class ChangeRequestFiler(StrEnum):
    """Who files a party candidacy's change request (an independent files its own)."""

    SUPERVISOR = "supervisor"  # 000 §5.4, 001 §31, 003 §30, 004 §31: "por conducto del supervisor"
    REPRESENTATION = "representation"  # 002 §II.C: "por conducto de sus representaciones"


class IneReplication(StrEnum):
    ALL = "all"  # 000 §5.2, 001 §29, 002 §II.C, 004 §29
    CONSENT_ONLY = "consent_only"  # 003 §28


class IncidentSla(StrEnum):
    NEXT_BUSINESS_DAY = "next_business_day"  # 000 §6.2, 001 §36, 004 §36
    AS_SOON_AS_POSSIBLE = "as_soon_as_possible"  # 003 §34


class Accounts(Strict):
    candidacy_accounts: bool = Field(
        default=False,
        description="Each party candidacy gets an account of its own, besides the party's "
        "(001 §9, 002 §I.A.1.III); elsewhere the party's accounts capture for it.",
    )
    party_admin_accounts: bool = Field(
        default=False, description="An admin account per party and independent (004 §10-13)."
    )
    credentials_delivery_days: int | None = Field(
        default=None,
        ge=1,
        le=30,
        description="Accounts due this many days after the "
        "candidacy's approval (002 §II.A: 3); none where the procedure sets no deadline.",
    )


class Capture(Strict):
    captured_by: CapturedBy = CapturedBy.PARTY_OR_CANDIDATE
    window_days: int = Field(default=15, ge=1, le=60, description="Calendar days (000 §3.2).")
    window_days_after_substitution: int = Field(default=5, ge=1, le=30, description="000 §3.14")
    bulk_preload: bool = Field(default=False, description="Drafts from a template (001 §14).")
    alternate_must_capture: bool = Field(
        default=False,
        description="A formula is sent only with its alternate's questionnaires complete "
        "too: the alternate is a candidacy of its own (001 §3.III-V). Otherwise the "
        "alternate's answers are captured, published and evaluated where given.",
    )
    registry_feed: bool = Field(
        default=False,
        description="Candidacies arrive from the registration system "
        "(001 §14, 002 §II.C, 003 §20).",
    )


class FormulaSexes(StrEnum):
    """Who may be the alternate of a formula, by sex (the general law's parity rule; no
    seed departs from it). A non-binary person may be in any formula."""

    SAME = "same"  # owner and alternate of the same sex
    SAME_OR_WOMAN_ALTERNATE = "same_or_woman_alternate"  # a man's formula may have a woman
    ANY = "any"  # not checked


class Registry(Strict):
    formula_sexes: FormulaSexes = Field(
        default=FormulaSexes.SAME_OR_WOMAN_ALTERNATE,
        description="The sexes a formula's owner and alternate may have: the same, except "
        "that a formula headed by a man may have a woman as alternate (the common rule).",
    )


class Validation(Strict):
    non_compliant_data: NonCompliantData = NonCompliantData.EDIT_THEN_VALIDATE
    independents_validate_own: bool = Field(default=True, description="001 §27, 003 §26")
    candidacies_edit_before_validation: bool = Field(
        default=False,
        description="Every candidacy — party and independent — may still edit its "
        "submitted questionnaires until they are validated (003 §26, 004 §27).",
    )
    parties_ask_corrections: bool = Field(
        default=False,
        description="Besides the supervisor's edit, the party's capture and the "
        "independents may ask the institute to correct (002 §I.B.1.IX, §I.C.1.V).",
    )
    supervisor_edit_warns_party: bool = Field(
        default=False,
        description="The supervisor edits co-responsibly: the party's capture is "
        "told of each edit (002 §II.B.1).",
    )
    supervisor_warns_party: bool = Field(
        default=False,
        description="The supervisor warns the party's capture and the candidacy of "
        "questionnaires that are incomplete or do not follow the rules, naming the fields "
        "(002 §II.B.1.II).",
    )


class Consent(Strict):
    institute_verifies: bool = Field(
        default=False,
        description="Identity data of a candidacy not under an affirmative "
        "action publishes only once the institute verified its consent (000 §3.9).",
    )
    institute_keeps_independents_consent: bool = Field(default=False, description="002 §II.B.3")
    revocable: bool = Field(
        default=True,
        description="Consent can be revoked at any time (000 §5.5; a data "
        "subject's right under the LGPDPPSO wherever a seed is silent).",
    )
    suppress_withdrawn_after_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="Identity answers of a substituted or "
        "cancelled candidacy are suppressed this long after its withdrawal, once they served "
        "their purpose (000 §9.5, 001 §44, 002 §II.E, 003 §42, 004 §44). No seed gives the "
        "figure: the institute's retention schedule does, and each profile file states it.",
    )


class AffirmativeAction(Strict):
    identity_public: bool = Field(
        default=False,
        description="Identity answers of an affirmative-action candidacy are "
        "public without consent (001 §19 only; elsewhere the consent rules apply to all).",
    )
    show_action_type: bool = Field(
        default=False, description="The profile shows the type of affirmative action (002 §II.C)."
    )


class Publication(Strict):
    institute_authorises: bool = Field(
        default=False, description="Published once validated and authorised (002 §II.C)."
    )
    verification_phase: bool = Field(
        default=False, description="The institute verifies what is published (004 §4.IV, §34)."
    )
    ine_replication: IneReplication = IneReplication.ALL
    weekly_backups: bool = Field(default=True, description="000 §5.7, 001 §34, 003 §32, 004 §33")


class ChangeRequests(Strict):
    mode: ChangeRequestMode = ChangeRequestMode.ADMIN_APPLIES
    deadline: ChangeRequestDeadline = Field(
        default=ChangeRequestDeadline.NEXT_BUSINESS_DAY,
        description="How long the party has to re-capture and validate the fields the "
        "institute enabled: until the end of the next business day (001 §32) or 24 hours "
        "(002 §II.C). The institute's own decision is due by the next business day after "
        "the request arrives everywhere (000 §5.4, 003 §30, 004 §31; the common rule).",
    )
    filed_by: ChangeRequestFiler = Field(
        default=ChangeRequestFiler.SUPERVISOR,
        description="Who files a party candidacy's request: its supervisor (000 §5.4, "
        "001 §31, 003 §30, 004 §31) or the party's representation before the institute "
        "(002 §II.C), which holds the party's own accounts (002 §II.A); an independent "
        "files directly (001 §31).",
    )


class Incidents(Strict):
    sla: IncidentSla = IncidentSla.NEXT_BUSINESS_DAY
    report_to_transparency_commission: bool = Field(
        default=False,
        description="The bitácora's period report is addressed to the institute's "
        "transparency commission (003 §34). Every profile lets the admin consult and download "
        "it (004 §36; DESIGN §7).",
    )


class Analysis(Strict):
    cedula_de_evaluacion: bool = Field(default=False, description="001 §6")
    identity_data_matrix: bool = Field(default=False, description="001 §6, 003 §7, 004 §6")
    progress_reports: bool = Field(default=False, description="004 §4.V, §45-48")
    progress_report_months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default=[4, 5],
        min_length=1,
        description="004 §48 (Lineamientos art. 15 g): periodic reports «cuando menos uno en "
        "abril y uno en mayo» of the election year; each cut off at the end of the month's "
        "last day.",
    )
    final_report_days: int = Field(
        default=30,
        ge=0,
        le=120,
        description="004 §48: the final report «en un plazo de cuatro (4) meses posteriores a "
        "la Jornada Electoral»; cut off at the end of election day plus these days (120 days "
        "never pass four months).",
    )
    cedula_rubric: str = Field(
        default="ieen-2024",
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="001 §6, 004 §46-47: the Cédula's rubric, deploy/cedula/<name>.toml "
        "(the IEEN 2024 structure of reference §3.2 when the methodology gives none).",
    )


class InstituteProfile(Strict):
    name: str = Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9-]*$")
    institute: str = Field(min_length=1, max_length=200)
    seed: str = Field(description="The procedure it follows (seeds/ file prefix).")
    time_zone: str = Field(description="IANA time zone of the institute.")
    offices: list[str] = Field(min_length=1)
    independent_offices: list[str] | None = Field(
        default=None, description="Offices open to independents, when fewer than all (002)."
    )
    accounts: Accounts = Field(default_factory=Accounts)
    capture: Capture = Field(default_factory=Capture)
    registry: Registry = Field(default_factory=Registry)
    validation: Validation = Field(default_factory=Validation)
    consent: Consent = Field(default_factory=Consent)
    affirmative_action: AffirmativeAction = Field(default_factory=AffirmativeAction)
    publication: Publication = Field(default_factory=Publication)
    change_requests: ChangeRequests = Field(default_factory=ChangeRequests)
    incidents: Incidents = Field(default_factory=Incidents)
    analysis: Analysis = Field(default_factory=Analysis)
