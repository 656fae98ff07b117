"""Actions reach the activity log through the outbox; refusals are recorded too."""

import json

import pytest

from contracts.activity import ActivityTarget, Outcome
from contracts.requests import Principal
from services.runtime.activity import record_activity
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.pingpong import SendPings, sender

SUPERVISOR = Principal(account_id="cuenta-7", role="supervisor", election_id="2027", party_id="P1")


async def activity_entries(host) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    rows = await host.pool.fetch(
        "SELECT envelope FROM outbox WHERE envelope->>'type' = 'activity.recorded' ORDER BY seq"
    )
    return [json.loads(row["envelope"]) for row in rows]


async def test_an_action_and_its_entry_commit_together(fresh: Settings) -> None:
    async with running(fresh, sender) as (host,):
        assert host.deps is not None
        with pytest.raises(RuntimeError):
            async with host.deps.pool.acquire() as conn, conn.transaction():
                await record_activity(
                    conn,
                    host.deps.outbox,
                    action="candidacy.submit",
                    outcome=Outcome.OK,
                    principal=SUPERVISOR,
                    target=ActivityTarget(kind="candidacy", id="C-1"),
                )
                raise RuntimeError("the action failed after all")
        assert await activity_entries(host) == []
        async with host.deps.pool.acquire() as conn, conn.transaction():
            await record_activity(
                conn,
                host.deps.outbox,
                action="candidacy.submit",
                outcome=Outcome.OK,
                principal=SUPERVISOR,
                target=ActivityTarget(kind="candidacy", id="C-1"),
                request_id="r-1",
                client_address="203.0.113.9",
                detail={"campos": ["foto"]},
            )
        [event] = await activity_entries(host)
        entry = event["data"]
        assert entry["service"] == "sender"
        assert entry["action"] == "candidacy.submit"
        assert entry["actor"] == {
            "account_id": "cuenta-7",
            "role": "supervisor",
            "election_id": "2027",
        }
        assert entry["target"] == {"kind": "candidacy", "id": "C-1"}
        assert entry["client_address"] == "203.0.113.9"
        assert entry["detail"] == {"campos": ["foto"]}


async def test_a_refused_request_is_recorded_with_its_outcome(fresh: Settings) -> None:
    async with running(fresh, sender) as (host,):
        assert host.deps is not None
        client = RequestClient(host.deps.broker, fresh.bus_prefix, 5)
        with pytest.raises(RequestFailed):
            await client.call(
                "sender",
                "ping.refuse",
                SendPings(batch="b", count=1),
                request_id="r-2",
                principal=SUPERVISOR,
                client_address="198.51.100.4",
            )
        with pytest.raises(RequestFailed):
            await client.call(
                "sender",
                "ping.send",
                SendPings.model_construct(batch="", count=0),
                request_id="r-3",
                principal=SUPERVISOR,
            )
        with pytest.raises(RequestFailed):
            await client.call(
                "sender", "ping.refuse", SendPings(batch="b", count=1), request_id="r-4"
            )
        entries = [event["data"] for event in await activity_entries(host)]
        assert [(e["action"], e["outcome"], e["request_id"]) for e in entries] == [
            ("ping.refuse", "denied", "r-2"),
            ("ping.send", "invalid", "r-3"),
        ], "an anonymous refusal (r-4) has no account to record"
        assert entries[0]["detail"] == {"codigo": "sin-permiso", "campos": []}
        assert entries[0]["client_address"] == "198.51.100.4"
        assert sorted(entries[1]["detail"]["campos"]) == ["batch", "count"]
