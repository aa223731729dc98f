"""The HTTP edge: what is checked before GraphQL sees a request (body shape,
encoding, nesting, media types) and what every response carries (problem
details, security headers)."""
