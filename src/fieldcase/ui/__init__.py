"""The desktop windows (PySide6): the only package of fieldcase that imports Qt."""
