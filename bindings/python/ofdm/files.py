"""Saving and loading models: files, bytes, and pickling through bytes (ofdm.h, "Files and
buffers"). The bytes are the same whichever way they are written."""
import ctypes

import numpy as np

from ._capi import lib
from ._convert import c_path
from .errors import check


def _loaded(model_class, load, *arguments):
    pointer = ctypes.c_void_p()
    check(load(*arguments, ctypes.byref(pointer)))
    return model_class._adopt(pointer.value)


class ModelFiles:
    """The file and buffer methods of Model."""

    def save(self, path):
        """Saves the model to path atomically (a temporary file renamed over path)."""
        check(lib.ofdm_model_save(self._live, c_path(path)))

    @classmethod
    def load(cls, path):
        """Loads a model saved by save() or to_bytes()."""
        return _loaded(cls, lib.ofdm_model_load, c_path(path))

    @property
    def serialized_size(self):
        """The exact size in bytes of the serialized model."""
        size = ctypes.c_size_t()
        check(lib.ofdm_model_serialized_size(self._live, ctypes.byref(size)))
        return size.value

    def save_buffer(self, buffer):
        """Serializes into a writable bytes-like object (bytearray, memoryview, NumPy array);
        returns the number of bytes written. BufferTooSmallError if it is too small."""
        view = np.frombuffer(buffer, dtype=np.uint8)
        if not view.flags.writeable:
            raise TypeError("save_buffer needs a writable buffer (e.g. a bytearray)")
        written = ctypes.c_size_t()
        check(lib.ofdm_model_save_buffer(self._live, view.ctypes.data, view.size, ctypes.byref(written)))
        return written.value

    def to_bytes(self):
        """The serialized model: the same bytes as save() writes."""
        buffer = bytearray(self.serialized_size)
        return bytes(buffer[:self.save_buffer(buffer)])

    @classmethod
    def from_bytes(cls, data):
        """Loads a model from any contiguous bytes-like object (bytes, bytearray, memoryview...)."""
        view = np.frombuffer(data, dtype=np.uint8)
        return _loaded(cls, lib.ofdm_model_load_buffer, view.ctypes.data, view.size)

    def __reduce__(self):
        # pickle and copy go through the portable serialized form
        return type(self).from_bytes, (self.to_bytes(),)
