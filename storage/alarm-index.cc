#include "storage/alarm-index.h"

#include <kj/vector.h>

namespace shoal {

namespace {

SqlValue text(kj::StringPtr value) {
  SqlValue out;
  out.type = SqlValue::Type::TEXT;
  out.bytes = value.asBytes();
  return out;
}

}  // namespace

AlarmIndex::AlarmIndex(kj::StringPtr workerFolder)
    : db(kj::str(workerFolder, "/", FILE_NAME)) {
  db.exec("CREATE TABLE IF NOT EXISTS _shoal_alarm_index (binding TEXT NOT NULL, "
          "id TEXT NOT NULL, at_ms REAL NOT NULL, PRIMARY KEY (binding, id))",
          nullptr, [](auto) {}, true);
}

void AlarmIndex::put(kj::StringPtr binding, kj::StringPtr id, double atMs, bool keepEarlier) {
  SqlValue params[3] = {text(binding), text(id)};
  params[2].type = SqlValue::Type::REAL;
  params[2].real = atMs;
  db.exec(keepEarlier ? "INSERT INTO _shoal_alarm_index (binding, id, at_ms) VALUES (?, ?, ?) "
                        "ON CONFLICT (binding, id) DO UPDATE SET at_ms = min(at_ms, excluded.at_ms)"
                      : "INSERT OR REPLACE INTO _shoal_alarm_index (binding, id, at_ms) "
                        "VALUES (?, ?, ?)",
          params, [](auto) {}, true);
}

void AlarmIndex::remove(kj::StringPtr binding, kj::StringPtr id) {
  SqlValue params[2] = {text(binding), text(id)};
  db.exec("DELETE FROM _shoal_alarm_index WHERE binding = ? AND id = ?", params, [](auto) {},
          true);
}

kj::Array<AlarmIndex::Entry> AlarmIndex::all() {
  kj::Vector<Entry> entries;
  db.exec("SELECT binding, id, at_ms FROM _shoal_alarm_index", nullptr,
          [&](kj::ArrayPtr<const SqlValue> row) {
            entries.add(Entry{kj::heapString(row[0].bytes.asChars()),
                              kj::heapString(row[1].bytes.asChars()),
                              row[2].type == SqlValue::Type::REAL ? row[2].real
                                                                  : double(row[2].integer)});
          },
          true);
  return entries.releaseAsArray();
}

}  // namespace shoal
