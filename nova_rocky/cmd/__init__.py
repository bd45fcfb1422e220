"""Console entry points: one thin module per program.

Nothing is monkey-patched here (upstream Nova patched eventlet in this
very module, at import). Every service runs on native threads; the
deprecated eventlet API host (``api.py``) is the only module that imports
eventlet, and only once its ``main()`` runs. ``common.py`` holds the
start-up steps the programs share.
"""
