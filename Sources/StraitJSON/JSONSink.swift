/// Receives what ``JSONReader`` recognises, in document order.
///
/// The reader owns the grammar (and the depth bound); a sink decides what to keep. Three
/// sinks exist: ``JSONValueBuilder`` builds a ``JSONValue``, ``JSONTapeBuilder`` the tape
/// of a ``JSONDocument``, ``JSONChecker`` keeps only what duplicate detection needs. The
/// reader is generic over its sink, so each pairing is specialised and the callbacks
/// inline.
protocol JSONSink {
  /// Member names of the open objects, innermost last.
  var keys: UnsafeStack<JSONPendingKey> { get set }
  /// Recently seen member names.
  var names: JSONNameCache { get set }
  /// Repeated names found so far (only when the policy is "last wins").
  var duplicates: [JSONDuplicateKey] { get }
  /// How many finished values wait on the sink's value stack (0 when it keeps none).
  var valueCount: Int { get }

  mutating func null()
  mutating func bool(_ value: Bool)
  /// A number literal, already checked against the RFC 8259 grammar; `readable` bytes
  /// may be read from its start (at least its count).
  mutating func number(_ literal: UnsafeBufferPointer<UInt8>, readable: Int)
  /// A decoded string: valid UTF-8, escapes resolved; `isASCII` when every byte is.
  mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool)
  mutating func emptyArray()
  mutating func emptyObject()
  /// A non-empty array opens (called before its frame records ``valueCount``).
  mutating func beginArray()
  /// A non-empty object opens (called before its frame records ``valueCount``).
  mutating func beginObject()
  /// Records a member name of the innermost open object (see the default implementation);
  /// `utf8` must stay valid until the end of the parse.
  mutating func key(_ utf8: UnsafePointer<UInt8>, words: JSONNameWords, offset: Int)
  /// Closes the array whose elements start at `valueStart` on the value stack.
  mutating func endArray(valueStart: Int)
  /// Closes the object whose members start at `valueStart` and `keyStart`.
  ///
  /// - Returns: the byte offset of the first repeated member name when the policy rejects
  ///   repeated names, else nil (repeats are then recorded in ``duplicates``).
  mutating func endObject(valueStart: Int, keyStart: Int) -> Int?
  /// Hands the sink's stacks and caches back to `buffers` (the set it was made from);
  /// called once, after success or failure.
  func store(into buffers: inout JSONParserBuffers)
}

extension JSONSink {
  /// Records a member name of the innermost open object on ``keys``; `utf8` must stay
  /// valid until the end of the parse.
  @inline(__always)
  mutating func key(_ utf8: UnsafePointer<UInt8>, words: JSONNameWords, offset: Int) {
    keys.push(JSONPendingKey(utf8: utf8, words: words, digest: words.digest, offset: offset))
  }
}

/// A sink that keeps no values: it checks a document's syntax, depth and member names.
struct JSONChecker: JSONSink {
  var keys: UnsafeStack<JSONPendingKey>
  var names: JSONNameCache
  var digests: JSONDigestTable
  var duplicates: [JSONDuplicateKey] = []
  let rejectsDuplicates: Bool

  /// A checker using the key stack and caches of `buffers`.
  init(rejectsDuplicates: Bool, buffers: JSONParserBuffers) {
    self.rejectsDuplicates = rejectsDuplicates
    keys = buffers.keys
    names = buffers.names
    digests = buffers.digests
  }

  var valueCount: Int { 0 }

  @inline(__always) mutating func null() {}
  @inline(__always) mutating func bool(_ value: Bool) {}
  @inline(__always) mutating func number(_ literal: UnsafeBufferPointer<UInt8>, readable: Int) {}
  @inline(__always) mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) {}
  @inline(__always) mutating func emptyArray() {}
  @inline(__always) mutating func emptyObject() {}
  @inline(__always) mutating func beginArray() {}
  @inline(__always) mutating func beginObject() {}
  @inline(__always) mutating func endArray(valueStart: Int) {}

  @inline(__always)
  mutating func endObject(valueStart: Int, keyStart: Int) -> Int? {
    if keys.certainlyDistinct(from: keyStart, table: &digests) {
      keys.truncate(to: keyStart)
      return nil
    }
    return endObjectChecked(keyStart: keyStart)
  }

  @inline(never)
  private mutating func endObjectChecked(keyStart: Int) -> Int? {
    defer { keys.truncate(to: keyStart) }
    for i in keys.repeatedNames(from: keyStart, to: keys.count) {
      let key = keys[i]
      if rejectsDuplicates { return key.offset }
      duplicates.append(JSONDuplicateKey(key: key.name, offset: key.offset))
    }
    return nil
  }

  func store(into buffers: inout JSONParserBuffers) {
    buffers.keys = keys
    buffers.names = names
    buffers.digests = digests
  }
}
