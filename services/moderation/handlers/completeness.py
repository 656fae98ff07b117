"""completeness.*: the one-click notice to a party's liaison (or an independent) of
candidacies not captured or incomplete, and the notices sent (000 §5.6, 002 §I.A.IX).
The tally itself is capture's (``candidacy.completeness``)."""

from contracts.moderation import ElectionOf, Remind, Reminders, ReminderView
from contracts.requests import Request
from services.moderation.handlers.refusals import in_transaction, signed_in, with_connection
from services.moderation.steps import reminding
from services.runtime.service_deps import ServiceDeps


async def remind(deps: ServiceDeps, request: Request[Remind]) -> ReminderView:
    caller = signed_in(request, "avisar al enlace del partido")
    return await in_transaction(deps, reminding.remind, deps, request.payload, caller)


async def reminders(deps: ServiceDeps, request: Request[ElectionOf]) -> Reminders:
    caller = signed_in(request, "consultar los avisos enviados")
    return await with_connection(deps, reminding.reminder_list, request.payload, caller)
