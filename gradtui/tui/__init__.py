"""gradtui.tui."""
