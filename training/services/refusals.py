"""Refusals that matter leave an audit entry, written after the refused transaction rolled back."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from core.audit import audit_log
from training.exceptions import TrainingError

P = ParamSpec("P")
R = TypeVar("R")


def audit_refusals(action: str, *, actor: str = "actor", target: str | None = None) -> Callable:
    """Decorate a service (outside its ``transaction.atomic``): a ``TrainingError`` it raises is recorded as
    ``<action>.refused`` with its code, then re-raised. ``actor``/``target`` name the keyword arguments to log."""

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except TrainingError as error:
                who = kwargs.get(actor)
                what = kwargs.get(target) if target else None
                audit_log(
                    actor=who if getattr(who, "pk", None) else None,
                    action=f"{action}.refused",
                    target=what if getattr(what, "pk", None) else None,
                    data={"code": error.code, **{k: str(v) for k, v in error.extra.items()}},
                )
                raise

        return wrapper

    return decorator
