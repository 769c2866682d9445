import CStrait
import StraitTokenizers

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `strait_vocab_load` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_load")
public func strait_vocab_load(
  _ path: UnsafePointer<CChar>?, _ logitsWidth: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  let function: StaticString = "strait_vocab_load"
  guard let out else { return failNull("out", in: function) }
  guard let path else { return failNull("path", in: function) }
  guard logitsWidth >= 0 else { return failSize("logits_width", logitsWidth, in: function) }
  let text: String
  switch UTF8Validation.string(path, length: strlen(path)) {
  case .success(let s): text = s
  case .failure(let bad):
    return fail(STRAIT_INVALID_UTF8, "\(function): path is not valid UTF-8 at byte \(bad.value)")
  }
  // Tell an unreadable file (I/O) from a malformed one (vocabulary error).
  var info = stat()
  guard stat(path, &info) == 0 else {
    return fail(STRAIT_IO_ERROR, "\(function): \(text): \(String(cString: strerror(errno)))")
  }
  guard info.st_mode & S_IFMT == S_IFREG else {
    return fail(STRAIT_IO_ERROR, "\(function): \(text): not a regular file")
  }
  guard access(path, R_OK) == 0 else {
    return fail(STRAIT_IO_ERROR, "\(function): \(text): \(String(cString: strerror(errno)))")
  }
  do {
    var vocabulary = try Vocabulary.load(path: text)
    if logitsWidth != 0 {
      guard logitsWidth >= vocabulary.count else {
        return fail(
          STRAIT_INVALID_ARGUMENT,
          "\(function): logits_width \(logitsWidth) is smaller than the vocabulary size \(vocabulary.count)"
        )
      }
      vocabulary = try vocabulary.overriding(logitsWidth: logitsWidth)
    }
    return Handles.publish(VocabularyBox(vocabulary), kind: .vocabulary, to: out, in: function)
  } catch {
    return fail(STRAIT_VOCABULARY_ERROR, "\(function): \(error)")
  }
}

/// `strait_vocab_from_tokens` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_from_tokens")
public func strait_vocab_from_tokens(
  _ tokens: UnsafePointer<UnsafePointer<UInt8>?>?, _ lengths: UnsafePointer<Int>?, _ count: Int,
  _ eosIDs: UnsafePointer<Int32>?, _ eosCount: Int,
  _ specialIDs: UnsafePointer<Int32>?, _ specialCount: Int,
  _ logitsWidth: Int, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  let function: StaticString = "strait_vocab_from_tokens"
  guard let out else { return failNull("out", in: function) }
  guard count >= 0 else { return failSize("n_tokens", count, in: function) }
  guard eosCount >= 0 else { return failSize("n_eos", eosCount, in: function) }
  guard specialCount >= 0 else { return failSize("n_special", specialCount, in: function) }
  guard logitsWidth >= 0 else { return failSize("logits_width", logitsWidth, in: function) }
  guard count > 0 else { return fail(STRAIT_INVALID_ARGUMENT, "\(function): n_tokens is 0") }
  guard count <= Vocabulary.maxTokenID + 1 else {
    return fail(
      STRAIT_INVALID_ARGUMENT,
      "\(function): n_tokens \(count) exceeds the limit of \(Vocabulary.maxTokenID + 1)")
  }
  guard let tokens else { return failNull("tokens", in: function) }
  guard let lengths else { return failNull("lengths", in: function) }
  if eosCount > 0, eosIDs == nil { return failNull("eos_ids (n_eos > 0)", in: function) }
  if specialCount > 0, specialIDs == nil {
    return failNull("special_ids (n_special > 0)", in: function)
  }

  var tokenBytes: [[UInt8]?] = []
  tokenBytes.reserveCapacity(count)
  for id in 0..<count {
    guard let start = tokens[id] else {
      tokenBytes.append(nil)
      continue
    }
    let length = lengths[id]
    guard length >= 0, length <= 1 << 20 else {
      return fail(
        STRAIT_INVALID_ARGUMENT,
        "\(function): lengths[\(id)] = \(UInt(bitPattern: length)) is implausibly large (limit 1 MiB)")
    }
    tokenBytes.append(Array(UnsafeBufferPointer(start: start, count: length)))
  }
  // The vocabulary ends at its last id with a token.
  var size = count
  while size > 0, tokenBytes[size - 1] == nil { size -= 1 }
  guard size > 0 else { return fail(STRAIT_INVALID_ARGUMENT, "\(function): every token is NULL") }

  func checkIDs(_ ids: UnsafePointer<Int32>?, _ n: Int, _ name: String) -> strait_status {
    for k in 0..<n {
      let id = Int(ids.map { $0[k] } ?? -1)
      guard id >= 0, id < size, tokenBytes[id] != nil else {
        return fail(
          STRAIT_TOKEN_OUT_OF_RANGE,
          "\(function): \(name)[\(k)] = \(id) is outside 0..<\(size) or has no token")
      }
    }
    return STRAIT_OK
  }
  let eosStatus = checkIDs(eosIDs, eosCount, "eos_ids")
  guard eosStatus == STRAIT_OK else { return eosStatus }
  let specialStatus = checkIDs(specialIDs, specialCount, "special_ids")
  guard specialStatus == STRAIT_OK else { return specialStatus }
  if logitsWidth != 0, logitsWidth < size {
    return fail(
      STRAIT_INVALID_ARGUMENT,
      "\(function): logits_width \(logitsWidth) is smaller than the vocabulary size \(size)")
  }

  let eos = eosIDs.map { ids in (0..<eosCount).map { Int(ids[$0]) } } ?? []
  let special = Set(specialIDs.map { ids in (0..<specialCount).map { Int(ids[$0]) } } ?? [])
  do {
    let vocabulary = try Vocabulary(
      tokenBytes: tokenBytes, special: special, eos: eos,
      logitsWidth: logitsWidth == 0 ? count : logitsWidth)
    return Handles.publish(VocabularyBox(vocabulary), kind: .vocabulary, to: out, in: function)
  } catch {
    return fail(STRAIT_VOCABULARY_ERROR, "\(function): \(error)")
  }
}

