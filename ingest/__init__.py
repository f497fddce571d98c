"""The pipeline: PDF bytes in, an Extraction out. No database, no HTTP."""
