"""Demonstration data: the demo agency, its rounds and answers, bulk organisations."""
