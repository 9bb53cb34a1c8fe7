"""Shrink trained Stanza model files: drop optimizer state and store float weights as float16.

Stanza copies a loaded state dict into float32 parameters, so half-precision files load as usual
and halve the download; the accuracy cost is measured in the training notes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DROP_KEYS = ("optimizer", "scheduler", "global_step", "last_best_step", "dev_score_history")


def _halve(value: Any) -> Any:
    import torch

    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.detach().to(torch.float16)
    if isinstance(value, dict):
        return {key: _halve(item) for key, item in value.items()}
    return value


def compact_model(src: Path, dst: Path) -> tuple[int, int]:
    """Write a compacted copy of `src` to `dst`; return (bytes before, bytes after)."""
    import torch

    data = torch.load(src, map_location="cpu", weights_only=False)
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in DROP_KEYS}
        if "model" in data:
            data["model"] = _halve(data["model"])
    dst.parent.mkdir(parents=True, exist_ok=True)
    torch.save(data, dst)
    return src.stat().st_size, dst.stat().st_size
