"""Capture's requests: elections, the registry, questionnaires, submission and
validation, files, pre-load and statistics."""

from contracts.analysis import (
    ProgressReports,
    ProgressReportSummary,
    ReportDownload,
    ReportRequest,
)
from contracts.capture import (
    Aggregates,
    Attach,
    Attached,
    BlankConsentFormat,
    CandidacyFilters,
    CandidacyList,
    CandidacyQuery,
    CandidacyRef,
    CandidacySummary,
    CompletenessReport,
    CorrectionApply,
    CorrectionDecline,
    CorrectionRef,
    CorrectionRequest,
    CorrectionSummary,
    CorrectionView,
    DataMatrix,
    ElectionConfig,
    ElectionRef,
    Elections,
    FileRef,
    ImportReport,
    PartyWarning,
    PendingCorrections,
    PersonRef,
    PreloadImport,
    PreloadReport,
    PrivacyAcceptance,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
    RegistryChange,
    RegistryChangeReceipt,
    RegistryImport,
    StatisticsRequest,
    Submit,
    SubmitPreview,
    TemplateRequest,
    UploadChunk,
    WindowExtension,
    WindowsExtended,
)
from contracts.events.capture import PublicProjection
from contracts.operations import Operation
from contracts.requests import Document, Empty
from contracts.services import ServiceName

S = ServiceName.CAPTURE

ELECTION_CONFIGURE = Operation(S, "election.configure", ElectionConfig, ElectionConfig)
ELECTION_GET = Operation(S, "election.get", ElectionRef, ElectionConfig)
ELECTION_LIST = Operation(S, "election.list", Empty, Elections)
UPLOAD_CHUNK = Operation(S, "upload.chunk", UploadChunk, Empty)
REGISTRY_IMPORT = Operation(S, "registry.import", RegistryImport, ImportReport)
QUESTIONNAIRE_GET = Operation(S, "questionnaire.get", QuestionnaireRef, QuestionnaireView)
QUESTIONNAIRE_SAVE = Operation(S, "questionnaire.save", QuestionnaireSave, QuestionnaireView)
CANDIDACY_LIST = Operation(S, "candidacy.list", CandidacyQuery, CandidacyList)
CANDIDACY_SUMMARY = Operation(S, "candidacy.summary", CandidacyRef, CandidacySummary)
CANDIDACY_SUBMIT = Operation(S, "candidacy.submit", Submit, SubmitPreview)
CANDIDACY_SUBMISSION_PREVIEW = Operation(
    S, "candidacy.submission_preview", CandidacyRef, SubmitPreview
)
CANDIDACY_VALIDATE = Operation(S, "candidacy.validate", CandidacyRef, PublicProjection)
CANDIDACY_REQUEST_CORRECTION = Operation(
    S, "candidacy.request_correction", CorrectionRequest, Empty
)
CANDIDACY_WARN_PARTY = Operation(S, "candidacy.warn_party", PartyWarning, Empty)
WINDOW_EXTEND = Operation(S, "window.extend", WindowExtension, WindowsExtended)
VALIDATION_QUEUE = Operation(S, "validation.queue", CandidacyFilters, CandidacyList)
PHOTO_ATTACH = Operation(S, "photo.attach", Attach, Attached)
PHOTO_KEEP_FOR_CHANGE = Operation(S, "photo.keep_for_change", Attach, Attached)
CONSENT_ATTACH = Operation(S, "consent.attach", Attach, Attached)
CONSENT_REVOKE = Operation(S, "consent.revoke", PersonRef, Empty)
CONSENT_FORMAT = Operation(S, "consent.format", PersonRef, Document)
CONSENT_BLANK_FORMAT = Operation(S, "consent.blank_format", BlankConsentFormat, Document)
FILE_GET = Operation(S, "file.get", FileRef, Document)
PRIVACY_ACCEPT = Operation(S, "privacy.accept", PrivacyAcceptance, Empty)
PRELOAD_TEMPLATE = Operation(S, "preload.template", TemplateRequest, Document)
PRELOAD_IMPORT = Operation(S, "preload.import", PreloadImport, PreloadReport)
STATISTICS_AGGREGATES = Operation(S, "statistics.aggregates", StatisticsRequest, Aggregates)
STATISTICS_MATRIX = Operation(S, "statistics.matrix", StatisticsRequest, DataMatrix)
REGISTRY_CHANGE = Operation(S, "registry.change", RegistryChange, RegistryChangeReceipt)
CORRECTION_LIST = Operation(S, "correction.list", ElectionRef, PendingCorrections)
CORRECTION_GET = Operation(S, "correction.get", CorrectionRef, CorrectionView)
CORRECTION_APPLY = Operation(S, "correction.apply", CorrectionApply, CorrectionSummary)
CORRECTION_DECLINE = Operation(S, "correction.decline", CorrectionDecline, CorrectionSummary)
REGISTRY_TEMPLATE = Operation(S, "registry.template", TemplateRequest, Document)
CANDIDACY_COMPLETENESS = Operation(S, "candidacy.completeness", ElectionRef, CompletenessReport)
STATISTICS_MATRIX_EXPORT = Operation(S, "statistics.matrix_export", StatisticsRequest, Document)
PROGRESS_REPORT_MAKE = Operation(S, "progress_report.make", ReportRequest, ProgressReportSummary)
PROGRESS_REPORT_LIST = Operation(S, "progress_report.list", ReportRequest, ProgressReports)
PROGRESS_REPORT_GET = Operation(S, "progress_report.get", ReportDownload, Document)
