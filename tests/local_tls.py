"""A private CA made in the test, and a TLS server on loopback that uses it.

``TestCa`` issues server certificates (valid, expired, or for another name) with the
``cryptography`` package; ``TlsRelay`` ends TLS on 127.0.0.1 and relays the bytes to
a plain backend, usually the sandbox, so the whole API can be reached over https.
The CA is trusted by nothing on the machine unless a test points SSL_CERT_FILE at it.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.loopback_server import LOOPBACK, LoopbackServer, pipe, shut

DAY = datetime.timedelta(days=1)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "celonis-connect tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@dataclass
class TestCa:
    """A CA whose certificate is written to ``folder / 'ca.pem'``."""

    __test__ = False

    folder: Path
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @classmethod
    def create(cls, folder: Path, name: str = "Test Inspection CA") -> TestCa:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - DAY)
            .not_valid_after(now + 30 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                True,
            )
            .sign(key, hashes.SHA256())
        )
        folder.mkdir(parents=True, exist_ok=True)
        ca = cls(folder, key, cert)
        ca.pem_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return ca

    @property
    def pem_path(self) -> Path:
        return self.folder / "ca.pem"

    def server_context(
        self,
        names: tuple[str, ...] = ("127.0.0.1", "localhost"),
        *,
        expired: bool = False,
    ) -> ssl.SSLContext:
        """A server context with a certificate for ``names`` signed by this CA."""
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        start, end = (now - 30 * DAY, now - DAY) if expired else (now - DAY, now + DAY)
        alternatives: list[x509.GeneralName] = []
        for name in names:
            try:
                alternatives.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                alternatives.append(x509.DNSName(name))
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(names[0]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName(alternatives), False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .sign(self.key, hashes.SHA256())
        )
        stem = self.folder / f"server-{x509.random_serial_number()}"
        cert_path, key_path = stem.with_suffix(".pem"), stem.with_suffix(".key")
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        return context


class TlsRelay(LoopbackServer):
    """https://127.0.0.1:<port> in front of a plain http backend on loopback."""

    def __init__(self, context: ssl.SSLContext, backend_port: int) -> None:
        super().__init__(tls=context)
        self.backend_port = backend_port

    @property
    def base_url(self) -> str:
        return f"https://{LOOPBACK}:{self.port}"

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(
                LOOPBACK, self.backend_port
            )
        except OSError:
            await shut(writer)
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
