"""Drawing charts: the chart-spec cache, and a page section laid out with its chart, caption or
empty-state text, notes and guidance cards (`show`).

Chart specs are kept by (builder, fingerprint of its arguments). A spec is a pure function of
its arguments, so unlike the cached reads it is not forgotten on a write: after a write only the
charts whose data changed are built again. Bounded, in memory only, shared by the sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.sections import Section
from dashboard.ui import cards

SPEC_CACHE_SIZE = 256
_specs: OrderedDict[tuple[str, str, bytes], dict[str, Any]] = OrderedDict()
_specs_lock = threading.Lock()


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


def _spec(module: str, name: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """The Vega-Lite spec of `module.name(*args)`, from the cache when the arguments match."""
    digest = hashlib.blake2b(digest_size=20)
    _fingerprint(args, digest)
    key = (module, name, digest.digest())
    with _specs_lock:
        spec = _specs.get(key)
        if spec is not None:
            _specs.move_to_end(key)
    if spec is None:
        # Building and validating an Altair chart costs more than the page's queries. The
        # chart functions' specs are validated by their own tests.
        build = getattr(importlib.import_module(module), name)
        spec = build(*args).to_dict(validate=False)
        with _specs_lock:
            _specs[key] = spec
            while len(_specs) > SPEC_CACHE_SIZE:
                _specs.popitem(last=False)
    # st.vega_lite_chart copies the top level before it moves data out of it; a shallow copy
    # keeps the cached spec whole even so.
    return dict(spec)


def draw(build: Callable[..., alt.TopLevelMixin], *args: Any, width: str = "stretch") -> None:
    """Draw the chart `build(*args)` makes (a pure function of its arguments)."""
    if "<" in build.__qualname__:
        # A lambda or a nested function cannot be found again by name: draw it uncached.
        spec = build(*args).to_dict(validate=False)
    else:
        spec = _spec(build.__module__, build.__qualname__, args)
    st.vega_lite_chart(spec, width=width)


def show(section: Section, until: dt.date | None = None, lead: bool = False) -> None:
    """Lay out a section: its chart and caption (or its empty text), its notes, then the
    guidance cards placed beside it. `lead` puts the caption above the chart, in bold."""
    if section.chart is None:
        if section.empty_text:
            st.info(section.empty_text, icon=":material/eco:")
    else:
        if lead and section.caption:
            st.markdown(f"**{section.caption}**")
        draw(section.chart, *section.args)
        if section.caption and not lead:
            st.caption(section.caption)
    for note in section.notes:
        st.caption(note)
    if section.cards:
        cards.cards_beside(*section.cards, until)
