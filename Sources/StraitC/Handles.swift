import CStrait
import Strait
import StraitTokenizers
import Synchronization

/// What a `strait_vocab` handle names: a vocabulary and its byte trie, built on first use
/// and shared by every grammar compiled for it.
final class VocabularyBox: Sendable {
  let vocabulary: Vocabulary
  private let cachedTrie = Mutex<TokenTrie?>(nil)

  init(_ vocabulary: Vocabulary) { self.vocabulary = vocabulary }

  /// The vocabulary's trie (built once, O(total token bytes)).
  var trie: TokenTrie {
    cachedTrie.withLock { trie in
      if let trie { return trie }
      let built = TokenTrie(vocabulary: vocabulary)
      trie = built
      return built
    }
  }
}

/// What a `strait_grammar` handle names: an immutable, shareable token automaton.
final class GrammarBox: Sendable {
  let automaton: TokenAutomaton
  init(_ automaton: TokenAutomaton) { self.automaton = automaton }
}

/// What a `strait_matcher` handle names: one sequence's matcher, behind a mutex.
///
/// The C contract gives a matcher to one thread at a time. The mutex (an uncontended lock
/// costs tens of nanoseconds) turns a host that breaks the contract into serialised calls
/// instead of a data race. Reads copy the matcher out (a retain, no allocation) and work
/// on the copy outside the lock, so a batch fill may list a matcher twice.
final class MatcherBox: Sendable {
  private let state: Mutex<Matcher>

  init(_ matcher: Matcher) { state = Mutex(matcher) }

  /// A copy of the matcher for reading (fill, queries, clone).
  var snapshot: Matcher { state.withLock { $0 } }

  /// Runs `body` on the matcher under the lock.
  func update<R: Sendable, E: Error>(_ body: (inout Matcher) throws(E) -> R) throws(E) -> R {
    try state.withLock { (matcher: inout Matcher) throws(E) -> R in try body(&matcher) }
  }
}

/// Typed handle resolution for the exported functions: on failure the error is recorded
/// and nil returned, with the status in `status`.
enum Handles {
  @inline(__always)
  static func vocabulary(
    _ handle: OpaquePointer?, _ status: inout strait_status, argument: String = "vocab",
    in function: StaticString
  ) -> VocabularyBox? {
    switch HandleTable.shared.object(for: handle, kind: .vocabulary) {
    case .success(let object): return unsafeDowncast(object, to: VocabularyBox.self)
    case .failure(let failure):
      status = fail(failure, argument: argument, kind: .vocabulary, in: function)
      return nil
    }
  }

  @inline(__always)
  static func grammar(
    _ handle: OpaquePointer?, _ status: inout strait_status, argument: String = "grammar",
    in function: StaticString
  ) -> GrammarBox? {
    switch HandleTable.shared.object(for: handle, kind: .grammar) {
    case .success(let object): return unsafeDowncast(object, to: GrammarBox.self)
    case .failure(let failure):
      status = fail(failure, argument: argument, kind: .grammar, in: function)
      return nil
    }
  }

  @inline(__always)
  static func matcher(
    _ handle: OpaquePointer?, _ status: inout strait_status, argument: String = "matcher",
    in function: StaticString
  ) -> MatcherBox? {
    switch HandleTable.shared.object(for: handle, kind: .matcher) {
    case .success(let object): return unsafeDowncast(object, to: MatcherBox.self)
    case .failure(let failure):
      status = fail(failure, argument: argument, kind: .matcher, in: function)
      return nil
    }
  }

  /// Registers `object` and writes its handle to `out`.
  static func publish(
    _ object: any AnyObject & Sendable, kind: HandleKind, to out: UnsafeMutablePointer<OpaquePointer?>,
    in function: StaticString
  ) -> strait_status {
    guard let handle = HandleTable.shared.insert(object, kind: kind) else {
      return fail(STRAIT_INTERNAL_ERROR, "\(function): too many live handles")
    }
    out.pointee = handle
    return STRAIT_OK
  }

  /// Frees `handle` of `kind`; NULL is a no-op.
  static func free(_ handle: OpaquePointer?, kind: HandleKind, in function: StaticString)
    -> strait_status
  {
    guard handle != nil else { return STRAIT_OK }
    switch HandleTable.shared.remove(handle, kind: kind) {
    case .success: return STRAIT_OK  // the object is released here, outside the table lock
    case .failure(let failure):
      return fail(failure, argument: "handle", kind: kind, in: function)
    }
  }
}
