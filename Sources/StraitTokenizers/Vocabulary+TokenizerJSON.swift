import StraitJSON

extension Vocabulary {
  /// Loads a Hugging Face `tokenizer.json` (see ``TokenizerJSONReader``).
  static func loadTokenizerJSON(_ file: MappedFile, options: VocabularyLoadOptions) throws(TokenizerError)
    -> Vocabulary
  {
    var reader = TokenizerJSONReader(path: file.path, buffer: file.bytes)
    return try reader.read(options: options)
  }
}

/// Reads the token bytes of a Hugging Face `tokenizer.json`.
///
/// What is read: `model.type` (`BPE` or `Unigram`; others are an error), `model.vocab` (an object
/// `{token: id}` for BPE, a list of `[piece, score]` for Unigram), `model.unk_token`/`unk_id`,
/// `added_tokens` (each `{id, content, special}`), and the `decoder` (or, when it is null, the
/// `pre_tokenizer` and `normalizer`) to tell how token text becomes bytes:
///
/// - `ByteLevel` decoder: each character is mapped back through the GPT-2 byte table;
/// - `Replace` / `Metaspace` / `ByteFallback` / `Fuse` / `Strip` (SentencePiece style): `▁`
///   becomes a space, `<0xNN>` is the byte `0xNN`, and `Strip`/`Metaspace` set
///   ``Vocabulary/decoderStripsLeadingSpace``.
///
/// Added tokens override the model's entry for their id (as in Hugging Face `tokenizers`).
/// Special added tokens are their `content` as UTF-8; other added tokens go through the decoder
/// like any token. `merges` and the other sections are skipped after a JSON structure check.
struct TokenizerJSONReader {
  let path: String
  let buffer: UnsafeBufferPointer<UInt8>

  private var normalizer: JSONValue?
  private var preTokenizer: JSONValue?
  private var decoderSection: JSONValue?
  private var seenDecoder = false
  private var seenPreTokenizer = false
  private var seenNormalizer = false
  private var addedTokensRange: Range<Int>?

  private var modelType: String?
  private var modelTypeOffset = 0
  private var vocabRange: Range<Int>?
  private var vocabParsed = false
  private var hasMerges = false
  private var unkToken: String?
  private var unkID: Int?
  private var modelByteFallback = false
  private var modelSeen = false

  private var textDecoder: TokenTextDecoder?
  private var builder: VocabularyBuilder
  /// Decoded key text of every vocabulary entry, to find duplicates.
  private var keys = ByteStringTable(expectedCount: 0)
  /// For each id, the `keys` entry that took it (-1: none yet).
  private var idOwner: [Int32] = []

  init(path: String, buffer: UnsafeBufferPointer<UInt8>) {
    self.path = path
    self.buffer = buffer
    builder = VocabularyBuilder(path: path)
  }

  private func fail(_ message: String, at offset: Int? = nil) -> TokenizerError {
    if let offset {
      return TokenizerError(path: path, message: "\(message) (byte \(offset))", offset: offset)
    }
    return TokenizerError(path: path, message: message)
  }

  // MARK: Top level

  mutating func read(options: VocabularyLoadOptions) throws(TokenizerError) -> Vocabulary {
    var s = JSONSkimmer(buffer, path: path)
    guard s.peek() == 0x7B else {
      throw fail("not a tokenizer.json: expected a JSON object, found \(s.describe(at: s.index))", at: s.index)
    }
    // Size the tables for the file: a vocabulary entry is about 12-20 bytes of JSON.
    let estimate = min(buffer.count / 40, Vocabulary.maxTokenID)
    keys = ByteStringTable(expectedCount: estimate / 2, expectedBytes: estimate * 4)
    builder = VocabularyBuilder(path: path, capacity: estimate / 2, byteCapacity: estimate * 4)

    try s.expect(0x7B, "'{'")
    if !s.consume(0x7D) {
      repeat {
        let key = try s.scanString()
        try s.expect(0x3A, "':'")
        if s.equals(key, "model") {
          try readModel(&s)
        } else if s.equals(key, "added_tokens") {
          addedTokensRange = try s.skipValue()
        } else if s.equals(key, "decoder") {
          decoderSection = try section(&s)
          seenDecoder = true
        } else if s.equals(key, "pre_tokenizer") {
          preTokenizer = try section(&s)
          seenPreTokenizer = true
        } else if s.equals(key, "normalizer") {
          normalizer = try section(&s)
          seenNormalizer = true
        } else {
          try s.skipValue()
        }
      } while try s.commaOr(0x7D)
    }
    try s.expectEnd()

    guard modelSeen else { throw fail("no 'model' section") }
    let type = try resolvedModelType()
    guard type == "BPE" || type == "Unigram" else {
      throw fail("unsupported model type '\(type)' (supported: BPE, Unigram)", at: modelTypeOffset)
    }
    if !vocabParsed {
      guard let vocabRange else { throw fail("'model' has no 'vocab'") }
      var v = JSONSkimmer(buffer, path: path, at: vocabRange.lowerBound)
      try readVocab(&v)
    }
    guard let textDecoder else { throw fail("internal: no decoder configuration") }

    if let unkToken {
      // The unknown token is a control token, never text.
      let unk = Array(unkToken.utf8)
      let found = unk.withUnsafeBufferPointer { keys.find($0) }
      if let entry = found { builder.markSpecial(Int(keys.payloads[entry])) }
    }
    if let unkID { builder.markSpecial(unkID) }

    let added = try readAddedTokens(textDecoder)
    var laid = try builder.layout()
    let kind: TokenizerKind =
      type == "Unigram" ? .unigram : (textDecoder.mode == .byteLevel ? .byteLevelBPE : .sentencePieceBPE)
    return try finishLoad(
      &laid, added: added, kind: kind, stripsLeadingSpace: textDecoder.stripsLeadingSpace,
      options: options, path: path)
  }

