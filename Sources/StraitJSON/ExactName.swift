/// A string compared and hashed by its code points (its UTF-8 bytes), for sets and
/// dictionaries of JSON member names and other JSON strings.
///
/// `Set<String>` and `[String: V]` use Swift's canonical equivalence, so they hold only
/// one of `"\u{E9}"` and `"e\u{301}"`, which RFC 8259 and JSON Schema tell apart (as
/// ``JSONObject`` does). Wrap the names in `ExactName` instead:
///
/// ```swift
/// var seen: Set<ExactName> = [ExactName("\u{E9}")]
/// seen.contains(ExactName("e\u{301}"))   // false
/// ```
package struct ExactName: Hashable, Sendable {
  /// The string.
  package let string: String

  /// Wraps `string`.
  @inlinable
  package init(_ string: String) { self.string = string }

  /// Whether both have the same code points.
  @inlinable
  package static func == (a: ExactName, b: ExactName) -> Bool { JSONObject.sameName(a.string, b.string) }

  /// Hashes the UTF-8 bytes (never the normalized form).
  package func hash(into hasher: inout Hasher) { hasher.combine(utf8Of: string) }
}
