"""loss-tui: the terminal front end (Textual app and command line) over ``engine``."""
