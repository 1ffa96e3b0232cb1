"""gradtui.explain."""
