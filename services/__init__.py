"""Conóceles services: one process per folder, all built on `services.runtime`."""
