# 10,000,000 in English pages (Django's en formats already group by 3; kept explicit beside vi).
NUMBER_GROUPING = 3
