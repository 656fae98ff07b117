"""Screening one validated submission against the prohibitions of Art. 18 (002 §II.A.1).

The lexicon, the election's catalogue and near-duplicate detection come next (issue 14,
part 1); until then a submission is screened against nothing and finds nothing.
"""

from services.moderation.domain.findings import Catalogue, Flag, Submission
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def screen_submission(
    conn: Connection, deps: ServiceDeps, submission: Submission, catalogue: Catalogue
) -> list[Flag]:
    del conn, deps, submission, catalogue
    return []
