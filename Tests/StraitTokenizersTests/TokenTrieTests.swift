import StraitTestSupport
import StraitTokenizers
import Testing

/// Checks every structural invariant of a trie against its vocabulary, by brute force.
func checkTrie(_ trie: TokenTrie, _ v: Vocabulary, sourceLocation: SourceLocation = #_sourceLocation) {
  var expectedIDs = Set<Int>()
  var maxLength = 0
  for id in 0..<v.count where v.hasToken(id) && !v.isSpecial(id) {
    let length = v.bytes(of: id)?.count ?? 0
    if length > 0 {
      expectedIDs.insert(id)
      maxLength = max(maxLength, length)
    }
  }
  #expect(trie.tokenCount == expectedIDs.count, sourceLocation: sourceLocation)
  #expect(trie.maxDepth == maxLength, sourceLocation: sourceLocation)
  #expect(trie.vocabularyCount == v.count, sourceLocation: sourceLocation)
  var seen = Set<Int>()
  var problems = 0
  func problem(_ message: String) {
    problems += 1
    if problems <= 10 { Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation) }
  }
  trie.withUnsafeView { t in
    #expect(t.nodeCount == trie.nodeCount)
    // path[d] is the edge byte at depth d + 1; ends[d] the subtree end of the open node at depth d + 1.
    var path: [UInt8] = []
    var ends: [Int] = []
    var lastChildByte: [Int] = [-1]  // per depth: the previous sibling's byte
    for i in 0..<t.nodeCount {
      while let end = ends.last, end <= i {
        ends.removeLast()
        path.removeLast()
        lastChildByte.removeLast()
      }
      let d = Int(t.depths[i])
      if d != path.count + 1 { problem("node \(i): depth \(d), parent depth \(path.count)") }
      let end = Int(t.subtreeEnds[i])
      if end <= i || end > (ends.last ?? t.nodeCount) { problem("node \(i): subtree end \(end) outside its parent's") }
      if Int(t.bytes[i]) <= lastChildByte[lastChildByte.count - 1] { problem("node \(i): siblings not in ascending byte order") }
      lastChildByte[lastChildByte.count - 1] = Int(t.bytes[i])
      path.append(t.bytes[i])
      ends.append(end)
      lastChildByte.append(-1)
      let start = Int(t.tokenStarts[i])
      let stop = Int(t.tokenStarts[i + 1])
      if start > stop { problem("node \(i): token range reversed") }
      var previous = -1
      for k in start..<stop {
        let id = Int(t.tokenIDs[k])
        if id <= previous { problem("node \(i): token ids not ascending") }
        previous = id
        if !seen.insert(id).inserted { problem("id \(id) appears twice") }
        if v.bytes(of: id) != path { problem("id \(id) ends at node \(i) whose prefix is not its bytes") }
      }
      // A node with no token must lead somewhere (no dead leaves).
      if start == stop && end == i + 1 { problem("node \(i) is a leaf without tokens") }
    }
  }
  #expect(seen == expectedIDs, sourceLocation: sourceLocation)
  #expect(trie.stringBody.depthLimit == trie.maxDepth, sourceLocation: sourceLocation)
  #expect(trie.shortStringBody.depthLimit == min(trie.maxDepth, StringBodyClosure.shortDepthLimit), sourceLocation: sourceLocation)
  checkStringBody(trie.stringBody, trie, v, sourceLocation: sourceLocation)
  checkStringBody(trie.shortStringBody, trie, v, sourceLocation: sourceLocation)
  let limits = trie.boundedStringBodies.map(\.depthLimit)
  #expect(limits == StringBodyClosure.boundedDepthLimits.filter { $0 < trie.maxDepth }, sourceLocation: sourceLocation)
  for closure in trie.boundedStringBodies { checkStringBody(closure, trie, v, sourceLocation: sourceLocation) }
  // Byte-run closures: the digits, and a wide identifier class.
  for chars in ["0123456789", "abcdefghijklmnopqrstuvwxyz0123456789_-"] {
    checkByteRuns(Set(chars.utf8), trie, v, sourceLocation: sourceLocation)
  }
  // A run bound picks the deepest closure within it.
  for depth in 0...(trie.maxDepth + 1) {
    let picked = trie.stringBody(coveringRunsOf: depth)?.depthLimit
    let expected = depth >= trie.maxDepth ? trie.maxDepth : limits.last { $0 <= depth }
    #expect(picked == expected, "runs of \(depth) bytes", sourceLocation: sourceLocation)
  }
}

