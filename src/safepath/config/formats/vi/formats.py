# Numbers as Vietnamese users write them: 10.000.000 ₫, 0,75. Django's own vi formats set the
# separators but no grouping, so `floatformat:"0g"` printed 10000000. The rest comes from Django's.
NUMBER_GROUPING = 3
