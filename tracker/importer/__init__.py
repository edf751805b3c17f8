"""Importing invitations ("innkallinger"): `parse` reads the text into frozen values (no database,
no clock); the rest of the package writes those values into the tracker."""
