"""What capture uses from outside its rules that is not SQL: sealing identity answers,
the consent format's PDF, the institute profiles' files."""
