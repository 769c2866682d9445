import Dispatch
import Synchronization

extension Matcher {
  /// Fills the next-token bitmasks of many matchers in parallel, one row each.
  ///
  /// Row `i` of `words` (starting at word `i * wordsPerRow`) receives the mask of
  /// `matchers[i]`. Matchers may belong to different automata; rows are filled on all
  /// cores (Dispatch's `concurrentPerform`).
  ///
  /// - Parameters:
  ///   - matchers: the sequences of the batch.
  ///   - words: `matchers.count × wordsPerRow` words.
  ///   - wordsPerRow: row stride in words, at least every automaton's
  ///     ``TokenAutomaton/bitmaskWordCount``.
  /// - Throws: ``StraitError/bitmaskTooSmall(words:required:)`` for a short buffer or
  ///   stride; the first error any row met.
  /// - Complexity: O(rows × V/32 / cores) for cached states.
  public static func fillNextTokenBitmasks(
    _ matchers: [Matcher], into words: UnsafeMutableBufferPointer<UInt32>, wordsPerRow: Int
  ) throws(StraitError) {
    let required = matchers.map(\.automaton.bitmaskWordCount).max() ?? 0
    guard wordsPerRow >= required else { throw .bitmaskTooSmall(words: wordsPerRow, required: required) }
    guard words.count >= matchers.count * wordsPerRow else {
      throw .bitmaskTooSmall(words: words.count, required: matchers.count * wordsPerRow)
    }
    let firstError = Mutex<StraitError?>(nil)
    nonisolated(unsafe) let buffer = words
    DispatchQueue.concurrentPerform(iterations: matchers.count) { i in
      let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * wordsPerRow)..<((i + 1) * wordsPerRow)])
      do throws(StraitError) {
        try matchers[i].fillNextTokenBitmask(into: row)
      } catch {
        firstError.withLock { if $0 == nil { $0 = error } }
      }
    }
    if let error = firstError.withLock({ $0 }) { throw error }
  }
}
