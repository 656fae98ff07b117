"""Request handlers of the accounts service, one module per area:
sign-in and sessions, activation, issuing and revoking, deliveries, notices."""
