// The system SQLite, for GeoPackage output (a GeoPackage is an SQLite database).
#include <sqlite3.h>
