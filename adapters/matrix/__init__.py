"""The Matrix adapter: the chat core on Matrix through matrix-nio (the only package importing nio).

`bot` turns commands and reactions into the core's messages, `replies` sends the answers (kept
until the homeserver takes them), `sync` keeps the sync position safe across restarts, `crypto`
looks after end-to-end encryption, `sender` posts for the worker, `content` is the pure
translation between Matrix events and the core's values, `process` is the bot's own lean process
that `tiltak matrix` (`cli`) becomes. Room, identity and group state are the chat core's
(`chatops.rooms`, `chatops.core`); this package names no tracker module. See README.md here."""

PLATFORM = "matrix"
