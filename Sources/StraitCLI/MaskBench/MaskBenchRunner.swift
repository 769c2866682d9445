import Foundation
import Strait
import StraitJSON
import StraitTokenizers

/// Runs the MaskBench protocol on one file at a time, on the calling thread.
///
/// Per file: read and parse it (not timed); compile the schema, create a matcher and
/// fill the first mask (timed together: TTFM, "until the first mask is available");
/// then for each test, from a reset matcher (not timed), for each token: fill the full
/// mask, test the token's bit, commit it when set (timed together: one TBM sample).
/// A token whose bit is clear ends the test (rejected). There is no end-of-sequence
/// check after the last token.
///
/// The vocabulary and its trie are loaded once and shared by every grammar.
final class MaskBenchRunner {
  /// What a grammar is compiled from.
  enum GrammarKind {
    /// `schema` is a JSON Schema (the benchmark).
    case jsonSchema
    /// `schema` is a JSON string holding an ECMA-262 regex (full match); for testing
    /// the harness independently of the schema compiler.
    case regex
  }

  /// Progress that the runner reports while a file runs (the worker forwards it to the
  /// parent, so that a file killed by the time limit keeps what it measured).
  enum Event {
    /// The grammar compiled; its TTFM (wall, CPU) and compile-only wall time.
    case compiled(ttfm: UInt64, ttfmCPU: UInt64, compile: UInt64)
    /// The TBM samples of one test, in nanoseconds.
    case samples([UInt64])
  }

  let vocabulary: Vocabulary
  let trie: TokenTrie
  let options: Strait.GrammarOptions
  let kind: GrammarKind
  /// One mask buffer for every grammar (all share the vocabulary's width); a raw buffer
  /// so that the timed loop pays no array exclusivity checks.
  private let mask: UnsafeMutableBufferPointer<UInt32>

  init(vocabulary: Vocabulary, trie: TokenTrie, options: Strait.GrammarOptions, kind: GrammarKind) {
    self.vocabulary = vocabulary
    self.trie = trie
    self.options = options
    self.kind = kind
    mask = .allocate(capacity: (vocabulary.logitsWidth + 31) / 32)
    mask.initialize(repeating: 0)
  }

  deinit { mask.deallocate() }

  /// Runs the protocol on the file at `path`.
  ///
  /// - Parameters:
  ///   - path: the MaskBench file.
  ///   - emit: receives ``Event``s as they happen.
  /// - Returns: the file's result; every failure (unreadable file, compile error, engine
  ///   exception) is recorded in it, never thrown.
  func run(path: String, emit: (Event) -> Void) -> MaskBenchFileResult {
    let name = (path as NSString).lastPathComponent
    let file: MaskBenchFile
    do {
      guard let data = FileManager.default.contents(atPath: path) else {
        return MaskBenchFileResult(file: name, status: .inputError, error: "cannot read \(path)")
      }
      file = try MaskBenchFile.parse([UInt8](data))
    } catch {
      return MaskBenchFileResult(file: name, status: .inputError, error: error.description)
    }
    var result = MaskBenchFileResult(file: name, status: .pass)
    result.testCount = file.tests.count

    // TTFM: compile + matcher + first mask.
    let wall0 = MaskBenchClock.wallNanoseconds()
    let cpu0 = MaskBenchClock.processCPUNanoseconds()
    let automaton: TokenAutomaton
    var matcher: Matcher
    let compileNanoseconds: UInt64
    do {
      automaton = try compile(file.schema)
      compileNanoseconds = MaskBenchClock.wallNanoseconds() &- wall0
      matcher = Matcher(automaton)
      try matcher.fillNextTokenBitmask(into: mask)
    } catch {
      result.status = .compileError
      result.error = error.description
      return result
    }
    let ttfm = MaskBenchClock.wallNanoseconds() &- wall0
    let ttfmCPU = MaskBenchClock.processCPUNanoseconds() &- cpu0
    result.ttfmNanoseconds = ttfm
    result.ttfmCPUNanoseconds = ttfmCPU
    result.compileNanoseconds = compileNanoseconds
    result.measuredWallNanoseconds = ttfm
    result.measuredCPUNanoseconds = ttfmCPU
    emit(.compiled(ttfm: ttfm, ttfmCPU: ttfmCPU, compile: compileNanoseconds))

    var failures: [MaskBenchTestFailure] = []
    var samples: [UInt64] = []
    for (index, test) in file.tests.enumerated() {
      matcher.reset()
      samples.removeAll(keepingCapacity: true)
      let loopWall = MaskBenchClock.wallNanoseconds()
      let loopCPU = MaskBenchClock.processCPUNanoseconds()
      let failure = runTest(test, index: index, matcher: &matcher, samples: &samples)
      result.measuredWallNanoseconds &+= MaskBenchClock.wallNanoseconds() &- loopWall
      result.measuredCPUNanoseconds &+= MaskBenchClock.processCPUNanoseconds() &- loopCPU
      result.addSamples(samples)
      emit(.samples(samples))
      if let failure { failures.append(failure) }
    }
    result.classify(failures: failures)
    let stats = automaton.statistics
    result.memory = MaskBenchMemory(
      dfaStates: stats.dfaStates, statesWithMasks: stats.statesWithMasks,
      distinctMasks: stats.distinctMasks, maskBytes: stats.maskBytes)
    return result
  }

