"""The compute service: manager, resource tracking and the API facade."""
