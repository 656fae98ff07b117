"""The photo (metadata stripped, stored by hash), the signed consent and its format, the
privacy notice's acceptance before submission, and consent revoked at once."""

import io
from typing import Any

import nats
import pytest
from PIL import Image

from contracts import subjects
from contracts.envelope import EventEnvelope
from contracts.events.capture import PROJECTION_UPDATED
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, pdf_text, session_of
from tests.support.capture import CURRICULAR, ELECTION, IDENTITY, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.photos import photo_with_gps, upload_photo

pytestmark = pytest.mark.timeout(180)


async def test_a_photo_is_stored_without_its_gps_and_becomes_the_answer(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, pan["capturist"])
        uploaded = await client.post(
            "/api/v1/candidaturas/F-PAN-1/fotografia",
            data=photo_with_gps(),
            headers=bearer(capturist),
        )
        assert uploaded.status == 200, await uploaded.text()
        attached = await uploaded.json()
        served = await client.get(attached["url"], headers=bearer(capturist))
        assert served.content_type == "image/jpeg"
        with Image.open(io.BytesIO(await served.read())) as image:
            assert not image.getexif() and max(image.size) == 1000
        draft = await (
            await client.get(
                "/api/v1/candidaturas/F-PAN-1/cuestionarios/curricular", headers=bearer(capturist)
            )
        ).json()
        assert draft["respuestas"]["fotografia"] == attached["sha256"]

        refused = await client.post(
            "/api/v1/candidaturas/F-PAN-1/fotografia",
            data=b"%PDF-1.7 no soy foto",
            headers=bearer(capturist),
        )
        assert refused.status == 422