/// The string-body closure holds exactly the tokens whose bytes are a prefix of a JSON string
/// body and no longer than its depth limit, and marks closed only subtrees made of such tokens.
func checkStringBody(
  _ body: StringBodyClosure, _ trie: TokenTrie, _ v: Vocabulary, sourceLocation: SourceLocation = #_sourceLocation
) {
  func isBodyPrefix(_ bytes: [UInt8]) -> Bool {
    var q = 0
    for b in bytes {
      let next = body.transitions[q * 256 + Int(b)]
      if next == StringBodyClosure.dead { return false }
      q = Int(next)
    }
    return true
  }
  var expected = 0
  var wrong = 0
  for id in 0..<v.count where v.hasToken(id) && !v.isSpecial(id) {
    guard let bytes = v.bytes(of: id), !bytes.isEmpty else { continue }
    let inClosure = bytes.count <= body.depthLimit && isBodyPrefix(bytes)
    if inClosure { expected += 1 }
    let set = body.tokenWords[id >> 5] & (1 << UInt32(id & 31)) != 0
    if set != inClosure { wrong += 1 }
  }
  #expect(wrong == 0, "\(wrong) tokens misplaced in the string-body closure", sourceLocation: sourceLocation)
  #expect(body.tokenCount == expected, sourceLocation: sourceLocation)
  // A closed node lies within the depth limit and every token below it is in the closure.
  trie.withUnsafeView { t in
    var badNodes = 0
    for i in 0..<t.nodeCount where body.isClosed(i) {
      for j in i..<Int(t.subtreeEnds[i]) {
        if Int(t.depths[j]) > body.depthLimit { badNodes += 1 }
        for k in Int(t.tokenStarts[j])..<Int(t.tokenStarts[j + 1]) {
          let id = Int(t.tokenIDs[k])
          if body.tokenWords[id >> 5] & (1 << UInt32(id & 31)) == 0 { badNodes += 1 }
        }
      }
    }
    #expect(badNodes == 0, "closed subtrees reach outside the closure", sourceLocation: sourceLocation)
    // And the closure closes what it can: every leaf inside it.
    var openLeaves = 0
    var path: [UInt8] = []
    for i in 0..<t.nodeCount {
      path.removeLast(path.count - (Int(t.depths[i]) - 1))
      path.append(t.bytes[i])
      let isLeaf = Int(t.subtreeEnds[i]) == i + 1
      if isLeaf, path.count <= body.depthLimit, isBodyPrefix(path), !body.isClosed(i) { openLeaves += 1 }
    }
    #expect(openLeaves == 0, "\(openLeaves) leaves inside the closure left open", sourceLocation: sourceLocation)
  }
}

/// A byte-run closure holds exactly the tokens made only of its bytes, and closes exactly
/// the subtrees spelling only such runs.
func checkByteRuns(
  _ set: Set<UInt8>, _ trie: TokenTrie, _ v: Vocabulary, sourceLocation: SourceLocation = #_sourceLocation
) {
  var words: (UInt64, UInt64) = (0, 0)
  for b in set { if b < 64 { words.0 |= 1 << UInt64(b) } else { words.1 |= 1 << UInt64(b - 64) } }
  let closure = trie.byteRunClosure(words)
  var wrong = 0
  var expected = 0
  for id in 0..<v.count where v.hasToken(id) && !v.isSpecial(id) {
    guard let bytes = v.bytes(of: id), !bytes.isEmpty else { continue }
    let inRun = bytes.allSatisfy { set.contains($0) }
    if inRun { expected += 1 }
    if (closure.tokenWords[id >> 5] & (1 << UInt32(id & 31)) != 0) != inRun { wrong += 1 }
  }
  #expect(wrong == 0 && closure.tokenCount == expected, "\(wrong) tokens misplaced", sourceLocation: sourceLocation)
  trie.withUnsafeView { t in
    var path: [UInt8] = []
    var prefixInRun: [Bool] = []
    for i in 0..<t.nodeCount {
      path.removeLast(path.count - (Int(t.depths[i]) - 1))
      path.append(t.bytes[i])
      prefixInRun.append(path.allSatisfy { set.contains($0) })
    }
    var bad = 0
    for i in 0..<t.nodeCount {
      let all = (i..<Int(t.subtreeEnds[i])).allSatisfy { prefixInRun[$0] }
      if all != ((closure.closedNodes[i >> 6] >> UInt64(i & 63)) & 1 != 0) { bad += 1 }
    }
    #expect(bad == 0, "\(bad) nodes closed wrongly", sourceLocation: sourceLocation)
  }
}

