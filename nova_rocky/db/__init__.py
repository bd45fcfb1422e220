"""Database access: enginefacade context managers, models, migrations."""
