"""Screens: the main screen (``main/``), the views over it, help and dialogs."""
