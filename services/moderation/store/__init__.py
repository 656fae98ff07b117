"""Every SQL statement of the moderation service, one module per group of tables; each
function named by intent, returning typed rows (never a record, never ``SELECT *``)."""
