#include "control/cron.h"

#include <gtest/gtest.h>
#include <time.h>

namespace shoal {
namespace {

// Minutes since the epoch of a UTC time.
int64_t at(int year, int month, int day, int hour, int minute) {
  struct tm utc = {};
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  return timegm(&utc) / 60;
}

CronSchedule parsed(const char* text) {
  auto result = parseCron(text);
  if (result.is<kj::String>()) {
    ADD_FAILURE() << result.get<kj::String>().cStr();
    return {};
  }
  return result.get<CronSchedule>();
}

std::string errorOf(const char* text) {
  auto result = parseCron(text);
  return result.is<kj::String>() ? result.get<kj::String>().cStr() : "(parsed)";
}

TEST(Cron, EveryMinuteAndSteps) {
  auto every = parsed("* * * * *");
  EXPECT_TRUE(cronMatches(every, at(2026, 12, 1, 21, 53)));
  auto quarter = parsed("*/15 * * * *");
  EXPECT_TRUE(cronMatches(quarter, at(2026, 12, 1, 21, 45)));
  EXPECT_TRUE(cronMatches(quarter, at(2026, 12, 1, 21, 0)));
  EXPECT_FALSE(cronMatches(quarter, at(2026, 12, 1, 21, 46)));
  auto offset = parsed("5/20 * * * *");  // 5, 25, 45
  EXPECT_TRUE(cronMatches(offset, at(2026, 12, 1, 3, 25)));
  EXPECT_FALSE(cronMatches(offset, at(2026, 12, 1, 3, 20)));
}

TEST(Cron, ListsRangesAndNames) {
  // 09:30 on weekdays in January and July.
  auto schedule = parsed("30 9 * JAN,jul MON-FRI");
  EXPECT_TRUE(cronMatches(schedule, at(2027, 1, 4, 9, 30)));   // a Monday
  EXPECT_FALSE(cronMatches(schedule, at(2027, 1, 3, 9, 30)));  // a Sunday
  EXPECT_FALSE(cronMatches(schedule, at(2027, 2, 1, 9, 30)));  // February
  EXPECT_TRUE(cronMatches(schedule, at(2027, 7, 1, 9, 30)));   // a Thursday in July
  auto sunday = parsed("0 0 * * 7");
  EXPECT_TRUE(cronMatches(sunday, at(2027, 1, 3, 0, 0)));
  EXPECT_TRUE(cronMatches(parsed("0 12 1-7 * *"), at(2027, 3, 7, 12, 0)));
}

TEST(Cron, BothDayFieldsRestrictedMeansEither) {
  // The 13th of the month, or any Friday.
  auto schedule = parsed("0 0 13 * FRI");
  EXPECT_TRUE(cronMatches(schedule, at(2027, 1, 13, 0, 0)));  // a Wednesday, the 13th
  EXPECT_TRUE(cronMatches(schedule, at(2027, 1, 8, 0, 0)));   // a Friday, the 8th
  EXPECT_FALSE(cronMatches(schedule, at(2027, 1, 9, 0, 0)));
}

TEST(Cron, MistakesAreNamed) {
  EXPECT_NE(errorOf("* * * *").find("must have five fields"), std::string::npos);
  EXPECT_NE(errorOf("60 * * * *").find("the minute field '60'"), std::string::npos);
  EXPECT_NE(errorOf("* 24 * * *").find("the hour field"), std::string::npos);
  EXPECT_NE(errorOf("* * 0 * *").find("the day of month field"), std::string::npos);
  EXPECT_NE(errorOf("* * * FOO *").find("the month field 'FOO'"), std::string::npos);
  EXPECT_NE(errorOf("* * * * 8").find("the day of week field"), std::string::npos);
  EXPECT_NE(errorOf("*/0 * * * *").find("minute"), std::string::npos);
  EXPECT_NE(errorOf("5-1 * * * *").find("minute"), std::string::npos);
  EXPECT_NE(errorOf("1,,2 * * * *").find("minute"), std::string::npos);
}

}  // namespace
}  // namespace shoal
