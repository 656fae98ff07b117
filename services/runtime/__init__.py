"""What every service runs on: settings, database, bus, outbox and inbox, telemetry, timers."""
