"""Test helpers: two small services built on the runtime, and ways to await conditions."""
