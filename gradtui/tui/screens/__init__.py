"""Screens: help and dialogs."""
