"""What the gateway's handlers reach through the app: typed keys, no globals."""

from aiohttp import web
from faststream.nats import NatsBroker

from services.gateway.auth import Authenticator
from services.gateway.health_cache import HealthCache
from services.gateway.public_read_model import PublicReadModel
from services.gateway.rate_limits import SlidingWindow
from services.runtime.requests import RequestClient
from services.runtime.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
BROKER = web.AppKey("broker", NatsBroker)
SERVICES = web.AppKey("services", RequestClient)
AUTHENTICATOR = web.AppKey("authenticator", Authenticator)
HEALTH = web.AppKey("health", HealthCache)
SIGN_IN_LIMIT = web.AppKey("sign_in_limit", SlidingWindow)
ACTIVATION_LIMIT = web.AppKey("activation_limit", SlidingWindow)
PUBLIC_READ_MODEL = web.AppKey("public_read_model", PublicReadModel)
# ----- issue 15, the portal: the search index, the photos, the prepared answers -----
from services.gateway.public_photos import PublicPhotos  # noqa: E402
from services.gateway.public_responses import PreparedAnswers  # noqa: E402
from services.gateway.public_search import PublicSearch  # noqa: E402

PUBLIC_SEARCH = web.AppKey("public_search", PublicSearch)
PUBLIC_PHOTOS = web.AppKey("public_photos", PublicPhotos)
PUBLIC_ANSWERS = web.AppKey("public_answers", PreparedAnswers)
