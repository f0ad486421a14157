"""The values put last, by key: a small store that forgets the oldest, safe from any thread.

It keeps the rosters solved for recent requests (:mod:`planner.scheduling`) and the
app's sessions (:mod:`planner.ui.kept`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class Recent:
    """The last ``size`` values put, by key (put again, a key is the newest)."""

    def __init__(self, size: int):
        self._size = size
        self._lock = threading.Lock()
        self._values: OrderedDict[str, Any] = OrderedDict()

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)

    def get(self, key: str) -> Any | None:
        """The value put under ``key``, or None (never put, or forgotten)."""
        with self._lock:
            return self._values.get(key)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
