"""The capture console's pages, as a browser without JavaScript uses them, over the real
services: the candidacy list with its countdown, the questionnaire forms (problems next
to their fields, "No aplica" set by the service), the photo upload, the one-chance
submission, the supervisor's queue, and the admin's registry import."""

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient

from contracts.activity import Outcome
from contracts.audit import EntrySearch
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.gateway.routes.capture_pages import time_left
from services.runtime.settings import Settings
from tests.support.accounts import (
    activate,
    audit_search,
    bearer,
    issue_party,
    next_totp,
    session_of,
    totp_now,
)
from tests.support.browser_session import (
    as_form,
    csrf_token,
    hidden,
    post,
    read,
    sign_in_page,
    submit,
    upload,
)
from tests.support.capture import (
    CURRICULAR,
    ELECTION,
    IDENTITY,
    capture_all,
    close_window,
    election_under,
)
from tests.support.capture import submit as submit_api
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.photos import photo_with_gps
from tests.support.registry import as_csv, demo_rows, many_rows
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
OWNER = "María Fernanda Ávila Núñez"


async def page_session(client: Client, issued: dict[str, Any]) -> None:
    """An issued account activated and signed in through /entrar: a cookie session."""
    await activate(client, issued["codigo"])
    assert (await sign_in_page(client, issued["usuario"])).status == 303


