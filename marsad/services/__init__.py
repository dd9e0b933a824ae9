"""Use-cases: the one function per thing a user does, called by the CLI and the web.

Import the modules themselves (`marsad.services.ingest`, `.search`, …); this package
imports nothing so that loading one use-case does not load them all.
"""
