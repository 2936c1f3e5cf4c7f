"""Request plumbing: the diary context, typed as ``Annotated`` aliases so routes stay short."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from gutbrain.services.diary import Context, Store, open_context
from gutbrain.services.reads import DiaryReads

if TYPE_CHECKING:
    from gutbrain.settings import Settings


class ContextHolder:
    """Opens the diary once, on first use, and hands the same context to every request.

    Opening runs migrations and creates the engine; doing it per request would cost more than
    the 100 ms page budget. Lazy so ``create_app`` stays cheap and import-safe.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._ctx: Context | None = None
        self._lock = threading.Lock()
        #: Bumped on every write made through the app; part of the cache key of slow analyses.
        self.generation = 0

    def get(self) -> Context:
        if self._ctx is None:
            with self._lock:
                if self._ctx is None:
                    self._ctx = open_context(self.settings)
        return self._ctx

    @property
    def store(self) -> Store:
        """The diary's store (opens the diary on first use)."""
        return self.get().store

    @property
    def current(self) -> Context | None:
        """The open context, without opening one."""
        return self._ctx

    def bump(self) -> None:
        with self._lock:
            self.generation += 1

    def replace(self, ctx: Context) -> None:
        """Adopt a refreshed context (after a settings change)."""
        with self._lock:
            self._ctx = ctx
            self.generation += 1

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None


def get_holder(request: Request) -> ContextHolder:
    holder = request.app.state.holder
    if isinstance(holder, ContextHolder):
        return holder
    # Server mode (web/multiuser.py): the diary this request's login may act on.
    chosen: ContextHolder = holder.for_request(request)
    return chosen


def get_ctx(request: Request) -> Context:
    return get_holder(request).get()


Ctx = Annotated[Context, Depends(get_ctx)]
Holder = Annotated[ContextHolder, Depends(get_holder)]


def get_reads(request: Request, ctx: Ctx, holder: Holder) -> DiaryReads:
    """The request's reads of its diary, through the app's one result cache."""
    return DiaryReads(ctx=ctx, generation=holder.generation, cache=request.app.state.cache)


Reads = Annotated[DiaryReads, Depends(get_reads)]


def background(request: Request) -> bool:
    """True in a server whose background worker computes the heavy pages."""
    options = getattr(request.app.state, "server", None)
    return bool(getattr(options, "background", False))
