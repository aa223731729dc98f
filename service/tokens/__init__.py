"""Tokens (issue 12): the codes a token's claims name must exist in the store."""
