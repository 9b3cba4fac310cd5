"""Running reference code from a checkout of its own repository, never from a copy in this one.

A golden script that needs code no installed package provides (GenDeg's run_single.py, PromptIR,
the official Zero-DCE models, NAFNet's local_arch.py) is pointed at a checkout of that
repository with a flag, and loads the file it needs from there. Research repositories import
their whole training stack at the top of every file (Lightning, torchvision, OmegaConf, their own
dataset modules...); `load_file` stands in for exactly the imports it is told to, and only for
those that are not installed. A stand-in can be imported, subclassed and looked into, but calling
or instantiating it raises, so a stubbed import the reference did use fails loudly instead of
changing a golden.

Get a checkout at the commit named in the script (and in the README's goldens table):
    git clone https://github.com/OWNER/REPO DIR && git -C DIR checkout COMMIT
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import types
from pathlib import Path


class _StandInType(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _StandInType(f"{cls.__name__}.{name}", (StandIn,), {})


class StandIn(metaclass=_StandInType):
    """What every attribute of a stubbed module is: a class, so reference code may subclass it."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__} is a stand-in for an import that the reference code "
                           "used by this golden script was expected never to call")


class _StandInModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _StandInType(f"{self.__name__}.{name}", (StandIn,), {})


def add_checkout_argument(parser: argparse.ArgumentParser, flag: str, repository: str, commit: str,
                          marker: str) -> None:
    """Adds a required --FLAG DIR; `marker` is a file the checkout must contain."""
    parser.add_argument(flag, type=Path, required=True, metavar="DIR",
                        help=f"a checkout of github.com/{repository} at {commit} (holding {marker})")
    parser.set_defaults(**{"_checkout_" + flag.lstrip("-").replace("-", "_"): (repository, commit, marker)})


def checkout(args: argparse.Namespace, flag: str) -> Path:
    """The checkout given for `flag`, refused unless it holds the marker file; a git checkout at
    another commit is named on stderr, since its code may not be what the goldens were made from."""
    key = flag.lstrip("-").replace("-", "_")
    repository, commit, marker = getattr(args, "_checkout_" + key)
    folder = getattr(args, key).resolve()
    if not (folder / marker).is_file():
        sys.exit(f"{flag} {folder}: no {marker} there; expected a checkout of github.com/{repository} at {commit}")
    if (folder / ".git").exists():
        head = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True)
        if head.returncode == 0 and head.stdout.strip() != commit:
            print(f"note: {folder} is at {head.stdout.strip()}, the goldens were made from {commit}", file=sys.stderr)
    return folder


def stub_modules(names) -> None:
    """Stand-ins for the modules in `names` that cannot be imported (parents included)."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
            continue
        except Exception:
            pass
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            sys.modules.setdefault(".".join(parts[:i]), _StandInModule(".".join(parts[:i])))


def package(name: str, folder: Path) -> None:
    """Registers `name` as a package searched in `folder` without running its __init__.py (which, in
    the repositories used here, imports every dataset and training module of the project)."""
    module = types.ModuleType(name)
    module.__path__ = [str(folder)]
    sys.modules[name] = module


def load_file(path: Path, name: str, stubs=()) -> types.ModuleType:
    """Executes the file `path` as module `name` (registered before it runs, so other reference
    files can import it by that name), after `stub_modules(stubs)`."""
    stub_modules(stubs)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
