import StraitJSON

/// Reads a `tokenizer.json` `decoder` section into a ``TokenTextDecoder``.
///
/// Supported decoders (alone or in a `Sequence`): `ByteLevel`; `Replace` with a `String`
/// pattern; `ByteFallback`; `Fuse`; `Strip` (a leading `" "` strip sets `stripsLeadingSpace`);
/// `Metaspace` (`replacement` → space; its `prepend_scheme`/`add_prefix_space` sets
/// `stripsLeadingSpace`). `WordPiece`, `BPEDecoder`, `CTC` and regex `Replace` patterns are
/// errors: their output is not a per-token byte string.
///
/// With no decoder, the pre-tokenizer and normalizer tell: `ByteLevel` means byte-level;
/// `Metaspace`, or a normalizer that writes `▁`, means SentencePiece style; else token text is
/// its UTF-8.
enum TokenizerJSONDecoderConfig {
  static func make(
    decoder: JSONValue?, preTokenizer: JSONValue?, normalizer: JSONValue?,
    modelByteFallback: Bool, path: String
  ) throws(TokenizerError) -> TokenTextDecoder {
    if let decoder, !decoder.isNull {
      return try fromDecoder(decoder, path: path)
    }
    let pre = types(in: preTokenizer, list: "pretokenizers")
    if pre.contains(where: { $0["type"]?.stringValue == "ByteLevel" }) {
      return TokenTextDecoder(mode: .byteLevel)
    }
    let norm = types(in: normalizer, list: "normalizers")
    let writesMetaspace =
      pre.contains { $0["type"]?.stringValue == "Metaspace" }
      || norm.contains {
        ($0["type"]?.stringValue == "Replace" && $0["content"]?.stringValue == "▁")
          || ($0["type"]?.stringValue == "Prepend" && $0["prepend"]?.stringValue == "▁")
      }
    if writesMetaspace {
      var d = TokenTextDecoder.sentencePiece
      d.byteFallback = modelByteFallback
      return d
    }
    return TokenTextDecoder(mode: .raw)
  }

  /// The components of a section, flattening `Sequence`s (iteratively; JSON depth is bounded).
  private static func types(in section: JSONValue?, list key: String) -> [JSONValue] {
    guard let section, !section.isNull else { return [] }
    var result: [JSONValue] = []
    var work = [section]
    while let item = work.popLast() {
      if item["type"]?.stringValue == "Sequence", let items = item[key]?.arrayValue {
        work.append(contentsOf: items.reversed())
      } else {
        result.append(item)
      }
    }
    return result
  }

  private static func fromDecoder(_ decoder: JSONValue, path: String) throws(TokenizerError)
    -> TokenTextDecoder
  {
    var d = TokenTextDecoder(mode: .raw)
    var byteLevel = false
    for part in types(in: decoder, list: "decoders") {
      guard let type = part["type"]?.stringValue else {
        throw TokenizerError(path: path, message: "decoder: a component has no 'type'")
      }
      switch type {
      case "ByteLevel":
        byteLevel = true
      case "ByteFallback":
        d.byteFallback = true
      case "Fuse":
        break
      case "Replace":
        guard let from = part["pattern"]?["String"]?.stringValue, !from.isEmpty,
          let to = part["content"]?.stringValue
        else {
          throw TokenizerError(path: path, message: "decoder: unsupported 'Replace' (only a non-empty String pattern is supported)")
        }
        d.replacements.append((Array(from.utf8), Array(to.utf8)))
      case "Strip":
        let start = part["start"]?.numberValue?.int64 ?? 0
        let content = part["content"]?.stringValue ?? " "
        if start > 0 {
          guard content == " " else {
            throw TokenizerError(path: path, message: "decoder: unsupported 'Strip' of '\(content)'")
          }
          d.stripsLeadingSpace = true
        }
      case "Metaspace":
        let replacement = part["replacement"]?.stringValue ?? "▁"
        d.replacements.append((Array(replacement.utf8), [0x20]))
        if let scheme = part["prepend_scheme"]?.stringValue {
          d.stripsLeadingSpace = scheme != "never"
        } else {
          d.stripsLeadingSpace = part["add_prefix_space"]?.boolValue ?? true
        }
      default:
        throw TokenizerError(path: path, message: "unsupported decoder '\(type)' (supported: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace)")
      }
    }
    if byteLevel {
      guard d.replacements.isEmpty, !d.byteFallback else {
        throw TokenizerError(path: path, message: "unsupported decoder: ByteLevel combined with Replace/ByteFallback/Metaspace")
      }
      d.mode = .byteLevel
    } else if d.byteFallback || !d.replacements.isEmpty {
      d.mode = .pieces
    }
    return d
  }
}