/// `strait_vocab_free` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_free")
public func strait_vocab_free(_ vocab: OpaquePointer?) -> strait_status {
  Handles.free(vocab, kind: .vocabulary, in: "strait_vocab_free")
}

/// `strait_vocab_size` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_size")
public func strait_vocab_size(_ vocab: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?)
  -> strait_status
{
  let function: StaticString = "strait_vocab_size"
  var status = STRAIT_OK
  guard let box = Handles.vocabulary(vocab, &status, in: function) else { return status }
  guard let out else { return failNull("out_n_tokens", in: function) }
  out.pointee = box.vocabulary.count
  return STRAIT_OK
}

/// `strait_vocab_logits_width` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_logits_width")
public func strait_vocab_logits_width(_ vocab: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?)
  -> strait_status
{
  let function: StaticString = "strait_vocab_logits_width"
  var status = STRAIT_OK
  guard let box = Handles.vocabulary(vocab, &status, in: function) else { return status }
  guard let out else { return failNull("out_width", in: function) }
  out.pointee = box.vocabulary.logitsWidth
  return STRAIT_OK
}

/// `strait_vocab_eos_ids` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_eos_ids")
public func strait_vocab_eos_ids(
  _ vocab: OpaquePointer?, _ ids: UnsafeMutablePointer<Int32>?, _ capacity: Int,
  _ outCount: UnsafeMutablePointer<Int>?
) -> strait_status {
  let function: StaticString = "strait_vocab_eos_ids"
  var status = STRAIT_OK
  guard let box = Handles.vocabulary(vocab, &status, in: function) else { return status }
  guard let outCount else { return failNull("out_count", in: function) }
  guard capacity >= 0 else { return failSize("capacity", capacity, in: function) }
  let eos = box.vocabulary.eosTokenIDs
  outCount.pointee = eos.count
  guard capacity >= eos.count else {
    return fail(
      STRAIT_BUFFER_TOO_SMALL,
      "\(function): capacity \(capacity) is smaller than the \(eos.count) end-of-sequence ids")
  }
  guard !eos.isEmpty else { return STRAIT_OK }
  guard let ids else { return failNull("ids", in: function) }
  for (k, id) in eos.enumerated() { ids[k] = Int32(truncatingIfNeeded: id) }
  return STRAIT_OK
}

/// `strait_vocab_token_bytes` of the C ABI; documented in include/strait.h.
@_cdecl("strait_vocab_token_bytes")
public func strait_vocab_token_bytes(
  _ vocab: OpaquePointer?, _ token: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ capacity: Int,
  _ outLength: UnsafeMutablePointer<Int>?
) -> strait_status {
  let function: StaticString = "strait_vocab_token_bytes"
  var status = STRAIT_OK
  guard let box = Handles.vocabulary(vocab, &status, in: function) else { return status }
  guard let outLength else { return failNull("out_length", in: function) }
  guard capacity >= 0 else { return failSize("capacity", capacity, in: function) }
  let vocabulary = box.vocabulary
  guard token >= 0, Int(token) < vocabulary.logitsWidth else {
    return fail(
      STRAIT_TOKEN_OUT_OF_RANGE,
      "\(function): token id \(token) is out of range (logits width \(vocabulary.logitsWidth))")
  }
  let result =
    vocabulary.withBytes(of: Int(token)) { bytes -> strait_status in
      outLength.pointee = bytes.count
      guard capacity >= bytes.count else {
        return fail(
          STRAIT_BUFFER_TOO_SMALL,
          "\(function): token \(token) has \(bytes.count) bytes; capacity is \(capacity)")
      }
      guard let base = bytes.baseAddress, !bytes.isEmpty else { return STRAIT_OK }
      guard let buffer else { return failNull("buf", in: function) }
      buffer.update(from: base, count: bytes.count)
      return STRAIT_OK
    }
  guard let result else {
    outLength.pointee = 0
    return STRAIT_OK
  }
  return result
}
