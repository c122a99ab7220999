"""Encrypted backups (``manage.py backup --encrypt``; README, "Betrieb").

The key is 32 random bytes, URL-safe Base64, in the environment variable
``SIKO_BACKUP_KEY`` (``manage.py backup --new-key`` prints one). It is
never written into the archive, a log or a command line.

The archive is encrypted as a stream, so an archive of any size needs only
one block in memory – the construction of age's STREAM:

* ``SIKOENC1`` and 16 random bytes (the salt) open the file;
* the file key is HKDF-SHA256 of the key with that salt, so no two archives
  share a key (and no nonce is ever used twice with a key);
* then blocks of at most ``BLOCK`` bytes, each as its length (4 bytes) and
  AES-256-GCM of it, the nonce being the block's number (11 bytes) and a
  last-block flag (1 byte), the header as associated data.

Changed, reordered, dropped or cut-off blocks fail to decrypt: a damaged or
truncated archive is refused as a whole, never restored in part.
"""

import base64
import binascii
import os
import secrets
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext

MAGIC = b"SIKOENC1"
SALT_BYTES = 16
BLOCK = 1 << 20
SUFFIX = ".enc"
ENVIRONMENT = "SIKO_BACKUP_KEY"
_TAG = 16


class CryptError(Exception):
    """The message is for the operator (German)."""


def new_key():
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def key_from_environment():
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        raise CryptError(
            gettext(
                "SIKO_BACKUP_KEY is not set: the key for encrypted backups is "
                "missing (manage.py backup --new-key makes one)."
            )
        )
    try:
        key = base64.urlsafe_b64decode(value)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:  # noqa: PLR2004 - AES-256
        raise CryptError(
            gettext("SIKO_BACKUP_KEY is no key of manage.py backup --new-key.")
        )
    return key


def is_encrypted(path):
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _cipher(key, header):
    salt = header[len(MAGIC) :]
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"siko backup"
    ).derive(key)
    return AESGCM(derived)


def _nonce(number, last):
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def encrypt_file(source, target, key):
    header = MAGIC + secrets.token_bytes(SALT_BYTES)
    cipher = _cipher(key, header)
    with open(source, "rb") as plain, open(target, "wb") as out:
        out.write(header)
        block = plain.read(BLOCK)
        number = 0
        while True:
            following = plain.read(BLOCK)
            last = not following
            sealed = cipher.encrypt(_nonce(number, last), block, header)
            out.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            block, number = following, number + 1


def _damaged():
    return CryptError(
        gettext(
            "The encrypted backup cannot be decrypted: wrong key "
            "(SIKO_BACKUP_KEY) or a damaged or incomplete file."
        )
    )


def _sealed_blocks(handle):
    while True:
        length = handle.read(4)
        if not length:
            return
        if len(length) != 4:  # noqa: PLR2004
            raise _damaged()
        (size,) = struct.unpack(">I", length)
        if size < _TAG or size > BLOCK + _TAG:
            raise _damaged()
        sealed = handle.read(size)
        if len(sealed) != size:
            raise _damaged()
        yield sealed


def decrypt_file(source, target, key):
    target = Path(target)
    with open(source, "rb") as handle, open(target, "wb") as out:
        header = handle.read(len(MAGIC) + SALT_BYTES)
        if len(header) != len(MAGIC) + SALT_BYTES or not header.startswith(MAGIC):
            raise _damaged()
        cipher = _cipher(key, header)
        blocks = _sealed_blocks(handle)
        current = next(blocks, None)
        number = 0
        while current is not None:
            following = next(blocks, None)
            last = following is None
            try:
                out.write(cipher.decrypt(_nonce(number, last), current, header))
            except InvalidTag as error:
                raise _damaged() from error
            current, number = following, number + 1
        if number == 0:
            raise _damaged()
