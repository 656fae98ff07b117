"""Every SQL statement of the accounts service, one module per group of tables; each
function named by intent and returning typed rows (store/rows.py), never records."""
