"""The password gate's back-off: per client and global, exponential after 5 failures, forgotten after a window, logged."""

import logging

import pytest

from syriawatch.access import Backoff


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def gate():
    clock = Clock()
    return Backoff(clock=clock), clock


def test_five_failures_are_free_then_the_wait_doubles(gate):
    b, clock = gate
    for _ in range(5):
        assert b.wait("1.2.3.4") == 0
        b.failed("1.2.3.4")
    waits = []
    for _ in range(4):
        w = b.wait("1.2.3.4")
        waits.append(w)
        clock.t += w           # the client waits exactly as long as asked, then fails again
        assert b.wait("1.2.3.4") == 0
        b.failed("1.2.3.4")
    assert waits == [2, 4, 8, 16]
    assert b.wait("5.6.7.8") == 0                      # another client is not held back


def test_the_right_password_is_not_tried_while_a_client_must_wait(gate):
    b, clock = gate
    for _ in range(30):
        if b.wait("c") == 0:
            b.failed("c")
        clock.t += 0.5                                   # 30 tries in 15 s, as in the issue
    assert b.wait("c") > 0                               # the 31st (right) try is not even checked yet


def test_failures_are_forgotten_after_the_window_and_on_success(gate):
    b, clock = gate
    for _ in range(8):
        clock.t += b.wait("c")
        b.failed("c")
    assert b.wait("c") > 0
    clock.t += Backoff.WINDOW + 1
    assert b.wait("c") == 0
    for _ in range(6):
        clock.t += b.wait("c")
        b.failed("c")
    b.succeeded("c")
    assert b.wait("c") == 0


def test_global_back_off_when_many_clients_fail(gate):
    b, clock = gate
    for i in range(Backoff.GLOBAL_FREE):
        b.failed(f"10.0.0.{i % 250}/{i}")               # many clients, each under its own limit
    assert b.wait("a new client") > 0                    # a distributed guess slows everyone down
    clock.t += Backoff.WINDOW + 1
    assert b.wait("a new client") == 0


def test_failures_and_lockouts_are_logged(gate, caplog):
    b, _clock = gate
    with caplog.at_level(logging.WARNING, logger="syriawatch.access"):
        for _ in range(6):
            b.failed("9.9.9.9")
    msgs = [r.getMessage() for r in caplog.records]
    assert len(msgs) == 6 and "9.9.9.9" in msgs[-1] and "wait" in msgs[-1]
