/// The partition of a grammar's byte classes that one term's derivative respects, built
/// from the byte sets at the term's first positions (``TermArena/firstPositionSets(of:)``):
/// classes in one part have the same derivative, so one derivative per part is enough.
/// Used per state by ``LazyDFA`` and ``TermStore/explore(_:stateLimit:)`` and per visited
/// term by the liveness search; remembers the classes inside each byte-set term it met.
struct ClassPartitioner {
  /// The classes inside each byte set met (a set of class indices, at most 256 of them,
  /// so a `ByteSet`): set term id → index into `masks`.
  private var maskIndex = U64Table()
  private var masks: [ByteSet] = []

  /// The parts (sets of class indices) that `sets` cut, refined until every class is a
  /// part of its own or the sets run out.
  ///
  /// - Parameters:
  ///   - sets: byte-set terms and their bytes.
  ///   - representatives: one byte per class.
  /// - Complexity: O(s·p) for s byte sets and p parts (O(s·c) the first time a set is met).
  mutating func parts(of sets: [(Term, ByteSet)], representatives: [UInt8]) -> [ByteSet] {
    let n = representatives.count
    var parts = [ByteSet(0, UInt8(n - 1))]
    for (setTerm, set) in sets {
      if parts.count == n { break }
      let inside: ByteSet
      if let known = maskIndex[UInt64(setTerm.id)] {
        inside = masks[Int(known)]
      } else {
        inside = set.classes(representedBy: representatives)
        maskIndex[UInt64(setTerm.id)] = UInt32(masks.count)
        masks.append(inside)
      }
      parts.refine(by: inside)
    }
    return parts
  }
}
