"""What moderation uses from outside its rules that is not SQL: the configuration files
it reads at start (the Cédula's rubrics)."""
