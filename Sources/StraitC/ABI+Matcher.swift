import CStrait
import Strait

/// `strait_matcher_create` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_create")
public func strait_matcher_create(
  _ grammar: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  let function: StaticString = "strait_matcher_create"
  guard let out else { return failNull("out", in: function) }
  var status = STRAIT_OK
  guard let box = Handles.grammar(grammar, &status, in: function) else { return status }
  return Handles.publish(MatcherBox(Matcher(box.automaton)), kind: .matcher, to: out, in: function)
}

/// `strait_matcher_clone` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_clone")
public func strait_matcher_clone(
  _ matcher: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> strait_status {
  let function: StaticString = "strait_matcher_clone"
  guard let out else { return failNull("out", in: function) }
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  return Handles.publish(MatcherBox(box.snapshot), kind: .matcher, to: out, in: function)
}

/// `strait_matcher_free` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_free")
public func strait_matcher_free(_ matcher: OpaquePointer?) -> strait_status {
  Handles.free(matcher, kind: .matcher, in: "strait_matcher_free")
}

/// `strait_matcher_reset` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_reset")
public func strait_matcher_reset(_ matcher: OpaquePointer?) -> strait_status {
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: "strait_matcher_reset") else {
    return status
  }
  box.update { $0.reset() }
  return STRAIT_OK
}

/// Writes `matcher`'s mask into `words`, zeroing words past the grammar's width.
///
/// Shared by the single and the batch fill. `words.count` has been checked to be at
/// least the grammar's ``TokenAutomaton/bitmaskWordCount``.
@inline(__always)
func fillMask(_ matcher: Matcher, into words: UnsafeMutableBufferPointer<UInt32>) throws(StraitError) {
  let required = matcher.automaton.bitmaskWordCount
  guard let base = words.baseAddress else { return }
  try matcher.fillNextTokenBitmask(into: UnsafeMutableBufferPointer(start: base, count: required))
  if words.count > required {
    (base + required).update(repeating: 0, count: words.count - required)
  }
}

/// `strait_matcher_fill_next_token_bitmask` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_fill_next_token_bitmask")
public func strait_matcher_fill_next_token_bitmask(
  _ matcher: OpaquePointer?, _ bitmask: UnsafeMutablePointer<UInt32>?, _ wordCount: Int
) -> strait_status {
  let function: StaticString = "strait_matcher_fill_next_token_bitmask"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard let bitmask else { return failNull("bitmask", in: function) }
  guard wordCount >= 0 else { return failSize("n_words", wordCount, in: function) }
  let matcher = box.snapshot
  let required = matcher.automaton.bitmaskWordCount
  guard wordCount >= required else {
    return fail(StraitError.bitmaskTooSmall(words: wordCount, required: required), in: function)
  }
  do {
    try fillMask(matcher, into: UnsafeMutableBufferPointer(start: bitmask, count: wordCount))
  } catch {
    return fail(error, in: function)
  }
  return STRAIT_OK
}

/// `strait_matcher_accept_token` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_accept_token")
public func strait_matcher_accept_token(_ matcher: OpaquePointer?, _ token: Int32) -> strait_status {
  let function: StaticString = "strait_matcher_accept_token"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  do {
    let accepted = try box.update { (m) throws(StraitError) in try m.accept(Int(token)) }
    guard accepted else { return rejected(token, box.snapshot, in: function) }
  } catch {
    return fail(error, in: function)
  }
  return STRAIT_OK
}

/// Reports a token the grammar does not allow in the matcher's current state.
@inline(never)
private func rejected(_ token: Int32, _ matcher: Matcher, in function: StaticString) -> strait_status {
  let vocabulary = matcher.automaton.vocabulary
  var what = "token \(token)"
  if let bytes = vocabulary.bytes(of: Int(token)) {
    let text = String(decoding: bytes, as: UTF8.self).debugDescription
    what += " (\(text))"
  }
  if vocabulary.isSpecial(Int(token)), !matcher.automaton.isEndOfSequence(Int(token)) {
    what += ", a special token,"
  }
  return fail(
    STRAIT_TOKEN_REJECTED,
    "\(function): \(what) is not allowed after \(matcher.acceptedCount) accepted tokens")
}

