"""The versioned JSON API (``views``), its tokens, and the page where people manage them."""