async def test_a_capturist_captures_submits_once_and_the_supervisor_validates(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        assert (await client.get("/captura", allow_redirects=False)).headers["Location"] == (
            "/entrar"
        )
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        delivered = await client.post(
            "/api/v1/entregas",
            headers=bearer(admin),
            json={"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"},
        )
        assert delivered.status == 200, await delivered.text()
        await page_session(client, pan["capturist"])

        async def listing() -> str:
            status, page = await read(client, "/captura")
            assert status == 200, page
            return page

        page = await eventually(listing, lambda p: "Quedan" in p, what="the window opened")
        assert '<html lang="es">' in page and OWNER in page and "borrador" in page
        assert re.search(r"Quedan? \d+ días? y \d+ horas?", page)
        assert 'href="/captura"' in page  # the nav's link

        status, form = await read(client, "/captura/F-PAN-1/curricular")
        assert status == 200, form
        assert '<label for="campo-propuesta_1">' in form
        assert "Entre 280 y 1,600 caracteres sin contar espacios." in form
        assert "<legend>Estatus del grado máximo de estudios" in form  # 6 options: radios
        assert '<select id="campo-grado_maximo_estudios"' in form  # 10: a select
        short = await post(
            client, "/captura/F-PAN-1/curricular", [("propuesta_1", "Una propuesta muy corta")]
        )
        assert short.status == 200
        saved = await short.text()
        assert re.search(r"Guardado a las \d\d:\d\d", saved)
        assert 'id="campo-propuesta_1-error"' in saved and "el mínimo es 280" in saved
        assert re.search(r'id="campo-propuesta_1" [^>]*aria-invalid="true"', saved)
        assert ">Una propuesta muy corta</textarea>" in saved

        identity = await post(client, "/captura/F-PAN-1/identidad", as_form(IDENTITY))
        assert identity.status == 200
        answered = await identity.text()
        assert "Datos personales sensibles." in answered and "Guardado a las" in answered
        _, answered = await read(client, "/captura/F-PAN-1/identidad")
        tipo = answered[answered.index('id="campo-discapacidad_tipo"') :][:2500]
        assert "Respuesta registrada: «No aplica»." in tipo  # "discapacidad" is "No"
        assert 'value="Tének"' in answered

        bad_photo = await upload(client, "/captura/F-PAN-1/fotografia", b"%PDF-1.7 no es foto")
        assert bad_photo.status == 422
        assert 'id="fotografia-archivo-error"' in await bad_photo.text()
        photo = await upload(client, "/captura/F-PAN-1/fotografia", photo_with_gps())
        assert photo.status == 303, await photo.text()
        _, overview = await read(client, photo.headers["Location"])
        assert "Se recibió la fotografía" in overview and 'class="foto"' in overview
        assert 'accept="image/jpeg,image/png,image/webp"' in overview
        consent_format = await client.get("/captura/F-PAN-1/formato-consentimiento")
        assert consent_format.content_type == "application/pdf"

        early = await submit(client, "/captura/F-PAN-1/envio", {})
        assert early.status == 200
        missing = await early.text()
        assert "Aún no se puede enviar" in missing
        assert "La aceptación del aviso de privacidad vigente" in missing
        assert "Primera de sus dos principales propuestas" in missing
        assert 'name="confirmar"' not in missing

        complete = await post(client, "/captura/F-PAN-1/curricular", as_form(CURRICULAR))
        assert "Campos por revisar" not in await complete.text()
        acceptance = {"acepto": "si", "version": hidden(overview, "version")}
        accepted = await submit(client, "/captura/F-PAN-1/aviso-privacidad", acceptance)
        assert accepted.status == 303
        ready = await (await submit(client, "/captura/F-PAN-1/envio", {})).text()
        assert "Una sola oportunidad" in ready and 'name="confirmar" value="si"' in ready
        assert "Esto es lo\n  que se enviará" in ready  # what the one chance sends, read back
        assert CURRICULAR["propuesta_1"].strip()[:40] in ready
        assert "Pública solo con consentimiento" in ready and "Solo para estadística" in ready
        sent = await submit(client, "/captura/F-PAN-1/envio", {"confirmar": "si"})
        assert sent.status == 303
        _, overview = await read(client, sent.headers["Location"])
        assert "Se enviaron los cuestionarios." in overview and "enviada" in overview

        locked = await post(client, "/captura/F-PAN-1/curricular", as_form(CURRICULAR))
        assert locked.status == 409
        refused = await locked.text()
        assert "No se guardó:" in refused and "una sola oportunidad" in refused

        await submit(client, "/salir", {})
        await page_session(client, pan["supervisor"])
        status, queue = await read(client, "/captura/validacion")
        assert status == 200 and OWNER in queue and "Validar" in queue
        no_note = await post(client, "/captura/F-PAN-1/correccion", [("campos", "propuesta_2")])
        assert no_note.status == 422
        assert 'id="correccion-F-PAN-1-nota-error"' in await no_note.text()
        note = [("campos", "propuesta_2"), ("nota", "Menciona a otra persona.")]
        asked = await post(client, "/captura/F-PAN-1/correccion", note)
        assert asked.status == 303
        asked_first = await submit(client, "/captura/F-PAN-1/validar", {})
        assert asked_first.status == 200  # a page of its own says what validating does
        confirm = await asked_first.text()
        assert "Confirmar la validación" in confirm and 'name="confirmar" value="si"' in confirm
        assert "solo una solicitud de cambio" in confirm
        _, queue = await read(client, "/captura/validacion")
        assert OWNER in queue  # nothing validated yet
        waiting = await submit(client, "/captura/F-PAN-1/validar", {"confirmar": "si"})
        assert waiting.status == 409  # the institute has not decided the correction yet
        assert "solicitud de corrección pendiente" in await waiting.text()
        corrections = f"/api/v1/elecciones/{ELECTION}/correcciones"
        listed = await (await client.get(corrections, headers=bearer(admin))).json()
        declined = await client.post(
            f"/api/v1/correcciones/{listed['corrections'][0]['correction_id']}/rechazo",
            headers=bearer(admin),
            json={"motivo": "La propuesta no menciona a otra persona."},
        )
        assert declined.status == 200, await declined.text()
        validated = await submit(client, "/captura/F-PAN-1/validar", {"confirmar": "si"})
        assert validated.status == 303
        _, queue = await read(client, validated.headers["Location"])
        assert "Se validaron los cuestionarios" in queue and "No hay cuestionarios" in queue
        late = await post(client, "/captura/F-PAN-1/correccion", note)
        assert late.status == 409
        assert "Solo se piden correcciones de cuestionarios enviados" in await late.text()


def test_the_countdown_reads_in_days_and_hours_then_says_the_deadline_passed() -> None:
    now = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    assert time_left(now + timedelta(days=3, hours=4, minutes=20), now) == (
        "Quedan 3 días y 4 horas"
    )
    assert time_left(now + timedelta(days=1, hours=1), now) == "Queda 1 día y 1 hora"
    assert time_left(now + timedelta(hours=5, minutes=1), now) == "Quedan 5 horas y 1 minuto"
    assert time_left(now - timedelta(seconds=1), now) == "Plazo vencido"
    assert time_left(None, now) == "Sin plazo aún"


async def test_a_capturist_of_another_party_is_refused_someone_elses_candidacy(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        await page_session(client, (await issue_party(client, admin, "mc", ELECTION))["capturist"])
        _, own = await read(client, "/captura")
        assert "Sofía Muñoz" in own and OWNER not in own and "Sin plazo aún" in own
        for path in ("/captura/F-PAN-1", "/captura/F-PAN-1/curricular"):
            status, page = await read(client, path)
            assert status == 403, (path, page)
            assert "no es de su partido" in page
        status, page = await read(client, "/consola/registro")
        assert status == 403


async def admin_signed_in_with_the_demo_election(settings: Settings, client: Any) -> None:
    """The first admin activated with its second factor and signed in through the sign-in
    page (cookies in the client's jar), and the demo election configured."""
    first = await ensure_first_admin(settings)
    assert first is not None
    activated = await activate(client, first.codigo)
    secret = activated["totp"]["secret"]
    confirmed = await client.post(
        "/api/v1/activacion/segundo-factor",
        json={"ticket": activated["totp"]["ticket"], "codigo_totp": totp_now(secret)},
    )
    assert confirmed.status == 204
    assert (await sign_in_page(client, first.usuario, next_totp(secret))).status == 303
    configured = await client.post(
        "/api/v1/elecciones",
        json=demo_config().model_dump(mode="json"),
        headers={"X-CSRF-Token": await csrf_token(client)},
    )
    assert configured.status == 200, await configured.text()


async def test_the_admin_imports_the_registry_and_sees_every_bad_line(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        await admin_signed_in_with_the_demo_election(fresh, client)

        status, page = await read(client, "/consola/registro")
        assert status == 200 and f'<option value="{ELECTION}"' in page
        assert 'href="/consola/registro"' in page
        rows = demo_rows()
        rows[1]["nombres"] = ""  # line 3
        rows[2]["cargo"] = "gubernatura"  # line 4
        bad = await upload(
            client, "/consola/registro", as_csv(rows), election_id=ELECTION, formato="csv"
        )
        assert bad.status == 422
        report = await bad.text()
        assert '<th scope="col">Línea</th><th scope="col">Columna</th>' in report
        assert "<td>3</td><td>Nombre(s)</td>" in report and "<td>4</td><td>Cargo</td>" in report
        assert "no se importó nada" in report

        good = await upload(
            client, "/consola/registro", as_csv(demo_rows()), election_id=ELECTION, formato="csv"
        )
        assert good.status == 200, await good.text()
        imported = await good.text()
        assert "Registro importado" in imported
        assert re.search(r"Registradas por primera vez</dt><dd>4</dd>", imported)
        assert "Lo que se interpretó" not in imported  # nothing was

        excel = as_csv(demo_rows(), encoding="cp1252", delimiter=";", line_end="\r\n")
        again = await upload(
            client, "/consola/registro", excel, election_id=ELECTION, formato="csv"
        )
        shown = await again.text()
        assert re.search(r"Sin cambios</dt><dd>4</dd>", shown)
        assert "Lo que se interpretó al leer el archivo" in shown
        assert "Windows-1252" in shown and "punto y coma" in shown

        missing = await upload(
            client, "/consola/registro", b"", election_id=ELECTION, formato="pdf"
        )
        assert missing.status == 422
        assert 'id="registro-formato-error"' in await missing.text()


async def test_viewing_a_candidacy_writes_no_refusal_into_the_activity_log(
    fresh: Settings,
) -> None:
    """A supervisor or an admin looking at a draft's overview reads; only what they were
    really refused is in the permanent log."""
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        supervisor = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["supervisor"]
        )
        for token in (admin, supervisor):
            viewed = await client.get("/captura/F-PAN-1", headers=bearer(token))
            assert viewed.status == 200, await viewed.text()
            page = await viewed.text()
            assert "Primera de sus dos principales propuestas" in page  # what is missing
            assert "Aceptar el aviso de privacidad" not in page  # not theirs to accept
        refused = await client.post(
            "/api/v1/candidaturas/F-PAN-1/envio",
            headers={**bearer(supervisor), "X-Request-Id": "rechazo-real"},
            json={"confirmar": True},
        )
        assert refused.status == 403  # a real refusal, logged after the views

        async def denied() -> Any:
            return await audit_search(fresh, EntrySearch(resultado=Outcome.DENIED))

        def real_one_in(page: Any) -> bool:  # the log keeps order: the views came before
            return any(e["request_id"] == "rechazo-real" for e in page["entries"])

        logged = await eventually(denied, real_one_in, what="the real refusal logged")
        assert [e["request_id"] for e in logged["entries"]] == ["rechazo-real"]


async def test_the_questionnaire_page_shows_a_malformed_answer_back_with_its_error(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        await page_session(client, (await issue_party(client, admin, "pan", ELECTION))["capturist"])
        typed = [("correo_aclaraciones", "ana@pan"), ("pagina_web", "mi sitio")]
        saved = await post(client, "/captura/F-PAN-1/curricular", typed)
        assert saved.status == 200
        _, again = await read(client, "/captura/F-PAN-1/curricular")  # later, from the draft
        for page in (await saved.text(), again):
            assert 'value="ana@pan"' in page and 'value="mi sitio"' in page
            assert 'id="campo-correo_aclaraciones-error"' in page
            assert "No es un correo electrónico válido." in page

        huge = await post(client, "/captura/F-PAN-1/curricular", [("propuesta_1", "a" * 20_001)])
        assert huge.status == 422
        assert "se guardan hasta" in await huge.text()
        _, after = await read(client, "/captura/F-PAN-1/curricular")
        assert 'value="ana@pan"' in after  # nothing changed


async def test_the_admin_extends_a_closed_window_from_the_candidacy_page(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        capturist = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        await close_window(fresh, "F-PAN-1", "2026-12-02T06:00:00+00:00")
        closed = await (await client.get("/captura/F-PAN-1", headers=bearer(admin))).text()
        assert "Plazo vencido" in closed and "Ampliar el plazo de captura" in closed
        assert "cierra: 01/12/2026 23:59 h" in closed  # Nuevo León's time, not UTC's 06:00
        theirs = await (await client.get("/captura/F-PAN-1", headers=bearer(capturist))).text()
        assert "Plazo vencido" in theirs and "Ampliar el plazo" not in theirs

        # Four days after today where the institute is: between midnight UTC and Nuevo
        # León's midnight, UTC's date is a day ahead of the institute's.
        today = datetime.now(ZoneInfo("America/Monterrey")).date()
        until = (today + timedelta(days=4)).isoformat()
        short = await client.post(
            "/captura/F-PAN-1/prorroga",
            headers=bearer(admin),
            data={"hasta": until, "motivo": "corto"},
            allow_redirects=False,
        )
        assert short.status == 422
        page = await short.text()
        assert 'id="prorroga-motivo-error"' in page and 'value="corto"' in page
        assert f'value="{until}"' in page  # what was typed comes back

        extended = await client.post(
            "/captura/F-PAN-1/prorroga",
            headers=bearer(admin),
            data={"hasta": until, "motivo": "Falla del sistema durante el último día."},
            allow_redirects=False,
        )
        assert extended.status == 303, await extended.text()
        assert extended.headers["Location"] == "/captura/F-PAN-1?hecho=prorroga"
        after = await client.get(extended.headers["Location"], headers=bearer(admin))
        shown = await after.text()
        assert "Se amplió el plazo de captura" in shown and "Quedan 4 días" in shown


async def test_a_questionnaire_says_who_may_still_change_it_and_offers_no_save_to_others(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "estado-de-mexico")  # supervisor edits
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, pan["capturist"])
        supervisor = await session_of(client, pan["supervisor"])
        draft = await (
            await client.get("/captura/F-PAN-1/curricular", headers=bearer(capturist))
        ).text()
        assert "Guardar el borrador" in draft and "Solo consulta." not in draft

        await capture_all(client, capturist, "F-PAN-1")
        sent = await submit_api(client, capturist, "F-PAN-1", True)
        assert (await sent.json())["submitted"] is True
        theirs = await (
            await client.get("/captura/F-PAN-1/curricular", headers=bearer(capturist))
        ).text()
        assert "Solo consulta." in theirs and "una sola oportunidad" in theirs
        assert "Guardar el borrador" not in theirs and " disabled>" in theirs
        reviewing = await (
            await client.get("/captura/F-PAN-1/curricular", headers=bearer(supervisor))
        ).text()
        assert "Guardar el borrador" in reviewing  # the supervisor edits, then validates


async def test_a_registry_slower_than_the_usual_wait_still_imports_from_the_page(
    fresh: Settings,
) -> None:
    """The import page waits as long as the API's import does, not the few seconds of an
    ordinary request (a whole registry answered «no respondió a tiempo» before)."""
    hurried = fresh.model_copy(update={"request_timeout_s": 0.3})
    async with (
        running(fresh, accounts, capture),
        gateway_client(fresh) as client,
        gateway_client(hurried) as impatient,
    ):
        await admin_signed_in_with_the_demo_election(fresh, client)
        # the same browser session, on a gateway that waits 0.3 s for a service
        there = impatient.make_url("/")
        for cookie in client.session.cookie_jar:
            impatient.session.cookie_jar.update_cookies({cookie.key: cookie.value}, there)
        registry = as_csv(many_rows(500))
        started = time.monotonic()
        imported = await upload(
            impatient, "/consola/registro", registry, election_id=ELECTION, formato="csv"
        )
        took = time.monotonic() - started
        shown = await imported.text()
        assert imported.status == 200, shown
        assert "Registro importado" in shown and "no respondió a tiempo" not in shown
        assert took > hurried.request_timeout_s, took  # it did outlast the usual wait
