/// Collects `(id, bytes)` entries in any order and lays them out by id.
///
/// Later entries for the same id replace earlier ones (a `tokenizer.json` added token
/// overrides the model's entry, as in Hugging Face `tokenizers`). Loaders detect duplicates
/// that are errors before they append.
struct VocabularyBuilder {
  let path: String
  /// Appended token bytes, entry after entry.
  var bytes: [UInt8] = []
  /// Entry k has id `ids[k]` and bytes `bytes[starts[k]..<starts[k + 1]]` (or `..<bytes.count`).
  var ids: [Int32] = []
  var starts: [Int] = []
  /// Ids marked special (applied after layout).
  var specialIDs: [Int] = []
  /// The highest id appended so far.
  var maxID = -1

  init(path: String, capacity: Int = 0, byteCapacity: Int = 0) {
    self.path = path
    ids.reserveCapacity(capacity)
    starts.reserveCapacity(capacity)
    bytes.reserveCapacity(byteCapacity)
  }

  /// Starts a new entry; the caller appends its bytes to ``bytes``.
  @inline(__always)
  mutating func beginEntry(id: Int) {
    ids.append(Int32(truncatingIfNeeded: id))
    starts.append(bytes.count)
    if id > maxID { maxID = id }
  }

  mutating func append(id: Int, bytes newBytes: some Collection<UInt8>) {
    beginEntry(id: id)
    bytes.append(contentsOf: newBytes)
  }

  mutating func markSpecial(_ id: Int) { specialIDs.append(id) }

  /// Lays the entries out by id (the last entry of an id wins) and marks the special ids.
  ///
  /// - Throws: when the token bytes exceed 4 GiB.
  func layout() throws(TokenizerError) -> LaidOutVocabulary {
    let count = maxID + 1
    guard bytes.count < Int(UInt32.max) else {
      throw TokenizerError(path: path, message: "token bytes exceed 4 GiB")
    }
    var flags = [UInt8](repeating: 0, count: count)
    var storage: [UInt8]
    var offsets: [UInt32]
    // Fast path: entries already are ids 0, 1, 2, ... once each.
    var sequential = ids.count == count
    if sequential {
      ids.withUnsafeBufferPointer { ids in
        for k in 0..<ids.count where Int(ids[k]) != k {
          sequential = false
          break
        }
      }
    }
    if sequential {
      storage = bytes
      offsets = [UInt32](unsafeUninitializedCapacity: count + 1) { buffer, initialized in
        for k in 0..<count { buffer[k] = UInt32(truncatingIfNeeded: starts[k]) }
        buffer[count] = UInt32(truncatingIfNeeded: bytes.count)
        initialized = count + 1
      }
      for k in 0..<count { flags[k] = Vocabulary.hasEntryFlag }
    } else {
      var entryOfID = [Int32](repeating: -1, count: count)
      for k in ids.indices { entryOfID[Int(ids[k])] = Int32(k) }
      storage = []
      storage.reserveCapacity(bytes.count)
      offsets = [UInt32](repeating: 0, count: count + 1)
      for id in 0..<count {
        offsets[id] = UInt32(truncatingIfNeeded: storage.count)
        let k = Int(entryOfID[id])
        guard k >= 0 else { continue }
        let end = k + 1 < starts.count ? starts[k + 1] : bytes.count
        storage.append(contentsOf: bytes[starts[k]..<end])
        flags[id] = Vocabulary.hasEntryFlag
      }
      offsets[count] = UInt32(truncatingIfNeeded: storage.count)
    }
    for id in specialIDs where id >= 0 && id < count && flags[id] != 0 {
      flags[id] |= Vocabulary.specialFlag
    }
    return LaidOutVocabulary(path: path, storage: storage, offsets: offsets, flags: flags)
  }
}

/// Token bytes laid out by id, before the end-of-sequence ids and logits width are settled.
struct LaidOutVocabulary {
  let path: String
  var storage: [UInt8]
  var offsets: [UInt32]
  var flags: [UInt8]

  var count: Int { flags.count }

  func hasToken(_ id: Int) -> Bool { id >= 0 && id < flags.count && flags[id] != 0 }

  func bytes(of id: Int) -> ArraySlice<UInt8> { storage[Int(offsets[id])..<Int(offsets[id + 1])] }

  /// The id of the token whose bytes are `text`'s UTF-8, preferring special tokens, else the
  /// lowest id. A linear scan, for the few names side files give.
  func id(ofText text: String) -> Int? {
    let target = Array(text.utf8)
    var found: Int?
    for id in 0..<count where flags[id] != 0 && bytes(of: id).elementsEqual(target) {
      if flags[id] & Vocabulary.specialFlag != 0 { return id }
      if found == nil { found = id }
    }
    return found
  }

  mutating func markSpecial(_ id: Int) {
    if hasToken(id) { flags[id] |= Vocabulary.specialFlag }
  }

  /// Checks the end-of-sequence and BOS ids and the logits width, and makes the vocabulary.
  func finish(
    kind: TokenizerKind, eos: [Int], bos: Int?, logitsWidth: Int?, stripsLeadingSpace: Bool,
    sourcePath: String?
  ) throws(TokenizerError) -> Vocabulary {
    var flags = self.flags
    for id in eos {
      guard hasToken(id) else {
        throw TokenizerError(path: path, message: "end-of-sequence id \(id) out of range or without a token (vocabulary has \(count) ids)")
      }
      flags[id] |= Vocabulary.specialFlag
    }
    if let bos {
      guard hasToken(bos) else {
        throw TokenizerError(path: path, message: "beginning-of-sequence id \(bos) out of range or without a token (vocabulary has \(count) ids)")
      }
      flags[bos] |= Vocabulary.specialFlag
    }
    let width = logitsWidth ?? count
    guard width >= count else {
      throw TokenizerError(path: path, message: "logits width \(width) is smaller than the vocabulary size \(count) (id \(count - 1) out of range)")
    }
    return Vocabulary(
      kind: kind, storage: storage, offsets: offsets, flags: flags, logitsWidth: width,
      eos: eos, bos: bos, decoderStripsLeadingSpace: stripsLeadingSpace, sourcePath: sourcePath)
  }
}
