import StraitTokenizers

/// The saved-automaton file format (little-endian):
///
/// ```
/// "STRAITTA"            8 bytes magic
/// version               UInt32 (currently 1)
/// vocabularyFingerprint UInt64 (FNV-1a over logits width, every token's bytes and flags, EOS ids)
/// logitsWidth           UInt32
/// classCount, stateCount, startState   UInt32 × 3
/// classMap              256 × UInt8
/// accepting             stateCount × UInt8
/// table                 stateCount × classCount × UInt32
/// maskCount             UInt32, then per mask: kind UInt8 (0 allowed, 1 allExcept, 2 dense), count UInt32, count × UInt32
/// stateMask             stateCount × UInt32 (mask index, 0xFFFFFFFF = none)
/// ```
extension TokenAutomaton {
  static let fileMagic: [UInt8] = Array("STRAITTA".utf8)
  static let fileVersion: UInt32 = 1

  /// Serializes a precompiled automaton.
  ///
  /// - Throws: ``StraitError/invalidArgument(_:)`` when the automaton is lazy (call
  ///   ``precompiled()`` first).
  public func save() throws(StraitError) -> [UInt8] {
    guard let frozen = dfa as? FrozenByteAutomaton else {
      throw .invalidArgument("only a precompiled (eager) automaton can be saved; call precompiled() first")
    }
    var out = ByteWriter()
    out.bytes(Self.fileMagic)
    out.u32(Self.fileVersion)
    out.u64(Self.fingerprint(of: vocabulary))
    out.u32(UInt32(logitsWidth))
    out.u32(UInt32(frozen.classCount))
    out.u32(UInt32(frozen.stateCount))
    out.u32(frozen.startState)
    out.bytes(frozen.classMap)
    out.bytes(frozen.accepting.map { $0 ? 1 : 0 })
    for v in frozen.table { out.u32(v) }
    let (maskList, stateIndex) = snapshotMasks(stateCount: frozen.stateCount)
    out.u32(UInt32(maskList.count))
    for mask in maskList {
      switch mask {
      case .allowed(let ids):
        out.u8(0); out.u32(UInt32(ids.count)); for id in ids { out.u32(UInt32(bitPattern: id)) }
      case .allExcept(let ids):
        out.u8(1); out.u32(UInt32(ids.count)); for id in ids { out.u32(UInt32(bitPattern: id)) }
      case .dense(let words):
        out.u8(2); out.u32(UInt32(words.count)); for w in words { out.u32(w) }
      }
    }
    for i in stateIndex { out.u32(i) }
    return out.data
  }

  /// Loads an automaton saved by ``save()`` for the same vocabulary.
  ///
  /// - Throws: ``StraitError/invalidAutomatonFile(_:)`` naming what is wrong: magic,
  ///   version, a different vocabulary, truncation, or inconsistent sizes.
  public static func load(_ data: [UInt8], vocabulary: Vocabulary, trie: TokenTrie? = nil) throws(StraitError)
    -> TokenAutomaton
  {
    var r = ByteReader(data: data)
    guard try r.bytes(8) == fileMagic else { throw .invalidAutomatonFile("not a Strait automaton (bad magic)") }
    let version = try r.u32()
    guard version == fileVersion else {
      throw .invalidAutomatonFile("format version \(version); this build reads version \(fileVersion)")
    }
    guard try r.u64() == fingerprint(of: vocabulary) else {
      throw .invalidAutomatonFile("it was compiled for a different vocabulary")
    }
    let width = Int(try r.u32())
    guard width == vocabulary.logitsWidth else {
      throw .invalidAutomatonFile("logits width \(width) differs from the vocabulary's \(vocabulary.logitsWidth)")
    }
    let classCount = Int(try r.u32())
    let stateCount = Int(try r.u32())
    let start = try r.u32()
    guard (1...256).contains(classCount), stateCount >= 1, Int(start) < stateCount,
      stateCount <= (data.count / max(classCount, 1))
    else {
      throw .invalidAutomatonFile(
        "truncated or inconsistent header (\(stateCount) states × \(classCount) classes in \(data.count) bytes)")
    }
    let classMap = try r.bytes(256)
    guard classMap.allSatisfy({ Int($0) < classCount }) else { throw .invalidAutomatonFile("bad byte class map") }
    let accepting = try r.bytes(stateCount).map { $0 != 0 }
    var table = [UInt32](repeating: 0, count: stateCount * classCount)
    for i in 0..<table.count {
      let t = try r.u32()
      guard Int(t) < stateCount else { throw .invalidAutomatonFile("transition to unknown state \(t)") }
      table[i] = t
    }
    let frozen = FrozenByteAutomaton(
      classMap: classMap, classCount: classCount, table: table, accepting: accepting, startState: start)
    var options = Options()
    options.maxCachedStates = max(options.maxCachedStates, stateCount)
    let automaton = TokenAutomaton(dfa: frozen, vocabulary: vocabulary, trie: trie, options: options)
    let words = automaton.bitmaskWordCount
    let maskCount = Int(try r.u32())
    var indices: [Int32] = []
    for _ in 0..<maskCount {
      let kind = try r.u8()
      let count = Int(try r.u32())
      guard count <= max(words, width) else { throw .invalidAutomatonFile("mask too large") }
      var values = [UInt32]()
      values.reserveCapacity(count)
      for _ in 0..<count { values.append(try r.u32()) }
      let mask: StoredMask
      switch kind {
      case 0, 1:
        guard values.allSatisfy({ Int($0) < width }) else { throw .invalidAutomatonFile("token id out of range in a mask") }
        let ids = values.map { Int32(bitPattern: $0) }
        mask = kind == 0 ? .allowed(ids) : .allExcept(ids)
      case 2:
        guard count == words else { throw .invalidAutomatonFile("dense mask of \(count) words, expected \(words)") }
        mask = .dense(values)
      default:
        throw .invalidAutomatonFile("unknown mask kind \(kind)")
      }
      indices.append(automaton.masks.intern(mask))
    }
    var stateMasks: [UInt32: Int32] = [:]
    for s in 0..<stateCount {
      let i = try r.u32()
      if i == UInt32.max { continue }
      guard Int(i) < indices.count else { throw .invalidAutomatonFile("state \(s) names mask \(i) of \(indices.count)") }
      stateMasks[UInt32(s)] = indices[Int(i)]
    }
    guard r.isAtEnd else { throw .invalidAutomatonFile("trailing bytes after the automaton") }
    automaton.stateMasks.withLock { $0 = stateMasks }
    return automaton
  }

