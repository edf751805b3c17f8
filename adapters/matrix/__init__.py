"""The Matrix adapter: the chat core on Matrix through matrix-nio (the only package importing nio).

`bot` answers commands and reactions, `sync` keeps the sync position safe across restarts,
`crypto` looks after end-to-end encryption, `sender` posts for the worker, `content` is the pure
translation between Matrix events and the core's values. See README.md in this directory."""

PLATFORM = "matrix"
