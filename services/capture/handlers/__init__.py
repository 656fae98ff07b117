"""Capture's request handlers, one file per operation prefix
(``contracts/operations/capture.py``): parse → authorise → call one step → reply."""
