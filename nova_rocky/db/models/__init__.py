"""SQLAlchemy models: ``api`` for the API database, ``main`` for cells."""
