/// One 16-byte node of a ``JSONDocument``'s tape (the layout is described there).
struct JSONTapeNode {
  /// Bits 0–2: the kind; bit 3: every byte is ASCII (strings only); bits 8–63: the byte
  /// count (string, name, number) or the element count (array, object; members for an
  /// object).
  var head: UInt64
  /// The arena offset of the bytes (string, name, number), the number of nodes of the
  /// subtree, this one included (array, object), or 0 (null, false, true).
  var payload: UInt64

  static let null: UInt64 = 0
  static let `false`: UInt64 = 1
  static let `true`: UInt64 = 2
  static let number: UInt64 = 3
  static let string: UInt64 = 4
  static let array: UInt64 = 5
  static let object: UInt64 = 6
  static let name: UInt64 = 7
  static let kindMask: UInt64 = 7
  static let asciiFlag: UInt64 = 8
  /// One element (or byte) in `head`.
  static let one: UInt64 = 1 << 8

  /// The kind (one of the constants above).
  @inline(__always) var kind: UInt64 { head & Self.kindMask }
  /// The byte count or the element count.
  @inline(__always) var count: Int { Int(truncatingIfNeeded: head &>> 8) }
  /// The arena offset of a string, name or number.
  @inline(__always) var offset: Int { Int(truncatingIfNeeded: payload) }
  /// Whether this is an array or an object.
  @inline(__always) var isContainer: Bool { kind == Self.array || kind == Self.object }
  /// The number of nodes of the subtree this node starts (1 for a scalar).
  @inline(__always) var size: Int { isContainer ? Int(truncatingIfNeeded: payload) : 1 }
}

/// A sink that writes the tape and the arena of a ``JSONDocument``.
///
/// Nodes are appended in document order; a container's node is appended when it opens
/// (``beginArray()``/``beginObject()``) and completed when it closes. While a container
/// is open its `payload` holds the index of the enclosing open container (a linked list
/// through the tape, so no extra stack), and each value appended inside it adds one to
/// its count. Node 0 is the document itself: an array whose one element is the root.
///
/// The arena is allocated once with the input's size (plus padding): decoded strings,
/// names and number literals each come from a distinct run of input bytes at least as
/// long as their decoded form, so it never grows.
struct JSONTapeBuilder: JSONSink {
  var keys: UnsafeStack<JSONPendingKey>
  var names: JSONNameCache
  var digests: JSONDigestTable
  var duplicates: [JSONDuplicateKey] = []
  let rejectsDuplicates: Bool

  /// The tape, bottom first (its memory passes to the document when the parse succeeds).
  private(set) var tape: UnsafeStack<JSONTapeNode>
  private(set) var arena: UnsafeMutablePointer<UInt8>
  private(set) var arenaCount = 0
  let arenaCapacity: Int
  /// The tape index of the innermost open container (0: the document node).
  private var open = 0

  /// Zero bytes kept after the arena's content, so that word loads past a short string,
  /// name or number (``JSONNameWords``, ``JSONNumber``) stay inside the allocation.
  static let arenaPadding = 24

  /// A builder for an input of `inputCount` bytes, using the key stack and caches of
  /// `buffers`.
  init(inputCount: Int, rejectsDuplicates: Bool, buffers: JSONParserBuffers) {
    self.rejectsDuplicates = rejectsDuplicates
    keys = buffers.keys
    names = buffers.names
    digests = buffers.digests
    // Typical JSON has a node for every 8 to 12 input bytes (see JSONDocument).
    tape = UnsafeStack(capacity: Swift.max(16, inputCount / 8))
    tape.push(JSONTapeNode(head: JSONTapeNode.array, payload: 0))
    arenaCapacity = inputCount + Self.arenaPadding
    arena = .allocate(capacity: arenaCapacity)
  }

  var valueCount: Int { tape.count }

  // MARK: Appending

  @inline(__always)
  private mutating func append(_ head: UInt64, _ payload: UInt64) {
    tape.push(JSONTapeNode(head: head, payload: payload))
  }

  /// Appends a value of the innermost open container.
  @inline(__always)
  private mutating func appendValue(_ head: UInt64, _ payload: UInt64) {
    tape[open].head &+= JSONTapeNode.one
    append(head, payload)
  }

  /// Copies `count` bytes to the arena; returns their offset.
  @inline(__always)
  private mutating func store(_ source: UnsafePointer<UInt8>?, count: Int) -> UInt64 {
    let offset = arenaCount
    if let source { Self.copy(source, to: arena + offset, count: count) }
    arenaCount = offset &+ count
    return UInt64(truncatingIfNeeded: offset)
  }

