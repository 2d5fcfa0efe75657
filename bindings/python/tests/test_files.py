"""Saving and loading: files and bytes hold the same bytes, and a loaded model gives bit-identical
scores, log-densities and samples (ofdm.h, "Files and buffers")."""
import copy
import os
import pathlib
import pickle

import numpy as np

import ofdm
from conftest import POINTS, TIMES, correlated_sample, fit_total_degree


def everything(model):
    """Scores and log-densities at POINTS for every time, and a few samples: as raw bytes."""
    parts = [model.score(t, POINTS).tobytes() + model.log_density(t, POINTS).tobytes() for t in TIMES]
    return b"".join(parts) + model.sample(20, seed=4, steps=20).tobytes()


def test_save_and_load_round_trip_bit_for_bit(tmp_path):
    with fit_total_degree(correlated_sample(808), 4, beta=1.5) as model:
        path = tmp_path / "model.ofdm"
        model.save(path)
        with ofdm.Model.load(path) as loaded:
            assert everything(loaded) == everything(model)
            assert (loaded.coefficients(0.2) == model.coefficients(0.2)).all()
            assert loaded.options == model.options and loaded.training_size == model.training_size
            assert (loaded.basis.indices == model.basis.indices).all()
        assert path.read_bytes() == model.to_bytes()
        assert len(model.to_bytes()) == model.serialized_size
        assert [entry.name for entry in tmp_path.iterdir()] == ["model.ofdm"]  # no temporary left


def test_bytes_load_from_any_bytes_like_object(small_model):
    data = small_model.to_bytes()
    reference = everything(small_model)
    for form in (data, bytearray(data), memoryview(data), np.frombuffer(data, dtype=np.uint8)):
        with ofdm.Model.from_bytes(form) as loaded:
            assert everything(loaded) == reference


def test_save_buffer_writes_into_a_larger_buffer_and_says_how_much(small_model):
    buffer = bytearray(small_model.serialized_size + 10)
    assert small_model.save_buffer(buffer) == small_model.serialized_size
    assert bytes(buffer[:small_model.serialized_size]) == small_model.to_bytes()
    assert buffer[small_model.serialized_size:] == bytearray(10)


def test_paths_may_be_str_bytes_or_pathlike_and_non_ascii(small_model, tmp_path):
    for path in (str(tmp_path / "a.ofdm"), os.fsencode(tmp_path / "b.ofdm"), pathlib.Path(tmp_path, "modèle ✓.ofdm")):
        small_model.save(path)
        with ofdm.Model.load(path) as loaded:
            assert loaded.to_bytes() == small_model.to_bytes()


def test_save_replaces_an_existing_file(small_model, tmp_path):
    path = tmp_path / "model.ofdm"
    path.write_bytes(b"old content")
    small_model.save(path)
    assert path.read_bytes() == small_model.to_bytes()


def test_pickle_and_copy_go_through_the_serialized_form(small_model):
    for clone in (pickle.loads(pickle.dumps(small_model)), copy.deepcopy(small_model), copy.copy(small_model)):
        assert isinstance(clone, ofdm.Model) and clone is not small_model
        assert everything(clone) == everything(small_model)
        clone.close()
