"""The worker: RQ jobs for deliveries, weekly summaries, reminders and meeting digests."""
