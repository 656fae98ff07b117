"""The activity log over real servers: entries become leaves, checkpoints are signed,
proofs verify, and the database refuses to rewrite anything."""

import base64

import asyncpg
import pytest

from contracts.activity import ActivityActor, ActivityRecorded, ActivityTarget, Outcome
from contracts.audit import ConsistencyQuery, EntrySearch, InclusionQuery
from contracts.envelope import Actor, EventEnvelope, new_event_id, utc_now
from contracts.errors import ErrorCode
from contracts.requests import Empty, Principal
from services.audit.domain.merkle import verify_consistency, verify_inclusion
from services.audit.domain.signed_notes import open_signed, parse_verifier_key
from services.audit.service import definition as audit
from services.audit.steps.appending import append_entries
from services.capture.service import definition as capture
from services.runtime.activity import record_activity
from services.runtime.database import connect_owner
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

CAPTURIST = Principal(account_id="cap-1", role="capturist", election_id="2027", party_id="P1")


async def record(host: ServiceHost, count: int, per_transaction: int = 5) -> None:
    assert host.deps is not None
    for start in range(0, count, per_transaction):
        async with host.deps.pool.acquire() as conn, conn.transaction():
            for n in range(start, min(count, start + per_transaction)):
                await record_activity(
                    conn,
                    host.deps.outbox,
                    action="questionnaire.save",
                    outcome=Outcome.OK,
                    principal=CAPTURIST,
                    target=ActivityTarget(kind="candidacy", id=f"C-{n}"),
                    request_id=f"req-{n}",
                    detail={"campos": ["escolaridad"]},
                )


def b64(text: str) -> bytes:
    return base64.b64decode(text)


async def test_recorded_actions_are_leaves_under_a_signed_checkpoint_with_proofs(
    fresh: Settings,
) -> None:
    async with running(fresh, capture, audit) as (capturing, auditing):
        assert auditing.deps is not None
        client = RequestClient(auditing.deps.broker, fresh.bus_prefix, 5)

        async def checkpoint() -> dict:  # type: ignore[type-arg]
            try:
                return await client.call("audit", "checkpoint.latest", Empty(), request_id="c")
            except Exception:
                return {"size": 0}

        await record(capturing, 12)
        first = await eventually(checkpoint, lambda c: c["size"] == 12, what="checkpoint of 12")
        await record(capturing, 13)
        second = await eventually(checkpoint, lambda c: c["size"] == 25, what="checkpoint of 25")

        key = await client.call("audit", "key.public", Empty(), request_id="k")
        name, public_key = parse_verifier_key(key["verifier_key"])
        signed = open_signed(second["note"], name, public_key)
        assert signed.size == 25 and base64.b64encode(signed.root).decode() == second["root"]

        for index in (0, 11, 24):
            proof = await client.call(
                "audit", "proof.inclusion", InclusionQuery(indice=index, tamano=25), request_id="p"
            )
            verify_inclusion(
                proof["leafIdx"],
                proof["treeSize"],
                b64(proof["leafHash"]),
                [b64(p) for p in proof["proof"]],
                signed.root,
            )

        proof = await client.call(
            "audit", "proof.consistency", ConsistencyQuery(de=12, a=25), request_id="q"
        )
        verify_consistency(
            12, 25, b64(first["root"]), signed.root, [b64(p) for p in proof["proof"]]
        )
        rows = await auditing.deps.pool.fetch(
            "SELECT seq, action, account_id, target_id FROM entries ORDER BY seq"
        )
        assert [r["seq"] for r in rows] == list(range(25))
        assert {r["account_id"] for r in rows} == {"cap-1"}
        assert {r["action"] for r in rows} == {"questionnaire.save"}


def activity_event() -> EventEnvelope:
    entry = ActivityRecorded(
        occurred_at=utc_now(),
        actor=ActivityActor(account_id="a"),
        service="capture",
        action="candidacy.view",
        outcome=Outcome.OK,
    )
    return EventEnvelope(
        id=new_event_id(),
        type="activity.recorded",
        version=1,
        occurred_at=utc_now(),
        producer="capture",
        actor=Actor.system("test"),
        data=entry.model_dump(mode="json"),
    )


async def test_an_entry_delivered_twice_is_one_leaf(fresh: Settings) -> None:
    async with running(fresh, audit) as (auditing,):
        assert auditing.deps is not None
        events = [activity_event(), activity_event()]
        for _ in range(2):
            async with auditing.deps.pool.acquire() as conn, conn.transaction():
                await append_entries(conn, [*events, events[0]])
        assert await auditing.deps.pool.fetchval("SELECT count(*) FROM entries") == 2
        assert await auditing.deps.pool.fetchval("SELECT count(*) FROM tree_nodes") == 3


