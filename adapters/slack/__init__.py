"""The Slack adapter: the only package that imports slack_bolt and slack_sdk. It turns Slack's
events into the core's incoming messages and the core's replies into Block Kit, and nothing more."""
