public import GRDB
public import Severities

/// Stored as its raw value: the `severity` columns hold the same texts as before the type existed.
extension Severity: DatabaseValueConvertible {}
