def mask_encrypted(value: str) -> str:
    """What django-auditlog stores for a changed encrypted field: that it changed, never the value."""
    return "" if value in ("", "None", "[]") else "[encrypted]"
