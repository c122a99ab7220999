"""The encryption of backups (konferenz/core/backupcrypt.py): a round trip
block by block; a wrong key, a changed, cut-off or shortened archive is
refused as a whole."""

import pytest

from konferenz.core import backupcrypt

DATA = bytes(range(256)) * 300  # 75 KiB: several blocks of 16 KiB


@pytest.fixture(autouse=True)
def _small_blocks(monkeypatch):
    monkeypatch.setattr(backupcrypt, "BLOCK", 16 * 1024)


@pytest.fixture
def sealed(tmp_path):
    key = backupcrypt.base64.urlsafe_b64decode(backupcrypt.new_key())
    plain = tmp_path / "archive.tar"
    plain.write_bytes(DATA)
    target = tmp_path / "archive.tar.enc"
    backupcrypt.encrypt_file(plain, target, key)
    return key, target


def test_round_trip(sealed, tmp_path):
    key, target = sealed
    assert backupcrypt.is_encrypted(target)
    assert DATA[:64] not in target.read_bytes()
    backupcrypt.decrypt_file(target, tmp_path / "back.tar", key)
    assert (tmp_path / "back.tar").read_bytes() == DATA


def test_an_empty_archive_round_trips(tmp_path):
    key = b"k" * 32
    (tmp_path / "empty").write_bytes(b"")
    backupcrypt.encrypt_file(tmp_path / "empty", tmp_path / "empty.enc", key)
    backupcrypt.decrypt_file(tmp_path / "empty.enc", tmp_path / "back", key)
    assert (tmp_path / "back").read_bytes() == b""


def test_two_archives_of_the_same_data_differ(sealed, tmp_path):
    key, target = sealed
    again = tmp_path / "again.enc"
    backupcrypt.encrypt_file(tmp_path / "archive.tar", again, key)
    assert again.read_bytes() != target.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:-100], id="cut-off"),
        pytest.param(
            lambda data: data[: len(data) - (len(data) - 24) // 5], id="last-block-lost"
        ),
        pytest.param(
            lambda data: data[:5000] + bytes([data[5000] ^ 1]) + data[5001:],
            id="one-bit",
        ),
        pytest.param(lambda data: data[:24], id="header-only"),
    ],
)
def test_a_damaged_archive_is_refused(sealed, tmp_path, damage):
    key, target = sealed
    target.write_bytes(damage(target.read_bytes()))
    with pytest.raises(backupcrypt.CryptError):
        backupcrypt.decrypt_file(target, tmp_path / "back.tar", key)


def test_whole_blocks_dropped_at_the_end_are_refused(sealed, tmp_path):
    key, target = sealed
    data = target.read_bytes()
    block = 4 + 16 * 1024 + 16
    target.write_bytes(data[: 24 + 3 * block])  # the first three blocks only
    with pytest.raises(backupcrypt.CryptError):
        backupcrypt.decrypt_file(target, tmp_path / "back.tar", key)


def test_the_wrong_key_is_refused(sealed, tmp_path):
    _key, target = sealed
    with pytest.raises(backupcrypt.CryptError):
        backupcrypt.decrypt_file(target, tmp_path / "back.tar", b"x" * 32)


@pytest.mark.parametrize("value", ["", "kurz", "!!!!"])
def test_a_missing_or_malformed_key_is_named(monkeypatch, value):
    monkeypatch.setenv("SIKO_BACKUP_KEY", value)
    with pytest.raises(backupcrypt.CryptError, match="SIKO_BACKUP_KEY"):
        backupcrypt.key_from_environment()
