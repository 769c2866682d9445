import CStrait
import Dispatch
import Strait
import Synchronization

/// The first problem met by a worker of a batch fill, reported on the calling thread.
private enum BatchFailure: Sendable {
  case handle(index: Int, HandleLookupFailure)
  case runtime(index: Int, StraitError)
}

/// `strait_fill_next_token_bitmasks` of the C ABI; documented in include/strait.h.
@_cdecl("strait_fill_next_token_bitmasks")
public func strait_fill_next_token_bitmasks(
  _ matchers: UnsafePointer<OpaquePointer?>?, _ count: Int,
  _ bitmasks: UnsafeMutablePointer<UInt32>?, _ wordsPerRow: Int, _ totalWords: Int
) -> strait_status {
  let function: StaticString = "strait_fill_next_token_bitmasks"
  guard count >= 0 else { return failSize("n_matchers", count, in: function) }
  guard wordsPerRow >= 0 else { return failSize("words_per_row", wordsPerRow, in: function) }
  guard totalWords >= 0 else { return failSize("total_words", totalWords, in: function) }
  guard count > 0 else { return STRAIT_OK }
  guard let matchers else { return failNull("matchers", in: function) }
  guard let bitmasks else { return failNull("bitmasks", in: function) }
  let (needed, overflow) = count.multipliedReportingOverflow(by: wordsPerRow)
  guard !overflow else {
    return fail(
      STRAIT_INVALID_ARGUMENT,
      "\(function): n_matchers × words_per_row (\(count) × \(wordsPerRow)) overflows")
  }
  guard totalWords >= needed else {
    return fail(
      STRAIT_BUFFER_TOO_SMALL,
      "\(function): total_words \(totalWords) < n_matchers × words_per_row = \(needed)")
  }
  // Every handle and every grammar width is checked before any row is written.
  for i in 0..<count {
    var status = STRAIT_OK
    guard let box = Handles.matcher(matchers[i], &status, argument: "matchers[\(i)]", in: function)
    else { return status }
    let required = box.snapshot.automaton.bitmaskWordCount
    guard wordsPerRow >= required else {
      return fail(
        STRAIT_BUFFER_TOO_SMALL,
        "\(function): words_per_row \(wordsPerRow) is smaller than the \(required) words of matchers[\(i)]'s grammar"
      )
    }
  }

  nonisolated(unsafe) let handles = matchers
  nonisolated(unsafe) let rows = bitmasks
  let firstFailure = Mutex<BatchFailure?>(nil)
  let fillRow = { @Sendable (i: Int) in
    let row = UnsafeMutableBufferPointer(start: rows + i * wordsPerRow, count: wordsPerRow)
    switch HandleTable.shared.object(for: handles[i], kind: .matcher) {
    case .success(let object):
      let box = unsafeDowncast(object, to: MatcherBox.self)
      do throws(StraitError) {
        try fillMask(box.snapshot, into: row)
      } catch {
        firstFailure.withLock { if $0 == nil { $0 = .runtime(index: i, error) } }
      }
    case .failure(let failure):
      // Freed by another thread during the call (a contract violation): reported, not a crash.
      firstFailure.withLock { if $0 == nil { $0 = .handle(index: i, failure) } }
    }
  }
  if count == 1 {
    fillRow(0)
  } else {
    DispatchQueue.concurrentPerform(iterations: count, execute: fillRow)
  }
  switch firstFailure.withLock({ $0 }) {
  case nil:
    return STRAIT_OK
  case .handle(let index, let failure)?:
    return fail(failure, argument: "matchers[\(index)]", kind: .matcher, in: function)
  case .runtime(let index, let error)?:
    return fail(error.status, "\(function): matchers[\(index)]: \(error)")
  }
}
