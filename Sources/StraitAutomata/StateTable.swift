import Synchronization

/// The transition table of a ``LazyDFA``: chunks of `chunkSize` states, each chunk a row
/// of `classCount` atomic cells per state, reached through a directory allocated once for
/// the whole state budget.
///
/// Cells hold `target + 1`, or 0 while the transition is not computed yet. Writers (holding
/// the DFA's build lock) fill a new state's chunk and accepting flag before they publish the
/// state id with a releasing store; readers load cells with acquiring loads, so a reader
/// that sees a state id also sees its chunk pointer and flag. Nothing is ever moved or freed
/// before the table dies, so readers need no lock.
@usableFromInline
final class StateTable: @unchecked Sendable {
  @usableFromInline static let chunkShift = 6
  @usableFromInline static let chunkSize = 1 << chunkShift
  @usableFromInline static let chunkMask = chunkSize - 1

  @usableFromInline let classCount: Int
  @usableFromInline let chunkCapacity: Int
  @usableFromInline let cells: UnsafeMutablePointer<UnsafeMutablePointer<Atomic<UInt32>>?>
  @usableFromInline let accepting: UnsafeMutablePointer<UnsafeMutablePointer<Bool>?>

  init(classCount: Int, stateBudget: Int) {
    self.classCount = classCount
    chunkCapacity = (stateBudget + Self.chunkSize - 1) / Self.chunkSize
    cells = .allocate(capacity: chunkCapacity)
    cells.initialize(repeating: nil, count: chunkCapacity)
    accepting = .allocate(capacity: chunkCapacity)
    accepting.initialize(repeating: nil, count: chunkCapacity)
  }

  deinit {
    for i in 0..<chunkCapacity {
      if let c = cells[i] {
        c.deinitialize(count: Self.chunkSize * classCount)
        c.deallocate()
      }
      accepting[i]?.deallocate()
    }
    cells.deallocate()
    accepting.deallocate()
  }

  /// Makes room for state `s` (called under the build lock, before `s` is published).
  func prepare(state s: Int, accepting isAccepting: Bool) {
    let chunk = s >> Self.chunkShift
    if cells[chunk] == nil {
      let n = Self.chunkSize * classCount
      let c = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: n)
      for i in 0..<n { (c + i).initialize(to: Atomic(0)) }
      let a = UnsafeMutablePointer<Bool>.allocate(capacity: Self.chunkSize)
      a.initialize(repeating: false, count: Self.chunkSize)
      accepting[chunk] = a
      cells[chunk] = c
    }
    accepting[chunk].unsafelyUnwrapped[s & Self.chunkMask] = isAccepting
  }

  /// The cell of (state, class); the state must have been prepared.
  @inlinable @inline(__always)
  func cell(_ s: Int, _ cls: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
    guard s >> Self.chunkShift < chunkCapacity, let chunk = cells[s >> Self.chunkShift] else {
      preconditionFailure("DFA state \(s) does not belong to this DFA")
    }
    return chunk + ((s & Self.chunkMask) &* classCount &+ cls)
  }

  @inlinable @inline(__always)
  func isAccepting(_ s: Int) -> Bool {
    guard s >> Self.chunkShift < chunkCapacity, let chunk = accepting[s >> Self.chunkShift] else {
      preconditionFailure("DFA state \(s) does not belong to this DFA")
    }
    return chunk[s & Self.chunkMask]
  }
}
