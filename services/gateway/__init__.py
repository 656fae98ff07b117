"""The gateway: the only HTTP entry (JSON API and server-rendered Spanish pages)."""
