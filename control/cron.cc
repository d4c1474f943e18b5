#include "control/cron.h"

#include <kj/one-of.h>
#include <kj/vector.h>
#include <strings.h>
#include <time.h>

#include <cctype>

namespace shoal {

namespace {

constexpr const char* MONTHS[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                  "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* WEEKDAYS[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct Field {
  const char* name;
  int low;
  int high;
  const char* const* names;  // names for low, low + 1, ... or nullptr
  int nameCount;
};

constexpr Field FIELDS[] = {
    {"minute", 0, 59, nullptr, 0},       {"hour", 0, 23, nullptr, 0},
    {"day of month", 1, 31, nullptr, 0}, {"month", 1, 12, MONTHS, 12},
    {"day of week", 0, 7, WEEKDAYS, 7},
};

// A number or a name within `field`, or -1.
int valueOf(kj::StringPtr text, const Field& field) {
  if (text.size() == 0) return -1;
  if (isdigit(static_cast<unsigned char>(text[0]))) {
    int value = 0;
    for (char c : text) {
      if (!isdigit(static_cast<unsigned char>(c)) || value > 1000) return -1;
      value = value * 10 + (c - '0');
    }
    return value >= field.low && value <= field.high ? value : -1;
  }
  for (int i = 0; i < field.nameCount; ++i) {
    if (strcasecmp(text.cStr(), field.names[i]) == 0) return (field.low == 1 ? 1 : 0) + i;
  }
  return -1;
}

// Sets the bits `part` ("*", "5", "1-5", "*/15", "MON-FRI/2") selects; false if malformed.
bool addPart(kj::StringPtr part, const Field& field, uint64_t& bits) {
  int step = 1;
  kj::String range;
  KJ_IF_MAYBE (slash, part.findFirst('/')) {
    auto stepText = part.slice(*slash + 1);
    step = 0;
    for (char c : stepText) {
      if (!isdigit(static_cast<unsigned char>(c)) || step > 1000) return false;
      step = step * 10 + (c - '0');
    }
    if (stepText.size() == 0 || step == 0) return false;
    range = kj::str(part.slice(0, *slash));
  } else {
    range = kj::str(part);
  }
  int from, to;
  if (range == "*") {
    from = field.low;
    to = field.high;
  } else KJ_IF_MAYBE (dash, range.findFirst('-')) {
    from = valueOf(kj::str(range.slice(0, *dash)), field);
    to = valueOf(range.slice(*dash + 1), field);
    if (from < 0 || to < 0 || from > to) return false;
  } else {
    from = to = valueOf(range, field);
    if (from < 0) return false;
    if (part.findFirst('/') != nullptr) to = field.high;  // "5/15": from 5, every 15
  }
  for (int value = from; value <= to; value += step) bits |= uint64_t(1) << value;
  return true;
}

}  // namespace

kj::OneOf<CronSchedule, kj::String> parseCron(kj::StringPtr text) {
  kj::Vector<kj::String> fields;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) fields.add(kj::str(text.slice(start, i)));
  }
  if (fields.size() != 5) {
    return kj::str("cron trigger '", text,
                   "' must have five fields: minute hour day-of-month month day-of-week "
                   "(for example \"*/15 * * * *\")");
  }
  uint64_t bits[5] = {};
  for (size_t f = 0; f < 5; ++f) {
    kj::StringPtr rest = fields[f];
    for (;;) {
      size_t end = rest.size();
      KJ_IF_MAYBE (comma, rest.findFirst(',')) end = *comma;
      if (!addPart(kj::str(rest.slice(0, end)), FIELDS[f], bits[f])) {
        return kj::str("cron trigger '", text, "': the ", FIELDS[f].name, " field '", fields[f],
                       "' is not valid (", FIELDS[f].low, "-", FIELDS[f].high,
                       ", *, ranges, "
                       "steps and lists)");
      }
      if (end == rest.size()) break;
      rest = rest.slice(end + 1);
    }
  }
  CronSchedule schedule;
  schedule.minutes = bits[0];
  schedule.hours = bits[1];
  schedule.days = bits[2];
  schedule.months = bits[3];
  // 7 is Sunday too.
  schedule.weekdays = (bits[4] & 0x7f) | ((bits[4] >> 7) & 1);
  schedule.anyDay = fields[2].startsWith("*");
  schedule.anyWeekday = fields[4].startsWith("*");
  return schedule;
}

bool cronMatches(const CronSchedule& schedule, int64_t unixMinute) {
  time_t seconds = unixMinute * 60;
  struct tm utc;
  gmtime_r(&seconds, &utc);
  if (!(schedule.minutes >> utc.tm_min & 1) || !(schedule.hours >> utc.tm_hour & 1) ||
      !(schedule.months >> (utc.tm_mon + 1) & 1)) {
    return false;
  }
  bool day = schedule.days >> utc.tm_mday & 1;
  bool weekday = schedule.weekdays >> utc.tm_wday & 1;
  if (schedule.anyDay && schedule.anyWeekday) return true;
  if (schedule.anyDay) return weekday;
  if (schedule.anyWeekday) return day;
  return day || weekday;
}

}  // namespace shoal
