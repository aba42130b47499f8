"""Services: what the CLI and the screens ask for, in the facilitator's terms, over the store."""
