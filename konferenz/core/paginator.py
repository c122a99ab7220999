"""A paginator that reads the first page before it counts (issue 32).

Django's ``Paginator`` counts the rows (``SELECT COUNT(*)``) before it reads
a page. Most lists of one police authority fit on their first page: the
first page reads one row more than it shows, and if there is none the count
is the number of rows read – one query instead of two. A longer list is
counted as usual (still two queries); any other page is Django's own.
"""

from django.core.paginator import Paginator


class FirstPagePaginator(Paginator):
    def page(self, number):
        if number not in (1, "1") or self.orphans:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)  # the cached_property's value: no COUNT
        if not rows and not self.allow_empty_first_page:
            return super().page(number)  # raises EmptyPage, as Django does
        return self._get_page(rows[: self.per_page], 1, self)
