"""Rule data of the pipeline (lexicons), read with importlib.resources."""
