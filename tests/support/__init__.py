"""Code shared by the test folders: the local news site and the real articles it serves.

Importable as `support` because pytest puts `tests/` on the path for `tests/conftest.py`.
"""
