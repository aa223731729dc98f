"""The GraphQL API: one module per area (types, queries, mutations), shared
errors and mutation plumbing, and the schema that joins them."""
