"""Key pair material: generation and fingerprints (the ``cryptography``
package, no external tools).

* ssh: an RSA key; the private key in PEM (traditional OpenSSL form, as
  upstream returned it), the public key in OpenSSH form, and the
  fingerprint as MD5 of the key blob in colon-separated hex.
* x509: a self-signed certificate for WinRM client authentication (CN
  and UPN ``<user_id>@localhost``, 10 years); the private key is returned
  as a base64 PKCS#12 bundle without password, the fingerprint is the
  certificate's SHA-1 in colon-separated hex, as upstream.
"""

import base64
import binascii
import datetime

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

from nova_rocky import exception

KEY_COMMENT = 'Generated-by-Nova'
MS_UPN_OID = x509.ObjectIdentifier('1.3.6.1.4.1.311.20.2.3')
CERT_DAYS = 3650


def _colon_hex(digest):
    raw = binascii.hexlify(digest).decode('ascii')
    return ':'.join(raw[i:i + 2] for i in range(0, len(raw), 2))


def _new_rsa_key(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def generate_fingerprint(public_key):
    """MD5 fingerprint of an OpenSSH public key; InvalidKeypair if bad."""
    try:
        serialization.load_ssh_public_key(public_key.encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1])
    except Exception:
        raise exception.InvalidKeypair(reason='failed to generate '
                                              'fingerprint')
    digest = hashes.Hash(hashes.MD5())
    digest.update(blob)
    return _colon_hex(digest.finalize())


def generate_x509_fingerprint(pem_cert):
    """SHA-1 fingerprint of a PEM certificate; InvalidKeypair if bad."""
    try:
        cert = x509.load_pem_x509_certificate(pem_cert.encode('utf-8'))
    except (ValueError, TypeError) as e:
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: '
                   '%s' % e)
    return _colon_hex(cert.fingerprint(hashes.SHA1()))


def generate_key_pair(bits=2048):
    """``(private_pem, public_openssh, fingerprint)`` of a new RSA key."""
    key = _new_rsa_key(bits)
    private_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode('ascii')
    public_key = '%s %s' % (key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii'), KEY_COMMENT)
    return private_key, public_key, generate_fingerprint(public_key)


def _der_utf8(text):
    data = text.encode('utf-8')
    if len(data) < 0x80:
        length = bytes([len(data)])
    else:
        size = (len(data).bit_length() + 7) // 8
        length = bytes([0x80 | size]) + len(data).to_bytes(size, 'big')
    return b'\x0c' + length + data


def generate_winrm_x509_cert(user_id, bits=2048):
    """``(private_pkcs12_b64, cert_pem, fingerprint)`` for ``user_id``."""
    key = _new_rsa_key(bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id)])
    now = datetime.datetime.now(datetime.timezone.utc)
    upn = x509.OtherName(MS_UPN_OID, _der_utf8('%s@localhost' % user_id))
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=CERT_DAYS))
            .add_extension(x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([upn]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode('ascii')
    bundle = pkcs12.serialize_key_and_certificates(
        None, key, cert, None, serialization.NoEncryption())
    private_key = base64.b64encode(bundle).decode('ascii')
    return private_key, cert_pem, generate_x509_fingerprint(cert_pem)
