"""Moderation's requests: the verifiers' queue and decisions, and what a party sees of them."""

from contracts.moderation import (
    CandidacyReview,
    Cedula,
    CedulaExport,
    CedulaQuery,
    CedulaRef,
    CedulaResults,
    CedulaScore,
    Decide,
    DecisionView,
    Observations,
    QueueFilters,
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
