"""A real OpenID Connect provider for the tests: django-oidc-provider in its own process,
with its own tiny settings and SQLite database, on 127.0.0.1 (ADR 0015). It publishes a
discovery document and JWKS and signs ID tokens with RS256, as a municipality's identity
provider does. `fixture.identity_provider` starts it once per test session."""
