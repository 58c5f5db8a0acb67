"""A loss the user types (``--expr``): read by our own whitelisting parser into SymPy objects, never evaluated."""
