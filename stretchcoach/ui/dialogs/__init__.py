"""Dialogs: the safety notice, the advice when something hurts, the crash report."""
