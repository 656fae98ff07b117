"""Capture's timers, each tick handing the time to a step: reminders before a capture
window closes (steps/reminding.py), the suppression of withdrawn candidacies' identity
answers (steps/suppressing.py), and forgetting uploads no request took
(steps/uploading.py), and closing the fields a change request enabled once their time is
up (steps/amending.py), and the analysis area's capture-progress reports at their
cut-offs (steps/reporting.py). A tick may be repeated: each step is idempotent."""

from contracts.envelope import utc_now
from services.capture.steps import amending, reminding, reporting, suppressing, uploading
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def send_reminders(deps: ServiceDeps) -> None:
    await reminding.send_reminders(deps, utc_now())


async def suppress_due(deps: ServiceDeps) -> None:
    await suppressing.suppress_due(deps, utc_now())


async def expire_uploads(deps: ServiceDeps) -> None:
    await uploading.expire_uploads(deps, utc_now())


async def close_change_windows(deps: ServiceDeps) -> None:
    await amending.close_due(deps, utc_now())


async def make_progress_reports(deps: ServiceDeps) -> None:
    await reporting.make_due(deps, utc_now())


REMINDER_TIMER = Timer("capture.deadline-reminders", 60.0, send_reminders)
SUPPRESSION_TIMER = Timer("capture.identity-suppression", 3600.0, suppress_due)
UPLOAD_EXPIRY_TIMER = Timer("capture.upload-expiry", 5.0, expire_uploads)
CHANGE_WINDOW_TIMER = Timer("capture.change-windows", 5.0, close_change_windows)
PROGRESS_REPORT_TIMER = Timer("capture.progress-reports", 60.0, make_progress_reports)
TIMERS = [
    REMINDER_TIMER,
    SUPPRESSION_TIMER,
    UPLOAD_EXPIRY_TIMER,
    CHANGE_WINDOW_TIMER,
    PROGRESS_REPORT_TIMER,
]
