"""The platform-neutral chat brain."""
