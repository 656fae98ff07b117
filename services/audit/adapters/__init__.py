"""What the audit service uses from outside its domain that is not SQL: the signing key."""