  /// Parses a small section (decoder, normalizer, pre-tokenizer) with StraitJSON.
  private func section(_ s: inout JSONSkimmer) throws(TokenizerError) -> JSONValue {
    let range = try s.skipValue()
    return try parseJSON(range)
  }

  private func parseJSON(_ range: Range<Int>) throws(TokenizerError) -> JSONValue {
    do throws(JSONParseError) {
      return try JSONParser.parse(UnsafeBufferPointer(rebasing: buffer[range]))
    } catch {
      let at = range.lowerBound + error.offset
      throw fail("invalid JSON: \(error.message)", at: at)
    }
  }

  private func resolvedModelType() throws(TokenizerError) -> String {
    if let modelType { return modelType }
    // Older files omit the tag; Hugging Face then tells the model by its fields.
    if vocabShape == 0x5B { return "Unigram" }
    if vocabShape == 0x7B && hasMerges { return "BPE" }
    throw fail("'model' has no 'type' and is neither BPE nor Unigram")
  }

  private var vocabShape: UInt8? {
    guard let vocabRange, vocabRange.lowerBound < buffer.count else { return nil }
    return buffer[vocabRange.lowerBound]
  }

  // MARK: Model

  private mutating func readModel(_ s: inout JSONSkimmer) throws(TokenizerError) {
    modelSeen = true
    try s.expect(0x7B, "the 'model' object")
    if s.consume(0x7D) { return }
    repeat {
      let key = try s.scanString()
      try s.expect(0x3A, "':'")
      if s.equals(key, "type") {
        modelTypeOffset = s.index
        modelType = try s.string(s.scanString())
      } else if s.equals(key, "vocab") {
        _ = s.peek()
        let start = s.index
        // The decoder section comes before the model in files Hugging Face writes; then the
        // vocabulary is read in this same pass.
        if seenDecoder && (decoderSection.map { !$0.isNull } ?? false || (seenPreTokenizer && seenNormalizer)) {
          try readVocab(&s)
          vocabRange = start..<s.index
        } else {
          vocabRange = try s.skipValue()
        }
      } else if s.equals(key, "merges") {
        hasMerges = true
        try s.skipValue()
      } else if s.equals(key, "unk_token") {
        if s.peek() == 0x22 { unkToken = try s.string(s.scanString()) } else { try s.skipValue() }
      } else if s.equals(key, "unk_id") {
        if s.peek() == 0x6E { try s.skipValue() } else {
          let at = s.index
          let id = try s.readInteger("unk_id")
          guard id >= 0, id <= Vocabulary.maxTokenID else { throw fail("unk_id \(id) out of range", at: at) }
          unkID = id
        }
      } else if s.equals(key, "byte_fallback") {
        if let b = s.readBool() { modelByteFallback = b } else { try s.skipValue() }
      } else {
        try s.skipValue()
      }
    } while try s.commaOr(0x7D)
  }

  // MARK: Vocabulary

  private mutating func readVocab(_ s: inout JSONSkimmer) throws(TokenizerError) {
    let decoder = try TokenizerJSONDecoderConfig.make(
      decoder: decoderSection, preTokenizer: preTokenizer, normalizer: normalizer,
      modelByteFallback: modelByteFallback, path: path)
    textDecoder = decoder
    vocabParsed = true
    switch s.peek() {
    case 0x7B: try readBPEVocab(&s, decoder)
    case 0x5B: try readUnigramVocab(&s, decoder)
    default:
      throw fail("'model.vocab' must be an object or a list, found \(s.describe(at: s.index))", at: s.index)
    }
  }

