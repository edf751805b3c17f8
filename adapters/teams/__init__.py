"""The Microsoft Teams adapter, on the Microsoft 365 Agents SDK: activities in, replies out."""

PLATFORM = "teams"
