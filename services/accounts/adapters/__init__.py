"""What accounts uses from outside its rules that is not SQL: sealing secrets at rest,
the token signing keys, the receipt's PDF and the SMTP server."""
