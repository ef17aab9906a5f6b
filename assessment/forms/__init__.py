"""WTForms classes; forms validate input and never query the database."""
