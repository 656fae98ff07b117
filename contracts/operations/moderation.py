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
    CandidacyReview,
    Decide,
    DecisionView,
    Observations,
    QueueFilters,
    Reverse,
    ReviewQueue,
    ReviewRef,
)
from contracts.operations import Operation
from contracts.requests import Empty
from contracts.services import ServiceName

S = ServiceName.MODERATION

REVIEW_QUEUE = Operation(S, "review.queue", QueueFilters, ReviewQueue)
REVIEW_GET = Operation(S, "review.get", ReviewRef, CandidacyReview)
REVIEW_DECIDE = Operation(S, "review.decide", Decide, DecisionView)
REVIEW_REVERSE = Operation(S, "review.reverse", Reverse, DecisionView)
REVIEW_CLEAR = Operation(S, "review.clear", ReviewRef, Empty)
OBSERVATIONS = Operation(S, "review.observations", Empty, Observations)

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
