"""The sample atlas shipped as package data (chainatlas.data)."""

if __name__ != "chainatlas.data":  # data/ is imported only as chainatlas.data
    raise ImportError(f"import chainatlas.data, not {__name__}: data/ is a layer of chainatlas")
