extension TermArena {
  /// One code point of `set` as UTF-8: the byte-range sequences of the set, merged into a
  /// prefix tree (sequences sharing a first byte range share one branch).
  mutating func codePoints(_ set: CodePointSet) -> Term {
    if let t = codePointMemo[set] { return t }
    let t = prefixTree(set.utf8Sequences[...])
    codePointMemo[set] = t
    return t
  }

  private mutating func prefixTree(_ seqs: ArraySlice<[ClosedRange<UInt8>]>) -> Term {
    // Group consecutive sequences by their first range (they arrive sorted), then recurse
    // on the rests; depth is at most 4 (bytes per code point).
    var branches: [Term] = []
    var i = seqs.startIndex
    while i < seqs.endIndex {
      let first = seqs[i][0]
      var j = i
      var rests: [[ClosedRange<UInt8>]] = []
      while j < seqs.endIndex, seqs[j][0] == first {
        if seqs[j].count > 1 { rests.append(Array(seqs[j].dropFirst())) }
        j += 1
      }
      let head = bytes(ByteSet(first.lowerBound, first.upperBound))
      if rests.isEmpty {
        branches.append(head)
      } else {
        branches.append(concat([head, prefixTree(rests[...])]))
      }
      i = j
    }
    return union(branches)
  }
}
