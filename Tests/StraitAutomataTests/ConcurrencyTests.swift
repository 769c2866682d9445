import StraitAutomata
import StraitTestSupport
import Testing

/// One lazy DFA shared by several threads, building states concurrently, must give the
/// same answers as a private one.
@Suite struct ConcurrencyTests {
  @Test func sharedLazyDFAAgreesWithPrivateOne() async throws {
    let pattern = "^([a-z]+|[0-9]{1,3})(,([a-z]+|[0-9]{1,3})){0,20}$"
    let store = TermStore()
    let shared = try LazyDFA(store: store, root: compileRegex(pattern, mode: .search, store: store))
    var rng = SeededRandom(seed: 77)
    let alphabet = Array("ab9,0z".utf8)
    let inputs: [[UInt8]] = (0..<2000).map { _ in
      (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0x61 }
    }
    let privateStore = TermStore()
    let reference = try LazyDFA(store: privateStore, root: compileRegex(pattern, mode: .search, store: privateStore))
    let expected = try inputs.map { try reference.matches($0) }
    let results = try await withThrowingTaskGroup(of: [Bool].self) { group in
      for worker in 0..<4 {
        group.addTask {
          // Each worker visits the inputs in a different order to race on new states.
          let order = worker % 2 == 0 ? Array(inputs.indices) : inputs.indices.reversed()
          var answers = [Bool](repeating: false, count: inputs.count)
          for i in order { answers[i] = try shared.matches(inputs[i]) }
          return answers
        }
      }
      var all: [[Bool]] = []
      for try await r in group { all.append(r) }
      return all
    }
    for r in results { #expect(r == expected) }
    #expect(shared.stateCount == reference.stateCount)
  }
}
