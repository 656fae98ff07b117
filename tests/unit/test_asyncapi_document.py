"""AsyncAPI is generated from the event catalogue, with each event's own data schema."""

import json

from contracts.catalog import all_specs
from services.launcher.asyncapi import asyncapi_json


def test_every_catalogued_event_is_a_channel_with_its_data_schema() -> None:
    document = json.loads(asyncapi_json())
    assert document["asyncapi"] == "3.0.0"
    addresses = {channel["address"] for channel in document["channels"].values()}
    for spec in all_specs():
        assert any(address.endswith(f".{spec.event_type}.v{spec.version}") for address in addresses)
    schemas = document["components"]["schemas"]
    dead_letter = schemas["BusMessageDeadLetteredV1"]
    assert dead_letter["properties"]["data"] == {"$ref": "#/components/schemas/MessageDeadLettered"}
    assert "stream_sequence" in schemas["MessageDeadLettered"]["properties"]
