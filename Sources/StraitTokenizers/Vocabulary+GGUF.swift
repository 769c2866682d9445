extension Vocabulary {
  /// Loads the vocabulary stored in a GGUF model's metadata (memory-mapped; tensors untouched).
  ///
  /// Keys read: `tokenizer.ggml.model` (`llama` = SentencePiece, `gpt2` = byte-level BPE,
  /// `t5` = SentencePiece Unigram), `tokenizer.ggml.tokens`, `tokenizer.ggml.token_type`,
  /// `tokenizer.ggml.{bos,eos,eot,eom,unknown,padding}_token_id`,
  /// `tokenizer.ggml.add_space_prefix`, `general.architecture` and `<arch>.vocab_size`.
  ///
  /// Token bytes follow llama.cpp's `token_to_piece`: a normal token (type 1) is decoded
  /// (`▁` → space for SentencePiece, the GPT-2 byte table for `gpt2`); a byte token (type 6) of
  /// a SentencePiece vocabulary is `<0xNN>` → that byte; user-defined tokens (type 4) are their
  /// text as UTF-8; unknown (2), control (3), unused (5) and undefined types are special, with
  /// their text as bytes. End-of-sequence ids are `eos`, then `eot` and `eom` when present,
  /// then (as llama.cpp does) every control or user-defined token named ``ggufEndNames``.
  ///
  /// - Throws: on a wrong magic or version, truncated or corrupt metadata (with the byte
  ///   offset), a missing tokenizer, an unsupported tokenizer model, a `token_type` array of the
  ///   wrong length, a malformed byte token, invalid UTF-8, or an id out of range.
  /// Token texts that end generation in a GGUF vocabulary (when control or user-defined),
  /// in order of preference.
  static let ggufEndNames: [[UInt8]] = [
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>",
    "<|end_of_text|>", "<EOT>", "</s>", "<eos>",
  ].map { Array($0.utf8) }

  static func loadGGUF(_ file: MappedFile, options: VocabularyLoadOptions) throws(TokenizerError) -> Vocabulary {
    let path = file.path
    var reader = GGUFReader(path: path, bytes: file.bytes)
    try reader.readMetadata()
    guard let model = try reader.stringValue("tokenizer.ggml.model") else {
      throw TokenizerError(path: path, message: "GGUF file has no tokenizer ('tokenizer.ggml.model' is missing)")
    }
    let kind: TokenizerKind
    var decoder: TokenTextDecoder
    switch model {
    case "llama":
      kind = .ggufSentencePiece
      decoder = TokenTextDecoder(mode: .pieces, replacements: [(TokenTextDecoder.metaspace, [0x20])])
    case "t5":
      kind = .ggufUnigram
      decoder = TokenTextDecoder(mode: .pieces, replacements: [(TokenTextDecoder.metaspace, [0x20])])
    case "gpt2":
      kind = .ggufByteLevelBPE
      decoder = TokenTextDecoder(mode: .byteLevel)
    default:
      throw TokenizerError(path: path, message: "unsupported GGUF tokenizer model '\(model)' (supported: llama, gpt2, t5)")
    }
    let sentencePiece = kind != .ggufByteLevelBPE

    guard let tokens = try reader.array("tokenizer.ggml.tokens") else {
      throw TokenizerError(path: path, message: "GGUF file has no 'tokenizer.ggml.tokens'")
    }
    guard tokens.element == .string else {
      throw TokenizerError(path: path, message: "'tokenizer.ggml.tokens' is an array of \(tokens.element), expected strings")
    }
    guard tokens.count <= Vocabulary.maxTokenID + 1 else {
      throw TokenizerError(path: path, message: "\(tokens.count) tokens exceed the limit of \(Vocabulary.maxTokenID + 1)")
    }
    var typesOffset: Int? = nil
    if let types = try reader.array("tokenizer.ggml.token_type") {
      guard types.element == .int32 || types.element == .uint32 else {
        throw TokenizerError(path: path, message: "'tokenizer.ggml.token_type' is an array of \(types.element), expected int32")
      }
      guard types.count == tokens.count else {
        throw TokenizerError(path: path, message: "'tokenizer.ggml.token_type' has \(types.count) entries but there are \(tokens.count) tokens")
      }
      try reader.require(types.count * 4, at: types.offset, "'tokenizer.ggml.token_type'")
      typesOffset = types.offset
    }

    let bytes = file.bytes
    var builder = VocabularyBuilder(path: path, capacity: tokens.count, byteCapacity: tokens.count * 8)
    var position = tokens.offset
    var namedEnds: [(rank: Int, id: Int)] = []
    for id in 0..<tokens.count {
      let range = try reader.stringRange(at: position, "token \(id)")
      position = range.upperBound
      let text = UnsafeBufferPointer(rebasing: bytes[range])
      guard UTF8Check.isValid(text) else {
        throw TokenizerError(path: path, message: "token \(id) at byte \(range.lowerBound) is not valid UTF-8", offset: range.lowerBound)
      }
      var type: UInt32 = 1
      if let typesOffset { type = try reader.u32(at: typesOffset + 4 * id, "token_type \(id)") }
      builder.beginEntry(id: id)
      if type == 3 || type == 4, let rank = Self.ggufEndNames.firstIndex(where: { $0.elementsEqual(text) }) {
        namedEnds.append((rank, id))
      }
      switch type {
      case 1:
        decoder.decode(text, into: &builder.bytes)
      case 4:
        builder.bytes.append(contentsOf: text)
      case 6 where sentencePiece:
        guard let byte = TokenTextDecoder.fallbackByte(text) else {
          throw TokenizerError(path: path, message: "byte token \(id) is \(ByteStringTable.display(text)), expected <0xNN>", offset: range.lowerBound)
        }
        builder.bytes.append(byte)
      case 6:
        decoder.decode(text, into: &builder.bytes)
      default:  // 2 unknown, 3 control, 5 unused, 0 undefined and anything else
        builder.bytes.append(contentsOf: text)
        builder.markSpecial(id)
      }
    }

    func tokenID(_ key: String, required: Bool) throws(TokenizerError) -> Int? {
      guard let raw = try reader.integerValue("tokenizer.ggml." + key) else { return nil }
      guard raw >= 0, raw < Int64(tokens.count) else {
        if !required { return nil }  // llama.cpp writes -1 / out-of-range for "none"
        throw TokenizerError(path: path, message: "'tokenizer.ggml.\(key)' \(raw) out of range (the vocabulary has \(tokens.count) tokens)")
      }
      return Int(raw)
    }
    var eos: [Int] = []
    for key in ["eos_token_id", "eot_token_id", "eom_token_id"] {
      if let id = try tokenID(key, required: true), !eos.contains(id) { eos.append(id) }
    }
    // Like llama.cpp, control and user-defined tokens with a known end-of-turn name also end
    // generation (Gemma's <end_of_turn> and </s>, SmolLM2's <|endoftext|>).
    for (_, id) in namedEnds.sorted(by: { $0.rank < $1.rank }) where !eos.contains(id) { eos.append(id) }
    let bos = try tokenID("bos_token_id", required: true)
    for key in ["unknown_token_id", "padding_token_id"] {
      if let id = try tokenID(key, required: false) { builder.markSpecial(id) }
    }
    let stripsLeadingSpace = try reader.boolValue("tokenizer.ggml.add_space_prefix") ?? sentencePiece

    var width = options.logitsWidth
    if width == nil, let arch = try reader.stringValue("general.architecture"),
      let size = try reader.integerValue(arch + ".vocab_size"), size >= Int64(tokens.count),
      size <= Int64(Vocabulary.maxTokenID + 1)
    {
      width = Int(size)
    }
    let laid = try builder.layout()
    return try laid.finish(
      kind: kind, eos: options.eosTokenIDs ?? eos, bos: bos, logitsWidth: width,
      stripsLeadingSpace: stripsLeadingSpace, sourcePath: path)
  }
}
