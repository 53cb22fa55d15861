"""The error responses the sandbox sends, in the shapes Celonis APIs use.

OAuth errors follow RFC 6749 section 5.2 and RFC 6750 section 3; Studio and
permission errors use the `{frontendErrorKey, errorInformation}` body of
package-manager; the sandbox's own admin calls answer `{error, error_description}`.
"""

from __future__ import annotations

from starlette.responses import JSONResponse

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def oauth_error(
    status: int, error: str, description: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": error, "error_description": description}
    return JSONResponse(
        body, status_code=status, headers={**NO_STORE, **(headers or {})}
    )


def invalid_client(description: str) -> JSONResponse:
    challenge = {"WWW-Authenticate": 'Basic realm="oauth2"'}
    return oauth_error(401, "invalid_client", description, challenge)


def invalid_token(description: str) -> JSONResponse:
    body = {"error": "invalid_token", "error_description": description}
    challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    return JSONResponse(body, status_code=401, headers=challenge)


def insufficient_scope(scope: str) -> JSONResponse:
    body = {
        "frontendErrorKey": "ACCESS_DENIED",
        "errorInformation": f"This call needs the OAuth scope '{scope}', "
        "which the access token does not carry.",
    }
    challenge = {
        "WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'
    }
    return JSONResponse(body, status_code=403, headers=challenge)


def frontend_error(status: int, key: str, information: str) -> JSONResponse:
    body = {"frontendErrorKey": key, "errorInformation": information}
    return JSONResponse(body, status_code=status)


def access_denied(information: str) -> JSONResponse:
    return frontend_error(403, "ACCESS_DENIED", information)


def not_found(information: str) -> JSONResponse:
    return frontend_error(404, "NOT_FOUND", information)


def bad_request(information: str) -> JSONResponse:
    return frontend_error(400, "BAD_REQUEST", information)


def simple_error(status: int, error: str, description: str) -> JSONResponse:
    body = {"error": error, "error_description": description}
    return JSONResponse(body, status_code=status)
