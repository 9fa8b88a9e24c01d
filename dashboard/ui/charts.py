"""Drawing charts: the chart-spec cache, and a page section laid out with its chart, caption or
empty-state text, notes and guidance cards (`show`).

Chart specs are kept by (builder, fingerprint of its arguments). A spec is a pure function of
its arguments, so unlike the cached reads it is not forgotten on a write. A builder recorded in
`dashboard.charts.style.FED` is also kept by shape (the columns and types of the frames it
draws and the values its spec takes from them): after a write a chart whose data changed is
not built again but fed it, the frames' rows written into the shape's spec as Altair writes
them. Bounded, in memory only, shared by the sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from dashboard.charts.style import FED, MAX_ROWS, Parts
from dashboard.sections import Section
from dashboard.ui import cards

SPEC_CACHE_SIZE = 256
_specs: OrderedDict[tuple[str, str, bytes], dict[str, Any]] = OrderedDict()
# Specs by shape (dashboard.charts.style.Parts): a template for every chart of that shape,
# or None when its datasets could not be written without Altair.
_shapes: OrderedDict[bytes, _Template | None] = OrderedDict()
_specs_lock = threading.Lock()
# Datasets as Arrow IPC bytes, by name (Altair's name is a hash of the rows). Given rows,
# st.vega_lite_chart makes a DataFrame of them and then Arrow on every run, even when the
# spec came from the cache; given bytes it sends them as they are.
_arrow: OrderedDict[str, bytes] = OrderedDict()


def _fingerprint(value: Any, digest: Any) -> None:
    """Feed `value` into the hash `digest`: DataFrames by their columns, types and values."""
    if isinstance(value, pd.DataFrame | pd.Series):
        digest.update(repr((type(value).__name__, value.shape)).encode())
        columns = value.columns if isinstance(value, pd.DataFrame) else [value.name]
        dtypes = value.dtypes if isinstance(value, pd.DataFrame) else [value.dtype]
        digest.update(
            repr([(str(c), str(t)) for c, t in zip(columns, dtypes, strict=True)]).encode()
        )
        try:
            digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        except TypeError:
            # Unhashable cells (lists): the pickled frame says the same thing, more slowly.
            digest.update(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    elif isinstance(value, list | tuple):
        digest.update(f"{type(value).__name__}[{len(value)}]".encode())
        for item in value:
            _fingerprint(item, digest)
    elif isinstance(value, dict):
        digest.update(f"dict[{len(value)}]".encode())
        for key in sorted(value, key=repr):
            _fingerprint(key, digest)
            _fingerprint(value[key], digest)
    else:
        digest.update(f"{type(value).__qualname__}:{value!r};".encode())


class _Unswappable(Exception):
    """A frame Altair would write in a way `_records` does not mirror (or would refuse)."""


def _native(value: Any) -> Any:
    """A cell as pandas' to_dict(orient="records") boxes it (NumPy scalars to Python's)."""
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64 | np.timedelta64):
            return pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
        return value.item()
    return value


def _column(series: pd.Series) -> list[Any]:
    """A column's values as Altair writes them into a dataset (its sanitize_pandas_dataframe
    then to_dict(orient="records")): numbers as Python numbers, NaN and infinities as None,
    date-times as ISO text ('' when missing), text and objects with None for missing."""
    dtype = series.dtype
    kind = str(dtype)
    if kind == "bool" or (dtype.kind in "iu" and isinstance(dtype, np.dtype)):
        return series.to_numpy().tolist()
    if dtype.kind == "f" and isinstance(dtype, np.dtype):
        values = series.to_numpy()
        out = values.tolist()
        for i in np.flatnonzero(~np.isfinite(values)):
            out[i] = None
        return out
    if kind.startswith("datetime64["):
        return _date_texts(series)
    if kind.startswith("timedelta") or not (
        kind in ("object", "str", "string", "category", "boolean") or kind in _NULLABLE
    ):
        raise _Unswappable(kind)
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    return [
        None if gone else _native(v.tolist() if isinstance(v, np.ndarray) else v)
        for v, gone in zip(values, missing, strict=True)
    ]


_NULLABLE = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"}
_NULLABLE |= {"Float32", "Float64"}


def _date_texts(series: pd.Series) -> list[Any]:
    """Date-times as Timestamp.isoformat writes them, '' for NaT (vectorised for whole seconds
    without a time zone, the common case)."""
    if str(series.dtype).startswith("datetime64[") and series.dt.tz is None:
        values = series.to_numpy()
        seconds = values.astype("datetime64[s]")
        missing = np.isnat(values)
        if not (values != seconds)[~missing].any():
            text = np.datetime_as_string(seconds, unit="s").astype(object)
            text[missing] = ""
            return text.tolist()
    return ["" if pd.isna(v) else v.isoformat() for v in series]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows Altair would put in the spec's datasets for `frame`, without Altair."""
    names = list(frame.columns)
    if not all(isinstance(n, str) for n in names) or isinstance(frame.columns, pd.MultiIndex):
        raise _Unswappable("column names")
    if len(frame) > MAX_ROWS:
        raise _Unswappable("too many rows")  # Altair refuses them: leave it to say so
    if not names:
        return [{} for _ in range(len(frame))]
    columns = [_column(frame.iloc[:, i]) for i in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _dataset_name(values: list[dict[str, Any]]) -> str:
    """The name Altair gives a dataset: a hash of its rows."""
    if values == [{}]:
        return "empty"
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class _Template:
    """A spec Altair built, and where each of its frames' dataset names is written in it."""

    spec: dict[str, Any]  # without its datasets
    refs: tuple[tuple[tuple[Any, ...], int], ...]  # (path to a {"name": ...} data, frame)
    order: tuple[int, ...]  # the frame of each dataset, in the order Altair wrote them


def _data_refs(node: Any, names: set[str], path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every `"data": {"name": N}` in `node` with N one of `names`."""
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "data" and isinstance(value, dict) and value.get("name") in names:
                found.append((*path, key))
            elif isinstance(value, dict | list):
                found.extend(_data_refs(value, names, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_data_refs(value, names, (*path, i)))
    return found


def _template(spec: dict[str, Any], names: list[str], rows: list[Any]) -> _Template | None:
    """`spec` as a template for its frames' shape, or None when its datasets are not exactly
    the frames' rows as `_records` writes them (then the chart is always built)."""
    datasets = spec.get("datasets", {})
    if set(datasets) != set(names):
        return None
    if any(datasets[name] != values for name, values in zip(names, rows, strict=True)):
        return None
    body = {k: v for k, v in spec.items() if k != "datasets"}
    refs = []
    for path in _data_refs(body, set(names)):
        node: Any = body
        for step in path:
            node = node[step]
        refs.append((path, names.index(node["name"])))
    order = tuple(names.index(name) for name in datasets)
    return _Template(body, tuple(refs), order)


def _fed(template: _Template, names: list[str], rows: list[Any]) -> dict[str, Any]:
    """The template's spec with the new frames' datasets (copying only what changes)."""
    spec = dict(template.spec)
    for path, index in template.refs:
        node: Any = spec
        for step in path[:-1]:
            child = node[step]
            node[step] = child = list(child) if isinstance(child, list) else dict(child)
            node = child
        node[path[-1]] = {**node[path[-1]], "name": names[index]}
    spec["datasets"] = {names[i]: rows[i] for i in template.order}
    return spec


def _shape_key(module: str, name: str, parts: Parts, pattern: tuple[int, ...]) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    signature = [[(str(c), str(t)) for c, t in frame.dtypes.items()] for frame in parts.frames]
    _fingerprint((module, name, signature, pattern, parts.shape), digest)
    return digest.digest()


def _built(module: str, name: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """`module.name(*args)`'s spec: built by Altair once per shape, then fed new data."""
    build = getattr(importlib.import_module(module), name)
    ways = FED.get((module, name))
    if ways is None:
        # Building and validating an Altair chart costs more than the page's queries. The
        # chart functions' specs are validated by their own tests.
        return build(*args).to_dict(validate=False)
    make_parts, draw_parts = ways
    parts = make_parts(*args)
    try:
        rows = [_records(frame) for frame in parts.frames]
    except _Unswappable:
        return draw_parts(parts).to_dict(validate=False)
    names = [_dataset_name(values) for values in rows]
    # Frames that are equal share one dataset: which ones do is part of the shape.
    pattern = tuple(names.index(n) for n in names)
    key = _shape_key(module, name, parts, pattern)
    with _specs_lock:
        known = key in _shapes
        template = _shapes.get(key)
        if known:
            _shapes.move_to_end(key)
    if template is not None:
        return _fed(template, names, rows)
    spec = draw_parts(parts).to_dict(validate=False)
    if not known:
        with _specs_lock:
            _shapes[key] = _template(spec, names, rows)
            while len(_shapes) > SPEC_CACHE_SIZE:
                _shapes.popitem(last=False)
    return spec


def _kept(cache: OrderedDict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    """`cache[key]`, made (outside the lock) when missing; the least recently used go first
    once the cache holds SPEC_CACHE_SIZE."""
    with _specs_lock:
        value = cache.get(key)
        if value is not None:
            cache.move_to_end(key)
            return value
    value = make()
    with _specs_lock:
        cache[key] = value
        while len(cache) > SPEC_CACHE_SIZE:
            cache.popitem(last=False)
    return value


def _spec(module: str, name: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """The Vega-Lite spec of `module.name(*args)`, from the cache when the arguments match."""
    digest = hashlib.blake2b(digest_size=20)
    _fingerprint(args, digest)
    spec = _kept(_specs, (module, name, digest.digest()), lambda: _built(module, name, args))
    # st.vega_lite_chart copies the top level before it moves data out of it; a shallow copy
    # keeps the cached spec whole even so.
    return dict(spec)


def _with_arrow(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with its datasets of rows as the Arrow bytes Streamlit would make of them."""
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    out: dict[str, Any] = {}
    for name, rows in datasets.items():
        if not isinstance(rows, list):
            out[name] = rows  # GeoJSON and the like: Streamlit leaves those in the spec
            continue
        out[name] = _kept(
            _arrow, name, lambda rows=rows: dataframe_util.convert_anything_to_arrow_bytes(rows)
        )
    return {**spec, "datasets": out}


def draw(build: Callable[..., alt.TopLevelMixin], *args: Any, width: str = "stretch") -> None:
    """Draw the chart `build(*args)` makes (a pure function of its arguments)."""
    if "<" in build.__qualname__:
        # A lambda or a nested function cannot be found again by name: draw it uncached.
        spec = build(*args).to_dict(validate=False)
    else:
        spec = _spec(build.__module__, build.__qualname__, args)
    st.vega_lite_chart(_with_arrow(spec), width=width)


def show(section: Section, until: dt.date | None = None, lead: bool = False) -> None:
    """Lay out a section: its chart and caption (or its empty text), its notes, then the
    guidance cards placed beside it. `lead` puts the caption above the chart, in bold."""
    if section.chart is None:
        if section.empty_text:
            st.info(section.empty_text, icon=":material/eco:")
    else:
        if lead and section.caption:
            st.markdown(f"**{section.caption}**")
        draw(section.chart, *section.args, width=section.width)
        if section.caption and not lead:
            st.caption(section.caption)
    for note in section.notes:
        st.caption(note)
    if section.cards:
        cards.cards_beside(*section.cards, until)
