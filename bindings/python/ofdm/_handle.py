"""Ownership of a C handle: freed exactly once, when its Python owner is closed or collected.

An owned handle gets a weakref.finalize that calls the C *_free function; finalize runs at most
once whether it is triggered by close(), by garbage collection or at interpreter exit, so a
handle is never freed twice. A borrowed handle (ofdm_model_basis) is never freed: it holds a
reference to its owner instead, which keeps the owner's memory alive as long as it is used.
"""
import weakref


class Handle:
    def __init__(self, pointer, free=None, owner=None):
        self._pointer = pointer
        self._owner = owner
        self._finalizer = weakref.finalize(self, free, pointer) if free is not None else None

    @property
    def _live(self):
        """The C pointer; ValueError once closed (the C API would take NULL for a bad handle)."""
        if self._pointer is None:
            raise ValueError(f"this ofdm.{type(self).__name__} is closed")
        if self._owner is not None:
            self._owner._live  # a borrowed handle dies with its owner's close()
        return self._pointer

    @property
    def closed(self):
        return self._pointer is None or (self._owner is not None and self._owner.closed)

    def close(self):
        """Frees the C handle now (a borrowed one is only dropped). Safe to call again."""
        if self._finalizer is not None:
            self._finalizer()
        self._pointer, self._owner = None, None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
