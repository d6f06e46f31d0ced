"""core.deferral: receivers recompute at once, or once per block inside ``refreshes_deferred()``."""

from __future__ import annotations

import logging

import pytest

from core.deferral import refresh_or_defer, refreshes_deferred


def test_outside_a_block_each_refresh_runs_at_once():
    calls = []
    refresh_or_defer("k", 1, calls.append)
    refresh_or_defer("k", 2, calls.append)
    assert calls == [[1], [2]]


def test_inside_a_block_each_key_is_flushed_once_at_the_end_of_the_outermost_block():
    calls = []
    with refreshes_deferred():
        refresh_or_defer("a", 1, lambda items: calls.append(("a", items)))
        with refreshes_deferred():
            refresh_or_defer("a", 2, lambda items: calls.append(("a", items)))
            refresh_or_defer("b", 3, lambda items: calls.append(("b", items)))
        assert calls == []  # the inner block flushed nothing
    assert calls == [("a", [1, 2]), ("b", [3])]
    refresh_or_defer("a", 4, lambda items: calls.append(("a", items)))  # the block is over: at once again
    assert calls[-1] == ("a", [4])


def test_a_block_ended_by_an_exception_still_flushes_and_raises():
    calls = []
    with pytest.raises(ZeroDivisionError), refreshes_deferred():
        refresh_or_defer("a", 1, calls.append)
        1 / 0  # noqa: B018
    assert calls == [[1]]


def test_a_failing_flush_is_logged_and_the_others_still_run(caplog):
    calls = []

    def broken(items):
        raise RuntimeError("projection down")

    with caplog.at_level(logging.ERROR, logger="core.deferral"), refreshes_deferred():
        refresh_or_defer("broken", 1, broken)
        refresh_or_defer("fine", 2, calls.append)
    assert calls == [[2]]
    assert "deferred refresh broken failed" in caplog.text
