"""What the services declare for the launcher: their demo data, in the order it builds on
itself, and their commands, with the words and flags the README gives."""

from pathlib import Path

from contracts.demo import DEMO_ELECTION_ID, DEMO_PARTY_ID
from contracts.services import ServiceName
from services.capture.demo import demo_config
from services.launcher.cli import command_line
from services.launcher.definitions import demo_in_order, service_definitions
from services.runtime.service_hooks import CommandServers


def test_the_demo_election_loads_before_the_accounts_of_its_first_party() -> None:
    definitions = service_definitions()
    order = demo_in_order(definitions)
    capture, accounts = (
        definitions[ServiceName.CAPTURE].demo,
        definitions[ServiceName.ACCOUNTS].demo,
    )
    assert capture is not None and accounts is not None
    assert order.index(capture) < order.index(accounts)
    config = demo_config()
    assert (config.election_id, config.parties[0].id) == (DEMO_ELECTION_ID, DEMO_PARTY_ID)


def test_the_services_commands_keep_their_words_and_flags() -> None:
    parser = command_line()
    verify = parser.parse_args(["audit", "verify", "--desde-checkpoint", "c.txt", "--llave", "k"])
    assert verify.service_command.servers is CommandServers.RUNNING
    assert (verify.desde_checkpoint, verify.llave) == (Path("c.txt"), "k")
    proof = parser.parse_args(["audit", "verify-proof", "prueba.json"])
    assert proof.service_command.servers is CommandServers.NONE
    assert proof.archivo == Path("prueba.json")
    admin = parser.parse_args(["cuentas", "primer-admin"])
    assert admin.service_command.servers is CommandServers.INSTALLED
