"""Moderation's requests: the verifiers' queue and decisions, and what a party sees of them."""

from contracts.change_requests import (
    ApproveChangeRequest,
    ChangeRequestList,
    ChangeRequestQuery,
    ChangeRequestRef,
    ChangeRequestView,
    FileChangeRequest,
    RejectChangeRequest,
)
from contracts.moderation import (
    AuthorisationItem,
    AuthorisationQueue,
    CandidacyReview,
    Cedula,
    CedulaExport,
    CedulaQuality,
    CedulaQuery,
    CedulaRef,
    CedulaResults,
    CedulaScore,
    CheckPublished,
    ConsentItem,
    ConsentQueue,
    ConsentRef,
    ConsentReject,
    Decide,
    DecisionView,
    ElectionOf,
    Observations,
    PublishedItem,
    PublishedReview,
    QueueFilters,
    Remind,
    Reminders,
    ReminderView,
    Reverse,
    ReviewQueue,
    ReviewRef,
)
from contracts.operations import Operation
from contracts.requests import Document, Empty
from contracts.services import ServiceName

S = ServiceName.MODERATION

REVIEW_QUEUE = Operation(S, "review.queue", QueueFilters, ReviewQueue)
REVIEW_GET = Operation(S, "review.get", ReviewRef, CandidacyReview)
REVIEW_DECIDE = Operation(S, "review.decide", Decide, DecisionView)
REVIEW_REVERSE = Operation(S, "review.reverse", Reverse, DecisionView)
REVIEW_CLEAR = Operation(S, "review.clear", ReviewRef, Empty)
OBSERVATIONS = Operation(S, "review.observations", Empty, Observations)

# The Cédula de Evaluación (001 §6): verifiers score, the admin reads.
CEDULA_GET = Operation(S, "cedula.get", CedulaRef, Cedula)
CEDULA_SCORE = Operation(S, "cedula.score", CedulaScore, Cedula)
CEDULA_PARTY_RESULTS = Operation(S, "cedula.party_results", CedulaQuery, CedulaResults)
CEDULA_EXPORT = Operation(S, "cedula.export", CedulaExport, Document)
CEDULA_QUALITY = Operation(S, "cedula.quality", ElectionOf, CedulaQuality)
CEDULA_QUALITY_EXPORT = Operation(S, "cedula.quality_export", ElectionOf, Document)
# Consent verification (000 §3.9, 002 §II.B.3)
CONSENT_QUEUE = Operation(S, "consent.queue", ElectionOf, ConsentQueue)
CONSENT_GET = Operation(S, "consent.get", ConsentRef, ConsentItem)
CONSENT_VERIFY = Operation(S, "consent.verify", ConsentRef, ConsentItem)
CONSENT_REJECT = Operation(S, "consent.reject", ConsentReject, ConsentItem)

# Authorisation before publication (002 §II.C); review of what is published (000 §5.6)
AUTHORISATION_QUEUE = Operation(S, "authorisation.queue", ElectionOf, AuthorisationQueue)
AUTHORISATION_AUTHORISE = Operation(S, "authorisation.authorise", ReviewRef, AuthorisationItem)
AUTHORISATION_PUBLISHED = Operation(S, "authorisation.published", ElectionOf, PublishedReview)
AUTHORISATION_CHECK = Operation(S, "authorisation.check", CheckPublished, PublishedItem)

# Completeness monitoring (000 §5.6, 002 §I.A.IX)
COMPLETENESS_REMIND = Operation(S, "completeness.remind", Remind, ReminderView)
COMPLETENESS_REMINDERS = Operation(S, "completeness.reminders", ElectionOf, Reminders)
# Change requests to a published candidacy (000 §5.4, 002 §II.C) --------------------
CHANGE_REQUEST_FILE = Operation(S, "change_request.file", FileChangeRequest, ChangeRequestView)
CHANGE_REQUEST_LIST = Operation(S, "change_request.list", ChangeRequestQuery, ChangeRequestList)
CHANGE_REQUEST_GET = Operation(S, "change_request.get", ChangeRequestRef, ChangeRequestView)
CHANGE_REQUEST_APPROVE = Operation(
    S, "change_request.approve", ApproveChangeRequest, ChangeRequestView
)
CHANGE_REQUEST_REJECT = Operation(
    S, "change_request.reject", RejectChangeRequest, ChangeRequestView
)