/// `strait_matcher_accept_tokens` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_accept_tokens")
public func strait_matcher_accept_tokens(
  _ matcher: OpaquePointer?, _ tokens: UnsafePointer<Int32>?, _ count: Int,
  _ outAccepted: UnsafeMutablePointer<Int>?
) -> strait_status {
  let function: StaticString = "strait_matcher_accept_tokens"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard let outAccepted else { return failNull("out_accepted", in: function) }
  outAccepted.pointee = 0
  guard count >= 0 else { return failSize("n_tokens", count, in: function) }
  guard count > 0 else { return STRAIT_OK }
  guard let tokens else { return failNull("tokens", in: function) }
  // The whole run is one critical section; the count survives an error.
  let (accepted, failure) = box.update { (m) -> (Int, StraitError?) in
    if m.isTerminated { return (0, .terminated) }
    var accepted = 0
    do throws(StraitError) {
      while accepted < count, !m.isTerminated {
        guard try m.accept(Int(tokens[accepted])) else { break }
        accepted += 1
      }
    } catch {
      return (accepted, error)
    }
    return (accepted, nil)
  }
  outAccepted.pointee = accepted
  if let failure { return fail(failure, in: function) }
  return STRAIT_OK
}

/// `strait_matcher_rollback` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_rollback")
public func strait_matcher_rollback(_ matcher: OpaquePointer?, _ count: Int) -> strait_status {
  let function: StaticString = "strait_matcher_rollback"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard count >= 0 else {
    return fail(
      StraitError.rollbackBeyondHistory(requested: count, available: box.snapshot.acceptedCount),
      in: function)
  }
  do {
    try box.update { (m) throws(StraitError) in try m.rollback(count) }
  } catch {
    return fail(error, in: function)
  }
  return STRAIT_OK
}

/// `strait_matcher_is_terminated` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_is_terminated")
public func strait_matcher_is_terminated(_ matcher: OpaquePointer?, _ out: UnsafeMutablePointer<Int32>?)
  -> strait_status
{
  let function: StaticString = "strait_matcher_is_terminated"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard let out else { return failNull("out", in: function) }
  out.pointee = box.snapshot.isTerminated ? 1 : 0
  return STRAIT_OK
}

/// `strait_matcher_can_terminate` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_can_terminate")
public func strait_matcher_can_terminate(_ matcher: OpaquePointer?, _ out: UnsafeMutablePointer<Int32>?)
  -> strait_status
{
  let function: StaticString = "strait_matcher_can_terminate"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard let out else { return failNull("out", in: function) }
  out.pointee = box.snapshot.canTerminate ? 1 : 0
  return STRAIT_OK
}

/// `strait_matcher_accepted_count` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_accepted_count")
public func strait_matcher_accepted_count(_ matcher: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?)
  -> strait_status
{
  let function: StaticString = "strait_matcher_accepted_count"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard let out else { return failNull("out", in: function) }
  out.pointee = box.snapshot.acceptedCount
  return STRAIT_OK
}

/// `strait_matcher_forced_bytes` of the C ABI; documented in include/strait.h.
@_cdecl("strait_matcher_forced_bytes")
public func strait_matcher_forced_bytes(
  _ matcher: OpaquePointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ capacity: Int,
  _ outLength: UnsafeMutablePointer<Int>?
) -> strait_status {
  let function: StaticString = "strait_matcher_forced_bytes"
  var status = STRAIT_OK
  guard let box = Handles.matcher(matcher, &status, in: function) else { return status }
  guard let outLength else { return failNull("out_length", in: function) }
  guard capacity >= 0 else { return failSize("capacity", capacity, in: function) }
  outLength.pointee = 0
  guard capacity > 0 else { return STRAIT_OK }
  guard let buffer else { return failNull("buf", in: function) }
  do {
    let bytes = try box.snapshot.forcedBytes(limit: capacity)
    bytes.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { buffer.update(from: base, count: source.count) }
    }
    outLength.pointee = bytes.count
  } catch {
    return fail(error, in: function)
  }
  return STRAIT_OK
}
