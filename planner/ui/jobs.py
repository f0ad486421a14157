"""Plans computed in background threads, shared by scenario, polled by the pages.

``build_plan`` runs CP-SAT for up to the scenario's time limit (twice when
there is a hybrid option), so a page must not simply call it. A page asks
:func:`job_for` for the job of its scenario: the first ask starts a thread
that runs ``build_plan`` with a progress callback; every later ask (a rerun,
another page, another session with the same scenario) gets the same job.
The page then polls :meth:`PlanJob.status` and draws a progress bar until
the job is done.

The solver's callback runs on the solver's thread: it only appends a
:class:`~planner.scheduling.SolverProgress` record under a lock, never
touches streamlit. Jobs are keyed on the scenario's JSON text (its SHA-256),
so a plan is computed once per distinct scenario; the last
``MAX_FINISHED`` finished jobs are kept (an LRU), running ones never evicted.
At most ``MAX_RUNNING`` solves run at once; later jobs wait for a slot.
A job that nobody has asked about for ``ABANDONED_S`` (the user edited the
scenario and left the page whose plan was being solved) is stopped when a new
job starts, so the scenario the user looks at now gets the cores.

No streamlit here: the registry is a plain module-level object, so the
session state holds nothing but plain data (the app enforces serialisable
session state).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from planner.scenario import Scenario, scenario_to_json
from planner.scheduling import StopSignal

log = logging.getLogger(__name__)

MAX_FINISHED = 16
MAX_RUNNING = 2
ABANDONED_S = 3.0  # a running job not asked about for this long is stopped when another starts [s]
_slots = threading.BoundedSemaphore(MAX_RUNNING)
_registry_lock = threading.Lock()
_jobs: OrderedDict[str, PlanJob] = OrderedDict()


def scenario_key(scenario: Scenario) -> str:
    """The job key of a scenario: SHA-256 of its file text."""
    return hashlib.sha256(scenario_to_json(scenario).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of a job, safe to read from any thread.

    Attributes
    ----------
    done : the plan (or an error) is ready
    waiting : still waiting for a free solver slot
    elapsed_s : seconds since the solve started (or waiting began) [s]
    budget_s : expected longest run: time limit x solves [s]
    solves : how many solver runs have reported so far (1 for the roster, 2 with the hybrid)
    stage, objective, bound, solutions, solver_s : the last progress record's fields while the
        plan is computed; once it is done, the final figures of the plan's roster (its
        objective [money/week], bound, solve time [s]; no stage, no count of solutions)
        rather than a record from the middle of a solve
    error : what went wrong, if it did
    """

    done: bool
    waiting: bool
    elapsed_s: float
    budget_s: float
    solves: int
    stage: str | None
    objective: float | None
    bound: float | None
    solutions: int
    solver_s: float | None
    error: str | None

    @property
    def fraction(self) -> float:
        """Share of the expected time used, for a progress bar (0 to 0.99 until done)."""
        if self.done:
            return 1.0
        if self.waiting or self.budget_s <= 0:
            return 0.0
        return max(0.0, min(0.99, self.elapsed_s / self.budget_s))

    @property
    def gap(self) -> float | None:
        """Relative gap between the last objective and bound, when both are known."""
        if self.objective is None or self.bound is None or self.objective <= 0:
            return None
        return max(0.0, (self.objective - self.bound) / abs(self.objective))