async def test_consent_format_upload_privacy_and_revocation(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist, supervisor = (
            await session_of(client, pan["capturist"]),
            await session_of(client, pan["supervisor"]),
        )
        form = await client.get(
            "/api/v1/candidaturas/F-PAN-1/formato-consentimiento", headers=bearer(capturist)
        )
        assert form.content_type == "application/pdf"
        printed = " ".join(pdf_text(await form.read()).split())
        assert "María Fernanda Ávila Núñez" in printed
        # Both consents, each signed apart: the treatment, and the publication (000 §3.11).
        assert "para el tratamiento y la publicidad" in printed
        assert "Firma autógrafa (tratamiento)" in printed
        assert "Firma autógrafa (publicidad)" in printed

        await upload_photo(client, capturist, "F-PAN-1")
        for name, answers in (("curricular", CURRICULAR), ("identidad", IDENTITY)):
            await client.put(
                f"/api/v1/candidaturas/F-PAN-1/cuestionarios/{name}",
                headers=bearer(capturist),
                json={"respuestas": answers},
            )
        preview = await (await submit(client, capturist, "F-PAN-1", confirm=True)).json()
        assert preview["submitted"] is False
        assert preview["missing"]["curricular"] == ["aviso_de_privacidad"]
        stale = await client.post(
            "/api/v1/candidaturas/F-PAN-1/aviso-privacidad",
            headers=bearer(capturist),
            json={"version": "0"},
        )
        assert stale.status == 409
        await client.post(
            "/api/v1/candidaturas/F-PAN-1/aviso-privacidad",
            headers=bearer(capturist),
            json={"version": "1"},
        )
        signed = await client.post(
            "/api/v1/candidaturas/F-PAN-1/consentimiento",
            data=b"%PDF-1.7 firmado\n%%EOF",
            headers=bearer(capturist),
        )
        assert signed.status == 200
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        validated = await (
            await client.post("/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor))
        ).json()
        assert validated["identity"] == {}  # Nuevo León: consent must be verified first

        nc = await nats.connect(fresh.require_nats_urls())
        updates = await nc.jetstream().subscribe(
            subjects.event_subject(fresh.bus_prefix, "capture", PROJECTION_UPDATED.event_type, 1),
            ordered_consumer=True,
        )
        try:
            by_capturist = await client.delete(
                "/api/v1/candidaturas/F-PAN-1/consentimiento", headers=bearer(capturist)
            )
            assert by_capturist.status == 403  # via the supervisor (000 §5.5)
            revoked = await client.delete(
                "/api/v1/candidaturas/F-PAN-1/consentimiento", headers=bearer(supervisor)
            )
            assert revoked.status == 204
            update: Any = EventEnvelope.model_validate_json((await updates.next_msg(10)).data)
            assert update.data["cause"] == "consent_revoked"
            assert update.data["projection"]["identity"] == {}
        finally:
            await nc.close()


def png_with_html() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (250, 250, 250)).save(out, format="PNG")
    return out.getvalue() + b"<html><script>alert(document.cookie)</script></html>"


async def test_a_capturist_cannot_read_another_partys_file_by_naming_it_in_a_draft(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        mc = await session_of(
            client, (await issue_party(client, admin, "mc", ELECTION))["capturist"]
        )
        photo = await (
            await client.post(
                "/api/v1/candidaturas/F-PAN-1/fotografia",
                data=photo_with_gps(),
                headers=bearer(pan),
            )
        ).json()
        consent = await client.post(
            "/api/v1/candidaturas/F-PAN-1/consentimiento", data=png_with_html(), headers=bearer(pan)
        )
        assert consent.status == 200, await consent.text()
        consent_sha = (await consent.json())["sha256"]

        for sha in (photo["sha256"], consent_sha):
            named = await client.put(
                "/api/v1/candidaturas/F-MC-1/cuestionarios/curricular",
                headers=bearer(mc),
                json={"respuestas": {"fotografia": sha}},
            )
            assert named.status == 422, await named.text()
            assert "fotografía" in (await named.json())["detail"]
            read = await client.get(f"/api/v1/archivos/{sha}", headers=bearer(mc))
            assert read.status in (403, 404), await read.text()
            assert (await read.json())["title"]
        draft = await (
            await client.get(
                "/api/v1/candidaturas/F-MC-1/cuestionarios/curricular", headers=bearer(mc)
            )
        ).json()
        assert "fotografia" not in draft["respuestas"]
        # nor can PAN's own draft name its consent document as its photo
        swapped = await client.put(
            "/api/v1/candidaturas/F-PAN-1/cuestionarios/curricular",
            headers=bearer(pan),
            json={"respuestas": {"fotografia": consent_sha}},
        )
        assert swapped.status == 422

        own = await client.get(f"/api/v1/archivos/{consent_sha}", headers=bearer(pan))
        assert own.status == 200
        assert own.headers["Content-Disposition"].startswith("attachment")
        assert own.content_type == "image/png"
        assert b"<script>" not in await own.read()
        shown = await client.get(photo["url"], headers=bearer(pan))
        assert shown.headers["Content-Disposition"].startswith("attachment")


async def test_the_receipt_and_the_consent_format_name_the_elections_institute(
    fresh: Settings,
) -> None:
    """Both documents a party signs name the institute the election is configured with
    (here its profile's), not a deployment-wide default."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "durango")
        pan = await issue_party(client, admin, "pan", ELECTION)
        receipt = await client.get(
            "/api/v1/entregas/acuse",
            params={"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"},
            headers=bearer(admin),
        )
        assert receipt.status == 200, await receipt.text()
        receipt_text = " ".join(pdf_text(await receipt.read()).split())
        capturist = await session_of(client, pan["capturist"])
        form = await client.get(
            "/api/v1/candidaturas/F-PAN-1/formato-consentimiento", headers=bearer(capturist)
        )
        form_text = " ".join(pdf_text(await form.read()).split())
        durango = "Instituto Electoral y de Participación Ciudadana del Estado de Durango"
        assert durango in receipt_text and durango in form_text


async def test_anyone_downloads_the_blank_consent_format_without_signing_in(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        none_yet = await client.get("/api/v1/formato-consentimiento")
        assert none_yet.status == 404
        assert (await none_yet.json())["detail"] == "Aún no hay una elección configurada."
        await election_under(client, fresh, "nuevo-leon")
        client.session.cookie_jar.clear()  # nobody signed in

        portal = await (await client.get("/")).text()
        assert 'href="/formato-consentimiento"' in portal
        for address in (
            "/formato-consentimiento",
            f"/api/v1/formato-consentimiento?election_id={ELECTION}",
        ):
            blank = await client.get(address)
            assert blank.status == 200, await blank.text()
            assert blank.content_type == "application/pdf"
            text = " ".join(pdf_text(await blank.read()).split())
            assert "Nombre de la persona candidata: ____" in text
            assert "Instituto Estatal Electoral y de Participación Ciudadana de Nuevo León" in text
            assert "María" not in text  # nobody's name on a blank format
        unknown = await client.get("/api/v1/formato-consentimiento?election_id=no-existe")
        assert unknown.status == 404
