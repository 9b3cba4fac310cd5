"""What every training stage shares: a time budget, atomic checkpoints, EMA weights, logging."""
from __future__ import annotations

import copy
import json
import os
import signal
import time
from pathlib import Path

import torch


def configure_threads(threads: int) -> None:
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)


class Budget:
    """Stops a stage at max_steps, after `minutes` of wall time, or on SIGTERM/SIGINT, whichever
    comes first; the stage then checkpoints and exports what it reached."""

    def __init__(self, minutes: float, max_steps: int, start_step: int = 0):
        self.deadline = time.monotonic() + minutes * 60
        self.max_steps = max_steps
        self.step = start_step
        self.started = time.monotonic()
        self.stop_requested = False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._request_stop)

    def _request_stop(self, signum, frame) -> None:
        self.stop_requested = True

    def running(self) -> bool:
        return not self.stop_requested and self.step < self.max_steps and time.monotonic() < self.deadline

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class EMA:
    """Exponential moving average of a module's weights, with the usual warm-up of the decay."""

    def __init__(self, module: torch.nn.Module, decay: float):
        self.shadow = copy.deepcopy(module).eval().requires_grad_(False)
        self.decay = decay

    @torch.no_grad()
    def update(self, module: torch.nn.Module, step: int) -> None:
        d = min(self.decay, (1 + step) / (10 + step))
        for s, p in zip(self.shadow.parameters(), module.parameters()):
            s.mul_(d).add_(p.detach(), alpha=1 - d)
        for s, b in zip(self.shadow.buffers(), module.buffers()):
            s.copy_(b)


def save_checkpoint(path: Path, state: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path) -> dict | None:
    return torch.load(path, map_location="cpu", weights_only=False) if path.exists() else None


class Log:
    """Prints a line per report and appends it, as JSON, to a log file."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("a")

    def __call__(self, **fields) -> None:
        line = json.dumps(fields)
        print(line, flush=True)
        self.file.write(line + "\n")
        self.file.flush()
