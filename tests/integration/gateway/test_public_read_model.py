"""The gateway's copy of the public documents: what is in the bucket when a replica
starts is held before it serves, and every later change reaches it without a request."""

import nats

from services.gateway.state import PUBLIC_READ_MODEL
from services.runtime import bus
from services.runtime.settings import Settings
from tests.support.gateway import gateway_client
from tests.support.waiting import eventually


async def test_a_replica_holds_the_bucket_before_it_serves_and_follows_it(fresh: Settings) -> None:
    nc = await nats.connect(fresh.require_nats_urls())
    try:
        kv = await bus.public_bucket(nc.jetstream(), fresh)
        await kv.put("perfil.F-1", b'{"v": 1}')
        async with gateway_client(fresh) as client:
            model = client.app[PUBLIC_READ_MODEL]
            first = model.get("perfil.F-1")
            assert first is not None and first.value == b'{"v": 1}'
            # nats-py's end-of-initial-values marker could arrive before a value the
            # server had already sent: a replica served an empty copy (a CI run, 2026-12-02).

            await kv.put("perfil.F-1", b'{"v": 2}')
            await kv.put("perfil.F-2", b'{"v": 1}')
            await eventually(
                lambda: _value(model.get("perfil.F-2")), lambda v: v is not None, what="F-2"
            )
            second = model.get("perfil.F-1")
            assert second is not None and second.value == b'{"v": 2}'
            assert second.etag != first.etag
            assert sorted(model.keys("perfil.")) == ["perfil.F-1", "perfil.F-2"]

            await kv.delete("perfil.F-2")
            await eventually(
                lambda: _value(model.get("perfil.F-2")), lambda v: v is None, what="F-2 gone"
            )
    finally:
        await nc.close()


async def _value(held: object) -> object:
    return held


async def test_a_replica_holds_every_document_of_a_full_bucket_before_it_serves(
    fresh: Settings,
) -> None:
    nc = await nats.connect(fresh.require_nats_urls())
    try:
        kv = await bus.public_bucket(nc.jetstream(), fresh)
        for n in range(300):
            await kv.put(f"perfil.F-{n}", b'{"v": %d}' % n)
        await kv.delete("perfil.F-7")
        async with gateway_client(fresh) as client:
            model = client.app[PUBLIC_READ_MODEL]
            held = sorted(model.keys("perfil."))
            assert len(held) == 299 and "perfil.F-7" not in held
            last = model.get("perfil.F-299")
            assert last is not None and last.value == b'{"v": 299}'
    finally:
        await nc.close()
