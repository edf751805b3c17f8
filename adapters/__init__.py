"""Platform adapters: translate platform events into incoming messages and replies back."""
