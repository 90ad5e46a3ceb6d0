"""Helpers shared by the tests and the benchmark scripts; never imported by ``byregion`` or ``server``.

Imported as ``tests.support``: pytest puts the repository root on ``sys.path`` (``pythonpath`` in
pyproject.toml), and each script in ``scripts/`` puts it there before its imports.
"""
