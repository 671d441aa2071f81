"""One module per view (switched by the number keys). Each view is a Widget with:

- ``BINDINGS`` for its own keys (shown in the footer and the help screen),
- ``palette_commands()`` → iterable of (title, help, callback) for the command palette.
"""
