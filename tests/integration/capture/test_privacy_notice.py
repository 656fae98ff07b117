"""The privacy notices, integral and simplified, by version, for anyone to read."""

from services.runtime.settings import Settings
from tests.support.gateway import gateway_client


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
