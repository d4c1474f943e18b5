// Cron triggers (a manifest's `"triggers": {"crons": [...]}`): the five-field schedules
// Workers accepts, evaluated in UTC. Pure functions; the front end fires them.
#pragma once

#include <kj/one-of.h>
#include <kj/string.h>

#include <cstdint>

namespace shoal {

// "minute hour day-of-month month day-of-week", each field `*`, a number, a range `a-b`, a
// step `*/n` or `a-b/n`, or a comma-separated list of those. Months may be JAN-DEC and
// weekdays SUN-SAT (0 and 7 are Sunday).
struct CronSchedule {
  uint64_t minutes = 0;    // bit m: minute m (0-59)
  uint32_t hours = 0;      // bit h (0-23)
  uint32_t days = 0;       // bit d (1-31)
  uint16_t months = 0;     // bit m (1-12)
  uint8_t weekdays = 0;    // bit w (0-6, Sunday is 0)
  bool anyDay = true;      // the day-of-month field was `*`
  bool anyWeekday = true;  // the day-of-week field was `*`
};

// The schedule, or the message for the user saying what is wrong with `text`.
kj::OneOf<CronSchedule, kj::String> parseCron(kj::StringPtr text);

// Whether the schedule fires in the minute starting at `unixMinute` (minutes since the Unix
// epoch, UTC). As cron does: when both day fields are restricted, either may match.
bool cronMatches(const CronSchedule& schedule, int64_t unixMinute);

}  // namespace shoal
