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
  sideFiles: SideFiles? = nil
) throws(TokenizerError) -> Vocabulary {
  let side: SideFiles
  if let sideFiles {
    side = sideFiles
  } else {
    side = options.readSideFiles ? try SideFiles.read(besides: path) : SideFiles()
  }
  var addedByContent: [String: Int] = [:]
  for token in added where addedByContent[token.content] == nil { addedByContent[token.content] = token.id }
  func lookup(_ name: String) -> Int? { addedByContent[name] ?? laid.id(ofText: name) }

  for name in side.controlNames { if let id = lookup(name) { laid.markSpecial(id) } }

  var eos: [Int] = []
  if let given = options.eosTokenIDs {
    eos = given
  } else {
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
  var bos = side.bosID
  if bos == nil, let name = side.bosName { bos = lookup(name) }

  var width = options.logitsWidth
  if width == nil, let size = side.vocabSize, size >= laid.count { width = size }
  return try laid.finish(
    kind: kind, eos: eos, bos: bos, logitsWidth: width, stripsLeadingSpace: stripsLeadingSpace,
    sourcePath: path)
}
