"""The demo election that ``make up`` loads, as far as more than one service names it.

Capture loads the election (services/capture/demo.py); accounts issues the demo party's
people inside it (services/accounts/demo.py), so both need its id and the party, and
neither may import the other's code.
"""

DEMO_ELECTION_ID = "pel-2026-2027"
DEMO_PARTY_ID = "pan"
"""The demo election's first party: its capture account and supervisor are the demo's
people, and the candidacy they capture is DM01-PAN."""
