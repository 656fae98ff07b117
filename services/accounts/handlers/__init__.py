"""Request handlers of the accounts service, one module per operation prefix
(contracts/operations/accounts.py): session and keys, activation, account, delivery,
notice and mail."""
