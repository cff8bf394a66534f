"""What the app and the command line do with the store: which revision is shown, the one publish path, sign-in."""