  /// Copies `count` bytes, reading and writing only those: up to 16 bytes as two
  /// overlapping loads and stores (most strings, names and numbers are that short, and a
  /// call to `memcpy` costs more than the copy), longer runs with `memcpy`.
  @inline(__always)
  static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(target)
    if count >= 8 {
      guard count <= 16 else {
        target.initialize(from: source, count: count)
        return
      }
      let head = from.loadUnaligned(as: UInt64.self)
      let tail = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
      to.storeBytes(of: head, as: UInt64.self)
      to.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
    } else if count >= 4 {
      let head = from.loadUnaligned(as: UInt32.self)
      let tail = from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
      to.storeBytes(of: head, as: UInt32.self)
      to.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
    } else if count > 0 {
      target[0] = source[0]
      target[count &>> 1] = source[count &>> 1]
      target[count &- 1] = source[count &- 1]
    }
  }

  // MARK: JSONSink

  @inline(__always) mutating func null() { appendValue(JSONTapeNode.null, 0) }

  @inline(__always)
  mutating func bool(_ value: Bool) { appendValue(value ? JSONTapeNode.true : JSONTapeNode.false, 0) }

  @inline(__always)
  mutating func number(_ literal: UnsafeBufferPointer<UInt8>, readable: Int) {
    let offset = store(literal.baseAddress, count: literal.count)
    appendValue(JSONTapeNode.number | UInt64(truncatingIfNeeded: literal.count) &<< 8, offset)
  }

  @inline(__always)
  mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
    let offset = store(utf8.baseAddress, count: utf8.count)
    let flags = isASCII ? JSONTapeNode.string | JSONTapeNode.asciiFlag : JSONTapeNode.string
    appendValue(flags | UInt64(truncatingIfNeeded: utf8.count) &<< 8, offset)
  }

  /// An empty container is a one-node subtree.
  @inline(__always) mutating func emptyArray() { appendValue(JSONTapeNode.array, 1) }
  @inline(__always) mutating func emptyObject() { appendValue(JSONTapeNode.object, 1) }

  @inline(__always) mutating func beginArray() { begin(JSONTapeNode.array) }
  @inline(__always) mutating func beginObject() { begin(JSONTapeNode.object) }

  /// Opens a container: its node links to the enclosing open one until it closes.
  @inline(__always)
  private mutating func begin(_ kind: UInt64) {
    appendValue(kind, UInt64(truncatingIfNeeded: open))
    open = tape.count &- 1
  }

  @inline(__always)
  mutating func key(_ utf8: UnsafePointer<UInt8>, words: JSONNameWords, offset: Int) {
    keys.push(JSONPendingKey(utf8: utf8, words: words, digest: words.digest, offset: offset))
    let stored = store(utf8, count: words.length)
    append(JSONTapeNode.name | UInt64(truncatingIfNeeded: words.length) &<< 8, stored)
  }

  @inline(__always)
  mutating func endArray(valueStart: Int) { close() }

  /// Closes the innermost open container: it records its size and the enclosing
  /// container becomes the open one.
  @inline(__always)
  private mutating func close() {
    let header = open
    open = Int(truncatingIfNeeded: tape[header].payload)
    tape[header].payload = UInt64(truncatingIfNeeded: tape.count &- header)
  }

  @inline(__always)
  mutating func endObject(valueStart: Int, keyStart: Int) -> Int? {
    if keys.certainlyDistinct(from: keyStart, table: &digests) {
      keys.truncate(to: keyStart)
      close()
      return nil
    }
    return endObjectChecked(keyStart: keyStart)
  }

  /// Closes an object whose names may repeat: rejects it, or keeps each name once, at its
  /// first position, with its last value (as ``JSONValueBuilder`` does).
  @inline(never)
  private mutating func endObjectChecked(keyStart: Int) -> Int? {
    defer { keys.truncate(to: keyStart) }
    let repeated = keys.repeatedNames(from: keyStart, to: keys.count)
    if repeated.isEmpty {
      close()
      return nil
    }
    if rejectsDuplicates { return keys[repeated[0]].offset }
    for i in repeated {
      let key = keys[i]
      duplicates.append(JSONDuplicateKey(key: key.name, offset: key.offset))
    }
    let header = open
    close()
    removeRepeatedMembers(header: header, keyStart: keyStart)
    return nil
  }

  /// Rewrites the (closed, last) object at `header` so that each name appears once: at
  /// its first position, with the value of its last occurrence.
  ///
  /// Subtree sizes are relative, so subtrees move without any fix-up; the arena bytes of
  /// the dropped members stay unused.
  private mutating func removeRepeatedMembers(header: Int, keyStart: Int) {
    let memberCount = keys.count - keyStart
    // The tape range of each member's value.
    var valueRanges: [Range<Int>] = []
    valueRanges.reserveCapacity(memberCount)
    var p = header + 1
    for _ in 0..<memberCount {
      let value = p + 1
      let end = value + tape[value].size
      valueRanges.append(value..<end)
      p = end
    }
    // The member each name keeps (its first occurrence), and the value it takes (the last).
    var firstOf: [Int] = []
    firstOf.reserveCapacity(memberCount)
    var firstsByDigest: [UInt64: [Int]] = [:]
    var lastValue = Array(0..<memberCount)
    for m in 0..<memberCount {
      let key = keys[keyStart + m]
      if let first = firstsByDigest[key.digest]?.first(where: { keys[keyStart + $0].hasSameName(as: key) }) {
        firstOf.append(first)
        lastValue[first] = m
      } else {
        firstOf.append(m)
        firstsByDigest[key.digest, default: []].append(m)
      }
    }
    var rewritten: [JSONTapeNode] = []
    rewritten.reserveCapacity(p - header - 1)
    var kept = 0
    for m in 0..<memberCount where firstOf[m] == m {
      rewritten.append(tape[valueRanges[m].lowerBound - 1])
      for i in valueRanges[lastValue[m]] { rewritten.append(tape[i]) }
      kept += 1
    }
    tape.truncate(to: header + 1)
    for node in rewritten { tape.push(node) }
    tape[header] = JSONTapeNode(
      head: JSONTapeNode.object | UInt64(kept) &<< 8, payload: UInt64(1 + rewritten.count))
  }

  func store(into buffers: inout JSONParserBuffers) {
    buffers.keys = keys
    buffers.names = names
    buffers.digests = digests
  }

  // MARK: Result

  /// Pads the arena with zero bytes; the tape and the arena now belong to the caller.
  mutating func finish() {
    (arena + arenaCount).initialize(repeating: 0, count: Self.arenaPadding)
  }

  /// Frees the tape and the arena (after a failed parse).
  func releaseTape() {
    tape.release()
    arena.deallocate()
  }
}