class PlanJob:
    """One ``build_plan`` run in a daemon thread; read it through :meth:`status`, :attr:`plan`, :attr:`error`."""

    def __init__(self, key: str, scenario: Scenario, build: Callable | None = None):
        self.key = key
        self.scenario = scenario
        self._build = build
        self._lock = threading.Lock()
        self._records: list = []
        self._solves = 0
        self._last_seconds = -1.0
        self._last_stage: str | None = None
        self._created = time.monotonic()
        self._asked = self._created  # when a page last asked about the job
        self.stop = StopSignal()
        self._started: float | None = None
        self._finished: float | None = None
        self._done = threading.Event()
        self.plan = None
        self.error: str | None = None
        # build_plan solves the whole roster, then the hybrids' rosters side by side: about two time limits
        solves = 2 if scenario.offers else 1
        self.budget_s = scenario.workforce.solver_time_limit_s * solves + 5.0
        self._thread = threading.Thread(target=self._run, name=f"plan-{key[:8]}", daemon=True)

    def start(self) -> PlanJob:
        self._thread.start()
        return self

    def on_progress(self, record) -> None:
        """The solver's callback: record only (runs on the solver's thread)."""
        with self._lock:
            seconds = getattr(record, "seconds", 0.0) or 0.0
            stage = getattr(record, "stage", None)
            new_solve = self._solves == 0 or seconds < self._last_seconds - 1e-9
            if stage == "shifts" and self._last_stage == "roster":
                new_solve = True
            if new_solve:
                self._solves += 1
            self._last_seconds, self._last_stage = seconds, stage
            self._records.append(record)
            del self._records[:-50]

    def _run(self) -> None:
        with _slots:
            with self._lock:
                self._started = time.monotonic()
            try:
                build = self._build
                if build is None:
                    from planner.plan import build_plan as build
                if self.stop.is_set() and not self.stop.use_result:  # abandoned while it waited
                    raise RuntimeError("stopped before it started")
                self.plan = build(self.scenario, progress=self.on_progress, stop=self.stop)
            except Exception as exc:  # shown to the user; the page offers a retry
                if self.stop.is_set():  # nobody waits for it: no traceback in the log
                    log.info("plan job %s stopped", self.key[:8])
                else:
                    log.exception("build_plan failed")
                self.error = f"{type(exc).__name__}: {exc}"
            finally:
                with self._lock:
                    self._finished = time.monotonic()
                self._done.set()

    def finish_now(self) -> None:
        """The user's "finish now": the solves end with their best rosters so far and the plan
        is built from them (each roster's notes say it was stopped)."""
        self.stop.set(use_result=True)

    @property
    def finished_early(self) -> bool:
        """Whether the plan was finished early at the user's request."""
        return self.stop.use_result

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block up to ``timeout`` seconds; True when the job is done."""
        return self._done.wait(timeout)

    @property
    def seconds(self) -> float | None:
        """How long the solve took, once done [s]."""
        with self._lock:
            if self._finished is None or self._started is None:
                return None
            return self._finished - self._started

    def touch(self) -> None:
        """Note that a page still wants this job."""
        with self._lock:
            self._asked = time.monotonic()

    def abandoned(self, now: float) -> bool:
        with self._lock:
            return not self._done.is_set() and now - self._asked > ABANDONED_S

    def status(self) -> JobStatus:
        with self._lock:
            now = time.monotonic()
            self._asked = now
            waiting = self._started is None
            since = self._created if waiting else self._started
            end = self._finished if self._finished is not None else now
            last = _final_report(self.plan) if self._done.is_set() else None
            last = last or (self._records[-1] if self._records else None)
            return JobStatus(
                done=self._done.is_set(),
                waiting=waiting,
                elapsed_s=end - since,
                budget_s=self.budget_s,
                solves=self._solves,
                stage=getattr(last, "stage", None),
                objective=getattr(last, "objective", None),
                bound=getattr(last, "bound", None),
                solutions=int(getattr(last, "solutions", 0) or 0),
                solver_s=getattr(last, "seconds", None),
                error=self.error,
            )


def _final_report(plan):
    """The solver report of a finished plan's roster, as a progress record reads (None without one)."""
    report = getattr(getattr(plan, "schedule", None), "solver", None)
    if report is None:
        return None
    return _FinalRecord(report.objective, report.bound, report.seconds)


@dataclass(frozen=True)
class _FinalRecord:
    objective: float | None
    bound: float | None
    seconds: float
    stage: str | None = None
    solutions: int = 0


def job_for(scenario: Scenario, *, start: bool = True, build: Callable | None = None) -> PlanJob | None:
    """The job of ``scenario``; started now if there is none yet (unless ``start`` is false)."""
    key = scenario_key(scenario)
    with _registry_lock:
        job = _jobs.get(key)
        if job is not None:
            _jobs.move_to_end(key)
            job.touch()
            return job
        if not start:
            return None
        _stop_abandoned()
        job = PlanJob(key, scenario, build)
        _jobs[key] = job
        _evict()
    return job.start()


def _stop_abandoned() -> None:
    """Stop and forget the running jobs nobody has asked about lately (registry lock held)."""
    now = time.monotonic()
    for key in [key for key, job in _jobs.items() if job.abandoned(now)]:
        log.info("stopping the abandoned plan job %s", key[:8])
        _jobs.pop(key).stop.set()


def forget(scenario: Scenario) -> None:
    """Drop a finished job (to retry after an error)."""
    key = scenario_key(scenario)
    with _registry_lock:
        job = _jobs.get(key)
        if job is not None and job.done:
            del _jobs[key]


def _evict() -> None:
    finished = [key for key, job in _jobs.items() if job.done]
    for key in finished[: max(0, len(finished) - MAX_FINISHED)]:
        del _jobs[key]


def clear() -> None:
    """Forget every finished job (tests)."""
    with _registry_lock:
        for key in [k for k, job in _jobs.items() if job.done]:
            del _jobs[key]


def plan_json_bytes(scenario: Scenario) -> bytes:
    """The plan JSON of a scenario whose job is done (for a download button; empty if none)."""
    job = job_for(scenario, start=False)
    if job is None or job.plan is None:
        return b""
    return job.plan.to_json_text().encode("utf-8")
