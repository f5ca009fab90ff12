"""HTML reports and their plots.

Importing the package points matplotlib's caches at accord's cache directory before any
module of it imports matplotlib (`cache.matplotlib_to_cache`), so plot modules import it at
the top like any other library.
"""

from accord.report.cache import matplotlib_to_cache

matplotlib_to_cache()
