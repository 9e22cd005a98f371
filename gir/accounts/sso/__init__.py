"""Single sign-on through the municipality's identity provider (OpenID Connect).

mozilla-django-oidc runs the authorisation code flow with PKCE; this package adds what it
does not do: the provider's endpoints from its discovery document (`provider`), matching
on a stable claim and roles from a claim (`backend`, `claims`, `services`), trusting the
provider's multi-factor log-in, and ending the provider's session at log-out (`views`).
README "Single sign-on" and ADR 0015.
"""
