"""One router per resource, each thin over a `models` service."""
