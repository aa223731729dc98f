"""Voortgang service: commands, the HTTP/GraphQL app, auth, configuration and CLI."""

__version__ = "0.1.0"
API_VERSION = "1.0.0"
