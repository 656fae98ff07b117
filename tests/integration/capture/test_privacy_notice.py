"""The privacy notices, integral and simplified, by version, for anyone to read."""

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.capture import election_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running


async def test_both_notices_are_served_by_version_and_an_unknown_one_is_not(
    fresh: Settings,
) -> None:
    settings = fresh.model_copy(update={"institute_name": "Instituto Electoral de Prueba"})
    async with gateway_client(settings) as client:
        integral = await client.get("/aviso-de-privacidad", params={"version": "1"})
        text = await integral.text()
        assert integral.status == 200
        assert "Instituto Electoral de Prueba" in text and "datos personales sensibles" in text
        simplified = await client.get(
            "/aviso-de-privacidad", params={"tipo": "simplificado", "version": "1"}
        )
        assert "Aviso de privacidad simplificado" in await simplified.text()
        unknown = await client.get("/aviso-de-privacidad", params={"version": "9"})
        assert unknown.status == 404


async def test_the_notice_names_the_institute_the_elections_are_configured_with(
    fresh: Settings,
) -> None:
    """Once the gateway has heard of the elections (a signed-in page), every reader of the
    notice reads the institute that runs them, not the deployment's default."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "tabasco")
        assert (await client.get("/captura", headers=bearer(admin))).status == 200
        client.session.cookie_jar.clear()
        notice = await (await client.get("/aviso-de-privacidad")).text()
        assert "Instituto Electoral y de Participación Ciudadana de Tabasco" in notice
        assert fresh.institute_name not in notice
