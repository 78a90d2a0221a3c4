"""How the reader's data is kept: the SQLite file, the SQL over it, its records.

``papercli.tags`` holds the API (``UserStore``); these modules are its
parts, split so that each stays small.
"""
