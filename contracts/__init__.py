"""Everything that crosses a service boundary: events, requests, replies, subjects.

Services import these models; AsyncAPI (`make docs`) and the gateway's OpenAPI are
generated from them, so a contract is written once.
"""
