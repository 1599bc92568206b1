import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class RedactQueryStringFilter(logging.Filter):
    """Drop query strings from log lines: a search URL may carry a person's name or phone."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = _QUERY.sub("?[redacted]", record.msg)
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "GET", None):
            record.request = None
        return True
