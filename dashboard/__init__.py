"""Dash front end of the health needs atlas."""