/// The documented pruning walk with a toy automaton: a token is allowed when all its bytes are
/// in `allowed`; the automaton dies on any other byte.
func walkAllowed(_ trie: TokenTrie, allowed: Set<UInt8>) -> Set<Int> {
  var result = Set<Int>()
  trie.withUnsafeView { t in
    var alive = [Bool](repeating: true, count: t.maxDepth + 1)
    var i = 0
    while i < t.nodeCount {
      let d = Int(t.depths[i])
      let next = alive[d - 1] && allowed.contains(t.bytes[i])
      if !next {
        i = Int(t.subtreeEnds[i])
        continue
      }
      alive[d] = true
      for k in Int(t.tokenStarts[i])..<Int(t.tokenStarts[i + 1]) { result.insert(Int(t.tokenIDs[k])) }
      i += 1
    }
  }
  return result
}

@Suite("TokenTrie")
struct TokenTrieTests {
  @Test("hand-made vocabulary: shared prefixes, equal bytes, empty and special tokens")
  func small() throws {
    let tokens: [[UInt8]?] = [
      Array("a".utf8), Array("ab".utf8), Array("abc".utf8), Array("b".utf8), Array("ab".utf8),
      [], nil, Array("<s>".utf8), [0xFF, 0x00], Array("abd".utf8),
    ]
    let v = try Vocabulary(tokenBytes: tokens, special: [7], eos: [7])
    #expect(v.count == 10 && v.entryCount == 9)
    let trie = TokenTrie(vocabulary: v)
    checkTrie(trie, v)
    // Preorder with sorted siblings: a, ab, abc, abd, b, 0xFF, 0xFF 0x00.
    #expect(trie.nodeCount == 7)
    #expect((0..<trie.nodeCount).map { trie.byte(ofNode: $0) } == [0x61, 0x62, 0x63, 0x64, 0x62, 0xFF, 0x00])
    #expect((0..<trie.nodeCount).map { trie.depth(ofNode: $0) } == [1, 2, 3, 3, 1, 1, 2])
    #expect((0..<trie.nodeCount).map { trie.subtreeEnd(ofNode: $0) } == [4, 4, 3, 4, 5, 7, 7])
    #expect(trie.tokenIDs(forBytes: Array("ab".utf8)) == [1, 4])
    #expect(trie.tokenIDs(forBytes: Array("<s>".utf8)).isEmpty)  // special
    #expect(trie.tokenIDs(forBytes: [0xFF]).isEmpty)  // a prefix only
    #expect(trie.node(forPrefix: [0xFF]) == 5)
    #expect(trie.node(forPrefix: Array("ac".utf8)) == nil)
    #expect(walkAllowed(trie, allowed: Set("ab".utf8)) == [0, 1, 3, 4])
  }

  @Test("empty vocabulary and vocabulary of specials give an empty trie")
  func empty() throws {
    let v = try Vocabulary(tokenBytes: [Array("<s>".utf8)], special: [0], eos: [])
    let trie = TokenTrie(vocabulary: v)
    #expect(trie.nodeCount == 0 && trie.tokenCount == 0 && trie.maxDepth == 0)
    #expect(walkAllowed(trie, allowed: [0x3C]).isEmpty)
    let none = try Vocabulary(tokenBytes: [], special: [], eos: [])
    #expect(TokenTrie(vocabulary: none).nodeCount == 0)
  }

  @Test("random vocabularies: invariants and the pruning walk agree with brute force")
  func random() throws {
    var rng = SeededRandom(seed: 0x5EED_0006)
    for round in 0..<30 {
      let n = Int.random(in: 1...400, using: &rng)
      var tokens: [[UInt8]?] = []
      for _ in 0..<n {
        if Int.random(in: 0..<20, using: &rng) == 0 {
          tokens.append(nil)
          continue
        }
        let length = Int.random(in: 0...6, using: &rng)
        // A small alphabet so that prefixes are shared and duplicates occur.
        tokens.append((0..<length).map { _ in UInt8.random(in: 0x61...0x64, using: &rng) })
      }
      tokens.append([0x7A])  // never nil last
      let special = Set((0..<tokens.count).filter { tokens[$0] != nil && Int.random(in: 0..<15, using: &rng) == 0 })
      let v = try Vocabulary(tokenBytes: tokens, special: special, eos: [])
      let trie = TokenTrie(vocabulary: v)
      checkTrie(trie, v)
      let allowed = Set((0x61...0x64).filter { _ in Bool.random(using: &rng) }.map(UInt8.init))
      let brute = Set((0..<v.count).filter { id in
        guard let b = v.bytes(of: id), !b.isEmpty, !v.isSpecial(id) else { return false }
        return b.allSatisfy(allowed.contains)
      })
      #expect(walkAllowed(trie, allowed: allowed) == brute, "round \(round)")
    }
  }

  @Test("self-made fixtures", arguments: ["byte-level-bpe", "sentencepiece-bpe", "unigram"])
  func fixtures(name: String) throws {
    let v = try Vocabulary.load(path: fixture("\(name)/tokenizer.json"))
    checkTrie(TokenTrie(vocabulary: v), v)
  }
}
