import Glibc

/// An MS-DOS date and time as stored in zip headers (two-second resolution).
///
/// libarchive 3.6.2 derives this field with `localtime()`, so the same input
/// would produce different bytes under different `TZ` settings, and
/// `localtime()`'s shared static result is not safe when several threads
/// write archives. `ZipWriter` therefore overwrites the field with this
/// UTC-based value, which is also what Python's zipfile-based wheel builders
/// write for `SOURCE_DATE_EPOCH`.
nonisolated struct DOSDateTime: Equatable {
  let date: UInt16
  let time: UInt16

  /// The UTC calendar fields of `unixTime`, or nil outside the DOS range
  /// (1980-01-01 to 2107-12-31).
  init?(unixTime: Int64) {
    var seconds = time_t(unixTime)
    var fields = tm()
    guard gmtime_r(&seconds, &fields) != nil else {
      return nil
    }
    let year = Int(fields.tm_year) + 1900
    guard (1980...2107).contains(year) else {
      return nil
    }
    date = UInt16((year - 1980) << 9 | Int(fields.tm_mon + 1) << 5 | Int(fields.tm_mday))
    time = UInt16(Int(fields.tm_hour) << 11 | Int(fields.tm_min) << 5 | Int(fields.tm_sec) / 2)
  }

  /// The four bytes of the header field: time then date, little-endian.
  var headerBytes: [UInt8] {
    [UInt8(time & 0xFF), UInt8(time >> 8), UInt8(date & 0xFF), UInt8(date >> 8)]
  }
}
