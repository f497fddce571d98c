"""Stage 2: signed PDFs verified with pyHanko into a `SignatureReport`.

Importing this package is cheap: pyHanko loads with `validate`, which the pipeline
imports only for a document that has signature fields.
"""
