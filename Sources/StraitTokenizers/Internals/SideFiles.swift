import StraitJSON

/// What the Hugging Face configuration files beside a tokenizer file say about its tokens.
///
/// - `tokenizer_config.json`: `eos_token`, `bos_token`, `unk_token`, `pad_token` (a string or
///   `{"content": …}`), and `added_tokens_decoder` (id → content and `special`), which gives a
///   tiktoken rank file its special tokens;
/// - `generation_config.json` and `config.json`: `eos_token_id` (an id or a list),
///   `bos_token_id`; `config.json` also `vocab_size` (the logits width).
struct SideFiles {
  var eosNames: [String] = []
  var eosIDs: [Int] = []
  var bosName: String?
  var bosID: Int?
  /// `unk_token` and `pad_token`: control tokens that are never text.
  var controlNames: [String] = []
  var vocabSize: Int?
  var addedTokens: [(id: Int, content: String, special: Bool)] = []

  /// The folder of `path` ("." when it has none).
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// Reads the side files beside `path`; missing files are skipped.
  ///
  /// - Throws: when a side file exists but is not valid JSON of the expected shape.
  static func read(besides path: String) throws(TokenizerError) -> SideFiles {
    let dir = directory(of: path)
    var info = SideFiles()
    if let config = try parse(dir + "/tokenizer_config.json") {
      let file = dir + "/tokenizer_config.json"
      if let name = tokenName(config["eos_token"]) { info.eosNames.append(name) }
      info.bosName = tokenName(config["bos_token"])
      for key in ["unk_token", "pad_token"] {
        if let name = tokenName(config[key]) { info.controlNames.append(name) }
      }
      if let decoder = config["added_tokens_decoder"] {
        guard let members = decoder.objectValue else {
          throw TokenizerError(path: file, message: "'added_tokens_decoder' must be an object")
        }
        for (key, value) in members {
          guard let id = Int(key), id >= 0, id <= Vocabulary.maxTokenID else {
            throw TokenizerError(path: file, message: "added_tokens_decoder: id '\(key)' out of range (0...\(Vocabulary.maxTokenID))")
          }
          guard let content = value["content"]?.stringValue else {
            throw TokenizerError(path: file, message: "added_tokens_decoder/\(key): missing 'content'")
          }
          info.addedTokens.append((id, content, value["special"]?.boolValue ?? false))
        }
      }
    }
    for name in ["generation_config.json", "config.json"] {
      guard let config = try parse(dir + "/" + name) else { continue }
      let file = dir + "/" + name
      info.eosIDs += try ids(config["eos_token_id"], file: file, key: "eos_token_id")
      if info.bosID == nil, let bos = try ids(config["bos_token_id"], file: file, key: "bos_token_id").first {
        info.bosID = bos
      }
      if name == "config.json", let size = config["vocab_size"]?.numberValue?.int64 {
        info.vocabSize = Int(size)
      }
    }
    return info
  }

  private static func parse(_ path: String) throws(TokenizerError) -> JSONValue? {
    guard MappedFile.isRegularFile(path) else { return nil }
    let file = try MappedFile(path: path)
    let value: JSONValue
    do throws(JSONParseError) {
      value = try JSONParser.parse(file.bytes)
    } catch {
      throw TokenizerError(path: path, message: "invalid JSON at byte \(error.offset): \(error.message)", offset: error.offset)
    }
    guard value.objectValue != nil else {
      throw TokenizerError(path: path, message: "expected a JSON object")
    }
    return value
  }

  private static func tokenName(_ value: JSONValue?) -> String? {
    if let s = value?.stringValue { return s }
    return value?["content"]?.stringValue
  }

  private static func ids(_ value: JSONValue?, file: String, key: String) throws(TokenizerError) -> [Int] {
    guard let value, !value.isNull else { return [] }
    let items = value.arrayValue ?? [value]
    var result: [Int] = []
    for item in items {
      guard let n = item.numberValue?.int64, n >= 0, n <= Int64(Vocabulary.maxTokenID) else {
        throw TokenizerError(path: file, message: "'\(key)' must be a token id or a list of ids, found \(item)")
      }
      result.append(Int(n))
    }
    return result
  }
}
