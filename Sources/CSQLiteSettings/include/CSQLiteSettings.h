#ifndef CSQLITESETTINGS_H
#define CSQLITESETTINGS_H

/// Turns SQLite's memory statistics off for this process (SQLITE_CONFIG_MEMSTATUS, 0).
/// `sqlite3_config` is variadic, so Swift cannot call it; this is its one use here.
/// Returns SQLite's result code: SQLITE_OK (0), or SQLITE_MISUSE once SQLite is initialised.
int credit_sqlite_disable_memory_statistics(void);

#endif