  private func compile(_ schema: JSONValue) throws(StraitError) -> TokenAutomaton {
    switch kind {
    case .jsonSchema:
      return try TokenAutomaton.compile(schema: schema, vocabulary: vocabulary, trie: trie, options: options)
    case .regex:
      guard let regex = schema.stringValue else {
        throw .compile("regex mode: \"schema\" is \(schema.typeName), expected a string holding a regex")
      }
      return try TokenAutomaton.compile(regex: regex, vocabulary: vocabulary, trie: trie, options: options)
    }
  }

  /// Masks and commits one test's tokens; returns its failure, nil when it is correct.
  private func runTest(
    _ test: MaskBenchTest, index: Int, matcher: inout Matcher, samples: inout [UInt64]
  ) -> MaskBenchTestFailure? {
    func failure(_ kind: MaskBenchTestFailure.Kind, at position: Int? = nil, token: Int? = nil, _ message: String? = nil)
      -> MaskBenchTestFailure
    {
      MaskBenchTestFailure(
        test: index, description: test.description, kind: kind, tokenIndex: position, token: token, message: message)
    }
    if let tokenError = test.tokenError { return failure(.exception, tokenError) }
    let width = matcher.automaton.logitsWidth
    var accepted = true
    var rejectedAt = 0
    samples.reserveCapacity(test.tokens.count)
    for (position, token) in test.tokens.enumerated() {
      let start = MaskBenchClock.wallNanoseconds()
      var allowed = false
      do throws(StraitError) {
        try matcher.fillNextTokenBitmask(into: mask)
        guard token >= 0 && token < width else {
          throw StraitError.tokenOutOfRange(id: token, logitsWidth: width)
        }
        allowed = (mask[token >> 5] >> UInt32(token & 31)) & 1 != 0
        if allowed, try !matcher.accept(token) {
          throw StraitError.invalidArgument("token \(token) is set in the mask but accept() refused it")
        }
      } catch {
        return failure(.exception, at: position, token: token, error.description)
      }
      samples.append(MaskBenchClock.wallNanoseconds() &- start)
      if !allowed {
        // Not timed: a mask that disagrees with accept() is an engine bug, not a rejection.
        if (try? matcher.isAllowed(token)) == true {
          return failure(
            .exception, at: position, token: token, "token \(token) is not in the mask but accept() would take it")
        }
        accepted = false
        rejectedAt = position
        break
      }
    }
    if accepted && !test.valid { return failure(.shouldReject) }
    if !accepted && test.valid {
      return failure(.shouldAccept, at: rejectedAt, token: test.tokens[rejectedAt])
    }
    return nil
  }
}
