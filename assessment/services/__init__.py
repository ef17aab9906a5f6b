"""Operations on the platform's data, shared by the views and the CLI."""
