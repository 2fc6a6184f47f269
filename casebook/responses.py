"""Learner id, mode, and the response file: one JSON object per line (format: docs/design.md).

Widgets call :func:`record_response` on every Check/Submit; instructors collect the files and run
``python -m casebook report``. Writing appends one whole line with a single ``os.write`` to a
file opened with ``O_APPEND``, under an advisory ``flock`` where the platform has one, then
``fsync``: several kernels (or learners) can share one file and no line is ever split or lost.
Reading never raises for bad content: every skipped line is reported with its file and line.

Settings come first from :func:`configure` / :func:`set_learner`, else from the environment
(``CASEBOOK_LEARNER``, ``CASEBOOK_MODE``, ``CASEBOOK_RESPONSES``, ``CASEBOOK_RELEASE``), else from
the defaults ("anonymous", "practice", ``./casebook-responses.jsonl``, not released). The learner
id has more sources (JupyterHub login, app page): their order is in :mod:`casebook.identity`.

Where ``fcntl`` has no ``flock`` (JupyterLite's Pyodide kernel in the browser), lines are
appended without the lock: one writer per file is then assumed (docs/guarantees.md).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casebook import identity

try:  # advisory locking is POSIX only; O_APPEND alone still keeps each line whole elsewhere
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from casebook.record import MODES, RECORD_VERSION, Response, validate_record

__all__ = [
    "MODES",
    "RECORD_VERSION",
    "Response",
    "configure",
    "current_mode",
    "feedback_visible",
    "get_learner",
    "read_responses",
    "record_response",
    "responses_path",
    "set_learner",
    "validate_record",
]

DEFAULT_LEARNER = identity.DEFAULT_LEARNER
DEFAULT_FILE_NAME = "casebook-responses.jsonl"

_TRUE_WORDS = ("1", "true", "yes", "on")
_FALSE_WORDS = ("", "0", "false", "no", "off")

# Values set in this kernel; None means "not set here: fall back to the environment".
LEARNER_FILE_NAME = "casebook-learner.txt"
_settings: dict[str, Any] = {"learner": None, "mode": None, "responses": None, "release": None}


# -- learner and mode ------------------------------------------------------------------------------
_check_learner = identity.check_learner


def learner_file() -> Path:
    """Where :func:`set_learner` remembers the id: beside the responses file, so that every
    notebook in the folder (each in its own kernel) records under the id set once at the start."""
    return responses_path().parent / LEARNER_FILE_NAME


def set_learner(learner_id: str) -> identity.LockedNotice | None:
    """Set the learner id written into every response (e.g. ``"ab12"``), for this kernel and,
    through :func:`learner_file`, for the other notebooks in the same folder.

    On JupyterHub (the login is the id) and in the app (the id entered on its start page) the
    id is not the notebook's to set: nothing changes, and a notice saying which id is in force
    is returned (shown under the cell). Raises OSError naming the file if the id cannot be saved
    there (it is still set here)."""
    checked = _check_learner(learner_id, "learner id")
    notice = identity.locked_notice(os.environ)
    if notice is not None:
        return notice
    _settings["learner"] = checked
    path = learner_file()
    # Write beside it, then rename: a kernel reading the file meanwhile sees the old id or the
    # new one, never an empty file (which would make it record as "anonymous").
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(learner_id + "\n", encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise OSError(
            f"learner id {learner_id!r} is set in this notebook but could not be saved to {path} "
            f"for the other notebooks ({exc.strerror or exc}); set CASEBOOK_LEARNER instead"
        ) from exc
    return None


def _saved_learner() -> str | None:
    path = learner_file()
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return _check_learner(text, f"learner id saved in {path}:") if text else None


def current_learner() -> identity.Learner:
    """The learner id in force and its source, by the order in :mod:`casebook.identity`: the
    JupyterHub login, else the app page's ``?learner=``, else :func:`set_learner` in this
    kernel, else ``CASEBOOK_LEARNER``, else the id a notebook in this folder saved with
    :func:`set_learner`, else ``"anonymous"``."""
    return identity.resolve(set_here=_settings["learner"], saved=_saved_learner)


def get_learner() -> str:
    """The learner id in force (see :func:`current_learner`)."""
    return current_learner().id


def _check_mode(mode: object, where: str) -> str:
    if mode not in MODES:
        raise ValueError(f"{where} {mode!r} is not a mode: use 'practice' or 'assessment'")
    return mode  # type: ignore[return-value]


def configure(
    *,
    mode: str | None = None,
    responses: str | os.PathLike[str] | None = None,
    release: bool | None = None,
) -> None:
    """Set the mode, the response file and whether assessment feedback is released.

    An argument left as None keeps its current setting. In ``"assessment"`` mode answers are
    recorded but feedback is withheld until the instructor releases it (``release=True`` or
    ``CASEBOOK_RELEASE=1``).
    """
    if mode is not None:
        _check_mode(mode, "mode")
    if release is not None and not isinstance(release, bool):
        raise ValueError(f"release {release!r} is not allowed: use True or False")
    if responses is not None:
        text = os.fspath(responses)
        if not text.strip():
            raise ValueError("responses '' is not a file path: give the .jsonl file to write")
        _settings["responses"] = Path(text).expanduser()
    if mode is not None:
        _settings["mode"] = mode
    if release is not None:
        _settings["release"] = release


def current_mode() -> str:
    """``"practice"`` or ``"assessment"``: :func:`configure`, else ``CASEBOOK_MODE``, else
    practice."""
    if _settings["mode"] is not None:
        return _settings["mode"]
    env = os.environ.get("CASEBOOK_MODE")
    if env:
        return _check_mode(env.strip().lower(), "environment variable CASEBOOK_MODE =")
    return "practice"


def _released() -> bool:
    if _settings["release"] is not None:
        return _settings["release"]
    env = os.environ.get("CASEBOOK_RELEASE", "").strip().lower()
    if env in _TRUE_WORDS:
        return True
    if env in _FALSE_WORDS:
        return False
    raise ValueError(
        f"environment variable CASEBOOK_RELEASE = {env!r} is not allowed: use 1 (released) or 0"
    )


def feedback_visible() -> bool:
    """True in practice mode; in assessment mode only once the instructor has released it."""
    return current_mode() == "practice" or _released()


def responses_path() -> Path:
    """The response file: :func:`configure`, else ``CASEBOOK_RESPONSES``, else
    ``casebook-responses.jsonl`` in the current folder (the notebook's folder in JupyterLab)."""
    if _settings["responses"] is not None:
        return _settings["responses"]
    env = os.environ.get("CASEBOOK_RESPONSES")
    if env and env.strip():
        return Path(env).expanduser()
    return Path.cwd() / DEFAULT_FILE_NAME


# -- writing -------------------------------------------------------------------------------------
def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _last_byte(path: Path) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() == 0:
            return b""
        fh.seek(-1, os.SEEK_END)
        return fh.read(1)


def _flock() -> Any:
    """``fcntl.flock``, or None where there is none: Windows (no ``fcntl``) and the browser-only
    Pyodide kernel of JupyterLite (an ``fcntl`` without ``flock``). Without it lines are still
    appended whole with ``O_APPEND`` by one writer; see docs/guarantees.md for what is lost."""
    return getattr(fcntl, "flock", None) if fcntl is not None else None


def _append_line(path: Path, line: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    flock = _flock()
    try:
        if flock is not None:
            flock(fd, fcntl.LOCK_EX)
        try:
            if _last_byte(path) not in (b"", b"\n"):
                # A previous write was torn (e.g. the disk filled up): end that line first, so
                # the reader reports it alone and this record stays whole.
                line = b"\n" + line
            written = os.write(fd, line)
            while written < len(line):  # regular files write everything at once; just in case
                written += os.write(fd, line[written:])
            os.fsync(fd)
        finally:
            if flock is not None:
                flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def record_response(
    *,
    case: str,
    day: int,
    exercise: str,
    answer: Mapping[str, Any],
    result: Mapping[str, Any],
    attempt: int,
) -> Response:
    """Append one response record (format: docs/design.md) to :func:`responses_path` and return
    it; the time, learner id and mode are filled in here. Raises ValueError for a record that
    would not be valid, OSError (naming the file) when the file cannot be written."""
    response = Response(
        v=RECORD_VERSION,
        time=_now(),
        learner=get_learner(),
        case=case,
        day=day,
        exercise=exercise,
        answer=answer,
        result=result,
        attempt=attempt,
        mode=current_mode(),
    )
    record = response.to_dict()
    problems = validate_record(record)
    if problems:
        raise ValueError("cannot record this response: " + "; ".join(problems))
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot record this response: not JSON data ({exc})") from exc
    path = responses_path()
    try:
        _append_line(path, (text + "\n").encode("utf-8"))
    except OSError as exc:
        err = OSError(
            f"Cannot save the answer to the response file {path}: {exc.strerror or exc}. "
            "Check that the folder exists and is writable, or choose another file with "
            "casebook.configure(responses=...)."
        )
        err.errno = exc.errno
        raise err from exc
    return response


# -- reading -------------------------------------------------------------------------------------
def _as_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _read_file(path: Path, records: list[dict], problems: list[str]) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(f"{path}: cannot read the file ({exc.strerror or exc}); skipped")
        return
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}, line {number}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                f"{where}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at column "
                f"{exc.start + 1}); skipped"
            )
            continue
        try:
            obj = json.loads(text)
        except ValueError:
            problems.append(f"{where}: not a complete JSON object (truncated or corrupt); skipped")
            continue
        found = validate_record(obj)
        if found:
            problems.append(f"{where}: " + "; ".join(found) + "; skipped")
            continue
        records.append(obj)


def read_responses(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[list[dict], list[str]]:
    """Valid records from response files or folders (every ``*.jsonl`` inside, recursively),
    and a list of problems, each naming the file and line. Never raises for bad content."""
    records: list[dict] = []
    problems: list[str] = []
    for path in _as_paths(paths):
        if path.is_dir():
            try:
                files = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            except OSError as exc:
                problems.append(f"{path}: cannot list the folder ({exc.strerror or exc}); skipped")
                continue
            if not files:
                problems.append(f"{path}: folder has no *.jsonl response files")
            for file in files:
                _read_file(file, records, problems)
        elif path.is_file():
            _read_file(path, records, problems)
        else:
            problems.append(f"{path}: no such file or folder; skipped")
    return records, problems
