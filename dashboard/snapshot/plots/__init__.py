"""The snapshot's charts drawn without Altair or a JavaScript engine (see snapshot/drawing.py)."""
