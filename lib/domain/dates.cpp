#include "domain/dates.h"

#include <string>

namespace jsms {

std::string CompactDay(std::string_view timestamp) {
  std::string day;
  for (char c : timestamp.substr(0, 10)) {
    if (c != '-') day += c;
  }
  return day;
}

namespace {

bool Digits(std::string_view text, size_t pos, size_t count, int min, int max) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return value >= min && value <= max;
}

}  // namespace

bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text, 0, 4, 1, 9999) ||
      !Digits(text, 5, 2, 1, 12)) {
    return false;
  }
  int year = std::stoi(std::string(text.substr(0, 4)));
  int month = std::stoi(std::string(text.substr(5, 2)));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return Digits(text, 8, 2, 1, last);
}

bool IsTimestamp(std::string_view text) {
  return text.size() == 19 && IsDate(text.substr(0, 10)) && text[10] == ' ' && text[13] == ':' &&
         text[16] == ':' && Digits(text, 11, 2, 0, 23) && Digits(text, 14, 2, 0, 59) &&
         Digits(text, 17, 2, 0, 59);
}

}  // namespace jsms
