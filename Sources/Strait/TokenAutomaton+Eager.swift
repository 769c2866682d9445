import Dispatch

extension TokenAutomaton {
  /// Explores every reachable DFA state and computes every state's mask, in parallel.
  ///
  /// The result needs no work on the decode path (no DFA construction, no trie walk),
  /// and can be saved with ``save()``. An automaton that is already eager is returned
  /// as is.
  ///
  /// - Throws: ``StraitError/stateBudgetExceeded(states:)`` when the DFA outgrows its budget.
  /// - Complexity: O(states × byte classes) transitions, then one trie walk per state,
  ///   spread over all cores.
  public func precompiled() throws(StraitError) -> TokenAutomaton {
    guard let lazy = dfa as? LazyByteAutomaton else { return self }
    let frozen = try FrozenByteAutomaton(exploring: lazy)
    var options = self.options
    options.maxCachedStates = max(options.maxCachedStates, frozen.stateCount)
    let eager = TokenAutomaton(dfa: frozen, vocabulary: vocabulary, trie: trie, options: options)
    let states = Array(frozen.liveStates)
    // The frozen DFA cannot fail, so errors cannot occur here.
    DispatchQueue.concurrentPerform(iterations: states.count) { i in
      _ = try? eager.storedMask(for: states[i])
    }
    return eager
  }

  /// Whether the DFA has been fully explored (eager or loaded).
  public var isPrecompiled: Bool { dfa is FrozenByteAutomaton }
}