  private mutating func readBPEVocab(_ s: inout JSONSkimmer, _ decoder: TokenTextDecoder)
    throws(TokenizerError)
  {
    try s.expect(0x7B, "'{'")
    if s.consume(0x7D) { return }
    var scratch: [UInt8] = []
    repeat {
      let keyOffset = s.index
      let raw = try s.scanString()
      try s.expect(0x3A, "':'")
      let idOffset = s.index
      let id = try s.readInteger("token id")
      try addVocabEntry(s, raw, id: id, keyOffset: keyOffset, idOffset: idOffset, decoder, &scratch)
    } while try s.commaOr(0x7D)
  }

  private mutating func readUnigramVocab(_ s: inout JSONSkimmer, _ decoder: TokenTextDecoder)
    throws(TokenizerError)
  {
    try s.expect(0x5B, "'['")
    if s.consume(0x5D) { return }
    var scratch: [UInt8] = []
    var id = 0
    repeat {
      let at = s.index
      try s.expect(0x5B, "a [piece, score] pair")
      let keyOffset = s.index
      let raw = try s.scanString()
      try s.expect(0x2C, "',' and a score")
      guard let c = s.peek(), c == 0x2D || (c >= 0x30 && c <= 0x39) else {
        throw fail("Unigram vocabulary entry \(id): the score must be a number", at: s.index)
      }
      try s.skipNumber()
      guard !(try s.commaOr(0x5D)) else {
        throw fail("Unigram vocabulary entry \(id) must be a [piece, score] pair", at: at)
      }
      try addVocabEntry(s, raw, id: id, keyOffset: keyOffset, idOffset: at, decoder, &scratch)
      id += 1
    } while try s.commaOr(0x5D)
  }

  @inline(__always)
  private mutating func addVocabEntry(
    _ s: JSONSkimmer, _ raw: JSONSkimmer.RawString, id: Int, keyOffset: Int, idOffset: Int,
    _ decoder: TokenTextDecoder, _ scratch: inout [UInt8]
  ) throws(TokenizerError) {
    guard id >= 0, id <= Vocabulary.maxTokenID else {
      throw fail("vocab: id \(id) out of range (0...\(Vocabulary.maxTokenID))", at: idOffset)
    }
    if raw.escaped {
      scratch.removeAll(keepingCapacity: true)
      try s.decode(raw, into: &scratch)
      try scratch.withUnsafeBufferPointer { (text) throws(TokenizerError) in
        try addVocabText(text, id: id, keyOffset: keyOffset, idOffset: idOffset, decoder)
      }
    } else {
      let text = UnsafeBufferPointer(rebasing: buffer[raw.start..<raw.end])
      try addVocabText(text, id: id, keyOffset: keyOffset, idOffset: idOffset, decoder)
    }
  }

  @inline(__always)
  private mutating func addVocabText(
    _ text: UnsafeBufferPointer<UInt8>, id: Int, keyOffset: Int, idOffset: Int,
    _ decoder: TokenTextDecoder
  ) throws(TokenizerError) {
    if let other = keys.insert(text, payload: Int32(id)) {
      throw fail(
        "vocab: duplicate token \(ByteStringTable.display(text)) (ids \(keys.payloads[other]) and \(id))",
        at: keyOffset)
    }
    if id >= idOwner.count {
      idOwner.append(contentsOf: repeatElement(-1, count: id + 1 - idOwner.count))
    }
    let owner = Int(idOwner[id])
    if owner >= 0 {
      throw fail(
        "vocab: id \(id) is given to two tokens, \(ByteStringTable.display(keys.bytes(ofEntry: owner))) and \(ByteStringTable.display(text))",
        at: idOffset)
    }
    idOwner[id] = Int32(keys.count - 1)
    builder.beginEntry(id: id)
    decoder.decode(text, into: &builder.bytes)
  }

  // MARK: Added tokens

