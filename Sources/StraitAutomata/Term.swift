/// A regular term over bytes: a small id into the arena of a ``TermStore``.
///
/// Terms are hash-consed: two terms built by the same store with the same structure after
/// simplification have the same id, so `==` is a cheap (sound but incomplete) language
/// equality test and terms are good dictionary keys. A term is only meaningful together
/// with the store that made it.
@frozen
public struct Term: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The index of the term in its store's arena.
  public let id: UInt32

  @inlinable package init(id: UInt32) { self.id = id }

  public static func < (a: Term, b: Term) -> Bool { a.id < b.id }

  public var description: String { "t\(id)" }
}

/// The structure of one term (what the store's arena holds).
///
/// Invariants kept by the smart constructors of ``TermStore``:
/// - `concat` is binary and right-nested; its head is never a `concat`, `empty` or `epsilon`,
///   and its tail is never `empty` or `epsilon`;
/// - `union` and `intersection` have at least two members, sorted by id and unique, none of
///   the same kind, and at most one `bytes` member;
/// - `bytes` is never empty; no `empty` occurs below any constructor other than `complement`
///   and `intersection`'s derivatives (so a term without `intersection`/`complement` is
///   empty only when it is `empty` itself);
/// - `repeat` has `min <= max` (`max == -1`: unbounded), never `(0, -1)` (that is `star`),
///   never `(1, 1)` or `(0, 0)`, and `min == 0` when its body is nullable.
package enum TermNode: Hashable, Sendable {
  case empty
  case epsilon
  case bytes(ByteSet)
  case concat(Term, Term)
  case union([Term])
  case intersection([Term])
  case complement(Term)
  case star(Term)
  case `repeat`(Term, min: Int32, max: Int32)
}
