/// A model's vocabulary: for every token id, the exact bytes its decoder emits.
///
/// A grammar mask is only right if each token's bytes are exactly what the model's decoder
/// produces, so a vocabulary keeps bytes, never text. Load one from a tokenizer file with
/// ``load(path:options:)`` or hand over the bytes with
/// ``init(tokenBytes:special:eos:logitsWidth:kind:)``; build its ``TokenTrie`` once and share
/// both between every grammar compiled for the model (the class is immutable and `Sendable`).
///
/// Ids run over `0..<count`. Ids in `count..<logitsWidth` exist in the model's logits but have no
/// token (padding rows); a mask never allows them. A few ids below `count` may have no entry
/// either (holes in the file); ``bytes(of:)`` is nil for them.
///
/// Special and control tokens (`<|eot_id|>`, `<s>`, `[PAD]`, GGUF control/unknown/unused
/// types, every end-of-sequence id) report ``isSpecial(_:)`` true: a grammar never allows them,
/// except the end-of-sequence ids once the document is complete.
///
/// SentencePiece convention: ``bytes(of:)`` gives a piece with `▁` turned into a space and
/// never strips it, so `▁the` is `" the"`. Hugging Face and SentencePiece decoders remove one
/// space at the very start of the decoded text; ``decoderStripsLeadingSpace`` says whether this
/// vocabulary's decoder does, and the runtime accounts for it at the first generated token.
///
/// ```swift
/// let vocabulary = try Vocabulary.load(path: "llama-3.1/tokenizer.json")
/// vocabulary.bytes(of: 1115)      // [0x20, 0x74, 0x68, 0x65]?  (" the" in some vocabularies)
/// vocabulary.eosTokenIDs          // [128009, 128001, 128008]
/// let trie = TokenTrie(vocabulary: vocabulary)
/// ```
public final class Vocabulary: Sendable {
  /// The tokenizer family this vocabulary was read from.
  public let kind: TokenizerKind
  /// The model's logits width: at least ``count``; ids in `count..<logitsWidth` have no token.
  public let logitsWidth: Int
  /// End-of-sequence ids (from the file and its side files, or the load options), in order of
  /// preference; each is also special.
  public let eosTokenIDs: [Int]
  /// The beginning-of-sequence id when the file names one.
  public let bosTokenID: Int?
  /// Every special id with its text (the token's bytes as UTF-8, invalid bytes replaced), by id.
  public let specialTokens: [(id: Int, text: String)]
  /// Whether the decoder removes one leading space from the start of the decoded text
  /// (SentencePiece `Strip`/`Metaspace` decoders, GGUF `add_space_prefix`). ``bytes(of:)``
  /// never applies this; see the type's discussion.
  public let decoderStripsLeadingSpace: Bool
  /// The file the vocabulary was loaded from, if any.
  public let sourcePath: String?

  /// Token bytes of every id, concatenated in id order.
  @usableFromInline let storage: [UInt8]
  /// `offsets[id]..<offsets[id + 1]` is the range of `id` in ``storage``; `count + 1` entries.
  @usableFromInline let offsets: [UInt32]
  /// Per id: bit 0 has an entry, bit 1 special.
  @usableFromInline let flags: [UInt8]

  @usableFromInline static let hasEntryFlag: UInt8 = 1
  @usableFromInline static let specialFlag: UInt8 = 2

  /// The largest token id any loader accepts (16,777,215): a bound that keeps a corrupt id
  /// from making the loader allocate gigabytes.
  public static let maxTokenID = (1 << 24) - 1

  /// The number of token ids: one more than the highest id that has a token.
  ///
  /// This is the vocabulary size a tokenizer reports; ``logitsWidth`` may be larger.
  @inlinable public var count: Int { flags.count }

  /// The number of ids below ``count`` that have a token (``count`` unless the file has holes).
  public let entryCount: Int

  init(
    kind: TokenizerKind, storage: [UInt8], offsets: [UInt32], flags: [UInt8], logitsWidth: Int,
    eos: [Int], bos: Int?, decoderStripsLeadingSpace: Bool, sourcePath: String?
  ) {
    self.kind = kind
    self.storage = storage
    self.offsets = offsets
    self.flags = flags
    self.logitsWidth = logitsWidth
    self.eosTokenIDs = eos
    self.bosTokenID = bos
    self.decoderStripsLeadingSpace = decoderStripsLeadingSpace
    self.sourcePath = sourcePath
    var specials: [(id: Int, text: String)] = []
    var entries = 0
    for id in flags.indices {
      let f = flags[id]
      if f & Self.hasEntryFlag != 0 { entries += 1 }
      if f & Self.specialFlag != 0 {
        let range = Int(offsets[id])..<Int(offsets[id + 1])
        specials.append((id, String(decoding: storage[range], as: UTF8.self)))
      }
    }
    self.specialTokens = specials
    self.entryCount = entries
  }

  /// Creates a vocabulary from token bytes handed over by a host.
  ///
  /// - Parameters:
  ///   - tokenBytes: the bytes of each id (index = id); nil for an id with no token.
  ///   - special: ids that a grammar never allows (control tokens); the `eos` ids are added.
  ///   - eos: end-of-sequence ids, in order of preference.
  ///   - logitsWidth: the model's logits width; nil means `tokenBytes.count`.
  ///   - kind: the family to report (default ``TokenizerKind/tokenBytes``).
  /// - Throws: ``TokenizerError`` (path `"<token bytes>"`) when an id in `special` or `eos` is out
  ///   of range or has no token, when `logitsWidth` is smaller than the vocabulary, or when the
  ///   vocabulary exceeds ``maxTokenID``.
  /// - Complexity: O(n + total bytes).
  public convenience init(
    tokenBytes: [[UInt8]?], special: Set<Int>, eos: [Int], logitsWidth: Int? = nil,
    kind: TokenizerKind = .tokenBytes
  ) throws(TokenizerError) {
    let label = "<token bytes>"
    // Trailing ids without a token do not count towards the vocabulary.
    var n = tokenBytes.count
    while n > 0, tokenBytes[n - 1] == nil { n -= 1 }
    guard n <= Self.maxTokenID + 1 else {
      throw TokenizerError(path: label, message: "\(n) tokens exceed the limit of \(Self.maxTokenID + 1)")
    }
    var builder = VocabularyBuilder(path: label)
    for id in 0..<n {
      if let bytes = tokenBytes[id] { builder.append(id: id, bytes: bytes) }
    }
    for id in special.sorted() {
      guard id >= 0, id < n, tokenBytes[id] != nil else {
        throw TokenizerError(path: label, message: "special id \(id) out of range or without a token (vocabulary has \(n) ids)")
      }
      builder.markSpecial(id)
    }
    let made = try builder.layout().finish(
      kind: kind, eos: eos, bos: nil, logitsWidth: logitsWidth, stripsLeadingSpace: false,
      sourcePath: nil)
    self.init(
      kind: kind, storage: made.storage, offsets: made.offsets, flags: made.flags,
      logitsWidth: made.logitsWidth, eos: eos, bos: nil, decoderStripsLeadingSpace: false,
      sourcePath: nil)
  }
}
