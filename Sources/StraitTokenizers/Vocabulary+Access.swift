extension Vocabulary {
  /// Whether `id` has a token (false for ids outside `0..<count` and for holes).
  @inlinable public func hasToken(_ id: Int) -> Bool {
    id >= 0 && id < flags.count && flags[id] & Self.hasEntryFlag != 0
  }

  /// Whether `id` is a special or control token, which a grammar mask never allows (the
  /// end-of-sequence ids are special too: the runtime allows them only when the document is
  /// complete). False for ids without a token.
  @inlinable public func isSpecial(_ id: Int) -> Bool {
    id >= 0 && id < flags.count && flags[id] & Self.specialFlag != 0
  }

  /// The exact bytes the decoder emits for `id`, or nil when `id` has no token.
  ///
  /// For SentencePiece vocabularies `▁` is a space and is never stripped (see the type's
  /// discussion); for special tokens these are the token's text as UTF-8.
  ///
  /// - Complexity: O(length of the token); allocates. Use ``withBytes(of:_:)`` in hot code.
  public func bytes(of id: Int) -> [UInt8]? {
    withBytes(of: id) { Array($0) }
  }

  /// Calls `body` with the bytes of `id` without allocating; nil when `id` has no token.
  ///
  /// The buffer is valid only inside `body`.
  ///
  /// - Complexity: O(1) plus `body`.
  @inlinable public func withBytes<R>(of id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R)
    rethrows -> R?
  {
    guard hasToken(id) else { return nil }
    let start = Int(offsets[id])
    let end = Int(offsets[id + 1])
    return try storage.withUnsafeBufferPointer { buffer in
      try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
    }
  }

  /// The bytes of `id` as text (invalid UTF-8 replaced by U+FFFD), for display.
  public func text(of id: Int) -> String? {
    withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
  }

  /// The total number of token bytes held (every id).
  public var totalTokenBytes: Int { storage.count }

  /// Memory held by the vocabulary's arrays, in bytes.
  public var memoryBytes: Int {
    storage.capacity + offsets.capacity * MemoryLayout<UInt32>.stride + flags.capacity
  }

  /// Calls `body` with the flat storage: `bytes` holds every token's bytes in id order and the
  /// token `id` occupies `bytes[offsets[id]..<offsets[id + 1]]` (`offsets` has `count + 1`
  /// entries; ids without a token have an empty range). For hot loops that walk many tokens.
  ///
  /// - Complexity: O(1) plus `body`.
  @inlinable public func withUnsafeStorage<R>(
    _ body: (_ bytes: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<UInt32>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeBufferPointer { bytes in
      try offsets.withUnsafeBufferPointer { offsets in try body(bytes, offsets) }
    }
  }

  /// A copy of this vocabulary with other end-of-sequence ids and/or logits width.
  ///
  /// - Throws: ``TokenizerError`` when an id has no token or the width is too small.
  public func overriding(eosTokenIDs: [Int]? = nil, logitsWidth: Int? = nil) throws(TokenizerError)
    -> Vocabulary
  {
    let label = sourcePath ?? "<token bytes>"
    var newFlags = flags
    let eos = eosTokenIDs ?? self.eosTokenIDs
    for id in eos {
      guard hasToken(id) else {
        throw TokenizerError(path: label, message: "end-of-sequence id \(id) out of range or without a token (vocabulary has \(count) ids)")
      }
      newFlags[id] |= Self.specialFlag
    }
    let width = logitsWidth ?? self.logitsWidth
    guard width >= count else {
      throw TokenizerError(path: label, message: "logits width \(width) is smaller than the vocabulary size \(count)")
    }
    return Vocabulary(
      kind: kind, storage: storage, offsets: offsets, flags: newFlags, logitsWidth: width,
      eos: eos, bos: bosTokenID, decoderStripsLeadingSpace: decoderStripsLeadingSpace,
      sourcePath: sourcePath)
  }
}
