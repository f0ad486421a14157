"""Break-even and sensitivity of a plan, computed on demand in a background thread.

``planner.options.break_even`` and ``planner.options.sensitivity`` price every
option again for many variants of the scenario (on the estimate calibrated by
the plan's roster, so no roster is solved): a few seconds for the examples,
longer for large scenarios. The Proposal page starts them with a button; like
the plan (:mod:`planner.ui.jobs`), the work runs in a thread, keyed by the
scenario, so a rerun, another page or another session with the same scenario
finds the same job, and the page polls it. The results are plain frozen
records (``BreakEven``, ``SensitivityRow``), kept here, not in the session.

No streamlit here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from planner.ui.jobs import scenario_key

log = logging.getLogger(__name__)

MAX_KEPT = 16
_lock = threading.Lock()
_jobs: OrderedDict[str, AnalysisJob] = OrderedDict()


@dataclass(frozen=True)
class AnalysisStatus:
    """A snapshot of an analysis job: ``stage`` is "break_even", "sensitivity" or "done"."""

    done: bool
    stage: str
    elapsed_s: float
    error: str | None


class AnalysisJob:
    """``break_even`` then ``sensitivity`` for one plan, in a daemon thread."""

    def __init__(self, key: str, plan):
        self.key = key
        self.plan = plan
        self.break_even = None
        self.sensitivity = None
        self.error: str | None = None
        self.seconds: float | None = None
        self._stage = "break_even"
        self._started = time.monotonic()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"analysis-{key[:8]}", daemon=True)

    def start(self) -> AnalysisJob:
        self._thread.start()
        return self

    def _run(self) -> None:
        from planner import options

        try:
            scenario = self.plan.scenario
            self.break_even = options.break_even(scenario, self.plan)
            self._stage = "sensitivity"
            self.sensitivity = options.sensitivity(scenario, self.plan)
        except Exception as exc:  # shown to the user with a retry
            log.exception("break-even or sensitivity failed")
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.seconds = time.monotonic() - self._started
            self._stage = "done"
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def status(self) -> AnalysisStatus:
        return AnalysisStatus(self.done, self._stage, time.monotonic() - self._started, self.error)


def analysis_for(plan, *, start: bool = True) -> AnalysisJob | None:
    """The analysis job of the plan's scenario; started now if there is none (unless ``start`` is false)."""
    key = scenario_key(plan.scenario)
    with _lock:
        job = _jobs.get(key)
        if job is not None and job.plan is plan:
            _jobs.move_to_end(key)
            return job
        if not start:
            return None
        job = AnalysisJob(key, plan)
        _jobs[key] = job
        finished = [k for k, j in _jobs.items() if j.done]
        for old in finished[: max(0, len(finished) - MAX_KEPT)]:
            del _jobs[old]
    return job.start()


def results(plan) -> tuple[tuple | None, tuple | None]:
    """(break-even, sensitivity) of the plan when its analysis is done without error, else (None, None)."""
    job = analysis_for(plan, start=False)
    if job is None or not job.done or job.error:
        return None, None
    return job.break_even, job.sensitivity


def forget(plan) -> None:
    """Drop a finished analysis (to retry after an error)."""
    key = scenario_key(plan.scenario)
    with _lock:
        job = _jobs.get(key)
        if job is not None and job.done:
            del _jobs[key]


def clear() -> None:
    """Forget every finished analysis (tests)."""
    with _lock:
        for key in [k for k, job in _jobs.items() if job.done]:
            del _jobs[key]
