extension Vocabulary {
  /// Loads a tiktoken rank file: one `base64-token rank` pair per line; the rank is the id.
  ///
  /// Special tokens are not in the file. They come from ``VocabularyLoadOptions/specialTokens``,
  /// else from `added_tokens_decoder` in a `tokenizer_config.json` beside the file (Llama 3.1's
  /// 256 specials at 128000...128255, Qwen2.5's 22 added tokens); an added token marked
  /// `"special": false` there is a text token whose bytes are its content.
  ///
  /// - Throws: on a malformed line (with its line number and byte offset), invalid base64, a
  ///   rank out of range, a duplicate rank or token, or an added token whose id is a rank.
  static func loadTiktoken(_ file: MappedFile, options: VocabularyLoadOptions) throws(TokenizerError)
    -> Vocabulary
  {
    let path = file.path
    let buffer = file.bytes
    let estimate = buffer.count / 16
    var builder = VocabularyBuilder(path: path, capacity: estimate, byteCapacity: estimate * 7)
    var seen = ByteStringTable(expectedCount: estimate, expectedBytes: estimate * 7)
    var rankLine: [Int32] = []
    var line = 0
    var i = 0
    let n = buffer.count
    while i < n {
      line += 1
      let lineStart = i
      var end = i
      while end < n, buffer[end] != 0x0A { end += 1 }
      i = end + 1
      var stop = end
      if stop > lineStart, buffer[stop - 1] == 0x0D { stop -= 1 }  // CRLF files
      if stop == lineStart { continue }  // blank lines are skipped, as tiktoken does
      func fail(_ message: String) -> TokenizerError {
        TokenizerError(path: path, message: "line \(line) (byte \(lineStart)): \(message)", offset: lineStart)
      }
      var space = lineStart
      while space < stop, buffer[space] != 0x20 { space += 1 }
      guard space < stop, space > lineStart else { throw fail("expected 'base64-token rank'") }
      var rank = 0
      var k = space + 1
      guard k < stop else { throw fail("missing rank") }
      while k < stop {
        let d = buffer[k] &- 0x30
        guard d < 10 else { throw fail("rank is not a non-negative integer") }
        rank = rank * 10 + Int(d)
        guard rank <= Vocabulary.maxTokenID else { throw fail("rank out of range (0...\(Vocabulary.maxTokenID))") }
        k += 1
      }
      if rank >= rankLine.count { rankLine.append(contentsOf: repeatElement(0, count: rank + 1 - rankLine.count)) }
      guard rankLine[rank] == 0 else { throw fail("rank \(rank) appears twice (lines \(rankLine[rank]) and \(line))") }
      rankLine[rank] = Int32(line)
      builder.beginEntry(id: rank)
      let tokenStart = builder.bytes.count
      guard Base64.decode(UnsafeBufferPointer(rebasing: buffer[lineStart..<space]), into: &builder.bytes) else {
        throw fail("invalid base64 token")
      }
      guard builder.bytes.count > tokenStart else { throw fail("empty token") }
      let duplicate = builder.bytes.withUnsafeBufferPointer { all in
        seen.insert(UnsafeBufferPointer(rebasing: all[tokenStart...]), payload: Int32(rank))
      }
      if let other = duplicate {
        throw fail("duplicate token \(ByteStringTable.display(seen.bytes(ofEntry: other))) (ranks \(seen.payloads[other]) and \(rank))")
      }
    }
    guard builder.maxID >= 0 else { throw TokenizerError(path: path, message: "no tokens") }

    // Special (and other added) tokens: the side file, then the options.
    var added: [(id: Int, content: String, special: Bool)] = []
    if options.readSideFiles {
      added = try SideFiles.read(besides: path).addedTokens
    }
    if let given = options.specialTokens {
      let ids = Set(given.map(\.id))
      added = added.filter { !ids.contains($0.id) } + given.map { ($0.id, $0.text, true) }
    }
    for token in added.sorted(by: { $0.id < $1.id }) {
      guard token.id >= 0, token.id <= Vocabulary.maxTokenID else {
        throw TokenizerError(path: path, message: "special token id \(token.id) out of range (0...\(Vocabulary.maxTokenID))")
      }
      if token.id < rankLine.count, rankLine[token.id] != 0 {
        throw TokenizerError(path: path, message: "added token \(ByteStringTable.display(Array(token.content.utf8))) has id \(token.id), which is the rank of line \(rankLine[token.id])")
      }
      builder.append(id: token.id, bytes: token.content.utf8)
      if token.special { builder.markSpecial(token.id) }
    }
    var laid = try builder.layout()
    return try finishLoad(
      &laid, added: added, kind: .tiktoken, stripsLeadingSpace: false, options: options, path: path)
  }
}
