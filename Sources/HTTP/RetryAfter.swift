import Glibc

/// Parses a `Retry-After` value: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
nonisolated enum RetryAfter {
  /// Seconds to wait from `now` (seconds since the epoch), or nil when the
  /// value is neither form; a date in the past gives 0.
  static func seconds(_ value: String, now: Double = Double(time(nil))) -> Double? {
    let text = value.trimmingASCIISpaces
    if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
      return Double(text)
    }
    guard let date = httpDate(text) else {
      return nil
    }
    return max(0, date - now)
  }

  /// Seconds since the epoch of an IMF-fixdate such as
  /// `Sun, 06 Nov 1994 08:49:37 GMT`, the only form servers may send;
  /// parsed by hand so the process locale cannot interfere.
  static func httpDate(_ text: String) -> Double? {
    let fields = text.split(separator: " ")
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    guard fields.count == 6, fields[0].hasSuffix(","), fields[5] == "GMT",
      let day = Int(fields[1]), let monthIndex = months.firstIndex(of: String(fields[2])),
      let year = Int(fields[3])
    else {
      return nil
    }
    let time = fields[4].split(separator: ":").compactMap { Int($0) }
    guard time.count == 3, (1...31).contains(day), (0...23).contains(time[0]), (0...59).contains(time[1]),
      (0...60).contains(time[2])
    else {
      return nil
    }
    let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
    return Double(days * 86_400 + time[0] * 3_600 + time[1] * 60 + time[2])
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

nonisolated extension String {
  /// Without leading and trailing spaces and tabs.
  var trimmingASCIISpaces: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }
}