async def test_no_one_rewrites_the_log_through_the_database(fresh: Settings) -> None:
    async with running(fresh, audit) as (auditing,):
        assert auditing.deps is not None
        async with auditing.deps.pool.acquire() as conn, conn.transaction():
            await append_entries(conn, [activity_event()])
        for statement in (
            "UPDATE entries SET action = 'otra'",
            "DELETE FROM entries",
            "TRUNCATE entries",
            "UPDATE tree_nodes SET hash = hash",
            "DELETE FROM checkpoints",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await auditing.deps.pool.execute(statement)
        owner = await connect_owner(fresh, "audit")
        try:
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await owner.execute("UPDATE entries SET action = 'otra'")
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await owner.execute("DELETE FROM entries")
        finally:
            await owner.close()
        assert await auditing.deps.pool.fetchval("SELECT action FROM entries") == "candidacy.view"


async def test_anyone_can_fetch_the_checkpoint_key_and_proofs_over_http(fresh: Settings) -> None:
    async with running(fresh, capture, audit) as (capturing, _), gateway_client(fresh) as http:
        await record(capturing, 3)

        async def checkpoint_size() -> int:
            response = await http.get("/api/v1/auditoria/checkpoint")
            return (await response.json(content_type=None)).get("size", 0)

        await eventually(checkpoint_size, lambda size: size == 3, what="a checkpoint over HTTP")
        key = await (await http.get("/api/v1/auditoria/llave-publica")).json()
        assert key["algorithm"] == "Ed25519" and "+" in key["verifier_key"]

        proof = await (
            await http.get("/api/v1/auditoria/prueba-inclusion?indice=2&tamano=3")
        ).json()
        assert set(proof) == {"leafIdx", "treeSize", "root", "leafHash", "proof"}
        consistency = await http.get("/api/v1/auditoria/prueba-consistencia?de=1&a=3")
        assert set(await consistency.json()) == {"size1", "size2", "root1", "root2", "proof"}

        bad = await http.get("/api/v1/auditoria/prueba-inclusion?indice=-1&tamano=tres")
        problem = await bad.json(content_type="application/problem+json")
        assert bad.status == 422
        assert {(e["field"], e["reason"]) for e in problem["errors"]} == {
            ("indice", "Debe ser mayor o igual que 0."),
            ("tamano", "Debe ser un número entero."),
        }
        beyond = await http.get("/api/v1/auditoria/prueba-inclusion?indice=0&tamano=99")
        assert beyond.status == 404
        assert "no llega a 99" in (await beyond.json(content_type=None))["detail"]


ADMIN = Principal(account_id="adm-1", role="admin", election_id="2027")


async def test_admins_search_the_log_and_each_search_is_itself_recorded(fresh: Settings) -> None:
    async with running(fresh, capture, audit) as (capturing, auditing):
        assert auditing.deps is not None
        client = RequestClient(auditing.deps.broker, fresh.bus_prefix, 5)
        await record(capturing, 6)
        pool = auditing.deps.pool
        await eventually(lambda: pool.fetchval("SELECT count(*) FROM entries"), lambda n: n == 6)

        page = await client.call(
            "audit",
            "entries.search",
            EntrySearch(objetivo_id="C-2", accion="questionnaire.save", orden="antiguas"),
            request_id="s-1",
            principal=ADMIN,
        )
        assert page["total"] == 1
        [entry] = page["entries"]
        assert (entry["target_id"], entry["account_id"], entry["outcome"]) == ("C-2", "cap-1", "ok")
        assert entry["detail"] == {"campos": ["escolaridad"]}

        second = await client.call(
            "audit",
            "entries.search",
            EntrySearch(por_pagina=4, pagina=2, orden="antiguas"),
            request_id="s-2",
            principal=ADMIN.model_copy(update={"role": "support"}),
        )
        assert [e["seq"] for e in second["entries"]][:2] == [4, 5]

        searches = await eventually(
            lambda: pool.fetch(
                "SELECT account_id, role FROM entries WHERE action = 'activity_log.search'"
            ),
            lambda rows: len(rows) == 2,
            what="both searches in the log",
        )
        assert {(r["account_id"], r["role"]) for r in searches} == {
            ("adm-1", "admin"),
            ("adm-1", "support"),
        }


VERIFIER = Principal(account_id="ver-1", role="verifier", election_id="2027")


async def test_no_one_else_reads_the_log_and_the_refusal_is_recorded(fresh: Settings) -> None:
    async with running(fresh, audit) as (auditing,):
        assert auditing.deps is not None
        client = RequestClient(auditing.deps.broker, fresh.bus_prefix, 5)
        with pytest.raises(RequestFailed) as refused:
            await client.call(
                "audit", "entries.search", EntrySearch(), request_id="s-3", principal=VERIFIER
            )
        assert refused.value.error.code is ErrorCode.FORBIDDEN
        with pytest.raises(RequestFailed) as anonymous:
            await client.call("audit", "entries.search", EntrySearch(), request_id="s-4")
        assert anonymous.value.error.code is ErrorCode.UNAUTHENTICATED
        pool = auditing.deps.pool
        [denied] = await eventually(
            lambda: pool.fetch(
                "SELECT account_id, outcome FROM entries WHERE action = 'entries.search'"
            ),
            lambda rows: len(rows) == 1,
            what="the refusal in the log",
        )
        assert (denied["account_id"], denied["outcome"]) == ("ver-1", "denied")
