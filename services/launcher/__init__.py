"""The composition root: the ``conoceles`` command, ``conoceles up`` and what they start."""
