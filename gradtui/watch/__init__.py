"""Watch a real PyTorch training run's gradient flow: record it (``watch``, needs the
``gradtui[torch]`` extra) and show it (``gradtui watch FILE``).

Importing this package imports no torch: ``watch`` loads the recorder when first called.
"""

from __future__ import annotations

__all__ = ["watch"]


def watch(model, path, **options):
    """Record ``model``'s gradients into ``path``; call ``.step(loss)`` after each
    ``loss.backward()``. See ``gradtui.watch.recorder``."""
    try:
        from gradtui.watch.recorder import watch as start
    except ImportError as error:
        if error.name == "torch":
            raise ImportError(
                "gradtui.watch needs PyTorch: pip install 'gradtui[torch]'", name="torch"
            ) from None
        raise
    return start(model, path, **options)