  private mutating func readAddedTokens(_ decoder: TokenTextDecoder) throws(TokenizerError)
    -> [(id: Int, content: String, special: Bool)]
  {
    guard let range = addedTokensRange else { return [] }
    let value = try parseJSON(range)
    if value.isNull { return [] }
    guard let items = value.arrayValue else { throw fail("'added_tokens' must be a list", at: range.lowerBound) }
    var result: [(id: Int, content: String, special: Bool)] = []
    var contentOwner: [String: Int] = [:]
    var idContent: [Int: String] = [:]
    for (k, item) in items.enumerated() {
      guard let number = item["id"]?.numberValue, let id64 = number.int64 else {
        throw fail("added_tokens[\(k)]: missing or non-integer 'id'", at: range.lowerBound)
      }
      guard id64 >= 0, id64 <= Int64(Vocabulary.maxTokenID) else {
        throw fail("added_tokens[\(k)]: id \(id64) out of range (0...\(Vocabulary.maxTokenID))", at: range.lowerBound)
      }
      let id = Int(id64)
      guard let content = item["content"]?.stringValue else {
        throw fail("added_tokens[\(k)] (id \(id)): missing 'content'", at: range.lowerBound)
      }
      if let other = contentOwner[content], other != id {
        throw fail("added_tokens: duplicate token \(ByteStringTable.display(Array(content.utf8))) (ids \(other) and \(id))", at: range.lowerBound)
      }
      if let other = idContent[id], other != content {
        throw fail("added_tokens: id \(id) is given to two tokens, \(ByteStringTable.display(Array(other.utf8))) and \(ByteStringTable.display(Array(content.utf8)))", at: range.lowerBound)
      }
      contentOwner[content] = id
      idContent[id] = content
      let special = item["special"]?.boolValue ?? false
      builder.beginEntry(id: id)
      if special {
        builder.bytes.append(contentsOf: content.utf8)
        builder.markSpecial(id)
      } else {
        var copy = content
        copy.withUTF8 { decoder.decode($0, into: &builder.bytes) }
      }
      result.append((id, content, special))
    }
    return result
  }
}

/// Settles the special tokens, end-of-sequence ids and logits width of a laid-out vocabulary
/// from the added tokens, the side files and the options (shared by every loader).
///
/// End-of-sequence ids, in order: the options' ids; else `eos_token` of
/// `tokenizer_config.json`, then `eos_token_id` of `generation_config.json` and of
/// `config.json` (duplicates dropped); else every added token named `<|eot_id|>`,
/// `<|end_of_text|>`, `<|im_end|>`, `<|endoftext|>`, `<|end|>`, `</s>`, `<eos>` or
/// `<end_of_turn>`, in that order.
func finishLoad(
  _ laid: inout LaidOutVocabulary, added: [(id: Int, content: String, special: Bool)],
  kind: TokenizerKind, stripsLeadingSpace: Bool, options: VocabularyLoadOptions, path: String,
  fileEOS: [Int] = [], fileBOS: Int? = nil
) throws(TokenizerError) -> Vocabulary {
  let side = options.readSideFiles ? try SideFiles.read(besides: path) : SideFiles()
  var addedByContent: [String: Int] = [:]
  for token in added where addedByContent[token.content] == nil { addedByContent[token.content] = token.id }
  func lookup(_ name: String) -> Int? { addedByContent[name] ?? laid.id(ofText: name) }

  for name in side.controlNames { if let id = lookup(name) { laid.markSpecial(id) } }
  if kind == .sentencePieceBPE || kind == .unigram {
    // SentencePiece control pieces, which some exports list as non-special added tokens.
    for name in ["<unk>", "<s>", "</s>", "<pad>"] { if let id = addedByContent[name] { laid.markSpecial(id) } }
  }

  var eos: [Int] = []
  if let given = options.eosTokenIDs {
    eos = given
  } else {
    eos = fileEOS
    for name in side.eosNames {
      guard let id = lookup(name) else {
        throw TokenizerError(path: SideFiles.directory(of: path) + "/tokenizer_config.json", message: "eos_token '\(name)' is not a token of \(path)")
      }
      eos.append(id)
    }
    eos += side.eosIDs
    if eos.isEmpty {
      let names = ["<|eot_id|>", "<|end_of_text|>", "<|im_end|>", "<|endoftext|>", "<|end|>", "</s>", "<eos>", "<end_of_turn>"]
      eos = names.compactMap { addedByContent[$0] }
    }
    var seen = Set<Int>()
    eos = eos.filter { seen.insert($0).inserted }
  }
  var bos = fileBOS ?? side.bosID
  if bos == nil, let name = side.bosName { bos = lookup(name) }

  var width = options.logitsWidth
  if width == nil, let size = side.vocabSize, size >= laid.count { width = size }
  return try laid.finish(
    kind: kind, eos: eos, bos: bos, logitsWidth: width, stripsLeadingSpace: stripsLeadingSpace,
    sourcePath: path)
}
