"""Issue 30: one TOTP code from two sessions at the same instant is accepted
once (the device rows are locked while verifying, konferenz/accounts/mfa.py).
PostgreSQL only; a transactional test, in a file of its own so that it runs
after the tests that need the preloaded police authorities."""

import base64
import threading

import pyotp
import pytest
from django.db import connection, connections
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import mfa


def _totp(device):
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode())


@pytest.mark.django_db(transaction=True)
def test_same_code_from_two_sessions_at_once_is_accepted_once(organiser):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) need PostgreSQL")
    device = TOTPDevice.objects.create(user=organiser, name="App", confirmed=True)
    totp = _totp(device)
    for _round in range(10):
        # a fresh device for each round: the refused twin is a failure,
        # which django-otp would make the next round wait for
        TOTPDevice.objects.filter(pk=device.pk).update(
            last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
        )
        code = totp.now()
        barrier = threading.Barrier(2)
        results = []

        def verify(code=code, barrier=barrier, results=results):
            try:
                barrier.wait()
                results.append(mfa.verify_token(user=organiser, token=code))
            except mfa.Throttled:
                results.append(None)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=verify) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        accepted = [found for found in results if found is not None]
        assert len(results) == 2
        assert len(accepted) == 1, f"round {_round}: {results}"
