"""The console adapter: the embedded default's chat, and the harness behaviour tests talk to."""
