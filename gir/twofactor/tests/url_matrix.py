"""The second factor's URLs in the project's access matrix (test_url_access_matrix.py):
every logged-in user keeps their own factors; an anonymous visitor goes to the log-in
page. (A verified session that opens the second step is sent on to its `next`, which
the matrix counts as reached.) The passkey ceremony's endpoints answer every logged-in
user; without its state in the session a completing call is refused with a 4xx JSON."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}

MATRIX: dict[str, frozenset[str]] = {
    "twofactor:verify": ALL,
    "twofactor:setup": ALL,
    "twofactor:manage": ALL,
    "twofactor:recovery_codes": ALL,
    "twofactor:remove": ALL,
    "otp_webauthn:credential-registration-begin": ALL,
    "otp_webauthn:credential-registration-complete": ALL,
    "otp_webauthn:credential-authentication-begin": ALL,
    "otp_webauthn:credential-authentication-complete": ALL,
    "otp_webauthn:js-i18n-catalog": ALL,
}
POST_ONLY: set[str] = {
    "twofactor:remove",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
}


def url_kwargs(key: str, world) -> dict[str, int]:
    return {}