  /// The distinct masks and, per state, the index of its mask (or 0xFFFFFFFF).
  private func snapshotMasks(stateCount: Int) -> ([StoredMask], [UInt32]) {
    let table = stateMasks.withLock { $0 }
    var list: [StoredMask] = []
    var remap: [Int32: UInt32] = [:]
    var perState = [UInt32](repeating: .max, count: stateCount)
    for s in 0..<stateCount {
      guard let i = table[UInt32(s)] else { continue }
      if let j = remap[i] {
        perState[s] = j
      } else {
        let j = UInt32(list.count)
        list.append(masks.mask(at: i))
        remap[i] = j
        perState[s] = j
      }
    }
    return (list, perState)
  }

  /// A fingerprint of everything in a vocabulary that masks depend on.
  static func fingerprint(of vocabulary: Vocabulary) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ b: UInt8) {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01B3
    }
    func mix32(_ v: Int) { for k in 0..<4 { mix(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
    mix32(vocabulary.logitsWidth)
    mix32(vocabulary.count)
    for id in 0..<vocabulary.count {
      mix(vocabulary.isSpecial(id) ? 1 : 0)
      _ = vocabulary.withBytes(of: id) { bytes in
        mix32(bytes.count)
        for b in bytes { mix(b) }
      }
    }
    for id in vocabulary.eosTokenIDs { mix32(id) }
    return h
  }
}

/// Little-endian writer for the automaton file.
struct ByteWriter {
  var data: [UInt8] = []
  mutating func u8(_ v: UInt8) { data.append(v) }
  mutating func u32(_ v: UInt32) { for k in 0..<4 { data.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
  mutating func u64(_ v: UInt64) { for k in 0..<8 { data.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
  mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
}

/// Bounds-checked little-endian reader: truncation is an error, never a trap.
struct ByteReader {
  let data: [UInt8]
  var offset = 0
  var isAtEnd: Bool { offset == data.count }

  mutating func bytes(_ n: Int) throws(StraitError) -> [UInt8] {
    guard n >= 0, data.count - offset >= n else {
      throw .invalidAutomatonFile("truncated at byte \(offset) (needed \(n) more bytes)")
    }
    defer { offset += n }
    return Array(data[offset..<offset + n])
  }
  mutating func u8() throws(StraitError) -> UInt8 { try bytes(1)[0] }
  mutating func u32() throws(StraitError) -> UInt32 {
    let b = try bytes(4)
    return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
  }
  mutating func u64() throws(StraitError) -> UInt64 {
    let b = try bytes(8)
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(b[k]) << (8 * UInt64(k)) }
    return v
  }
}
