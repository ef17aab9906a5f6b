"""Who people are and what they may do: users, roles, organisations, sign-in, tokens."""
