/// A parsed JSON text held in a few contiguous allocations: an immutable, navigable
/// alternative to the ``JSONValue`` tree for large documents.
///
/// ``JSONParser/parse(_:options:)`` builds a tree with one heap object per array, object
/// and string over 15 bytes: a 10 MB document is some 190,000 objects, and freeing them
/// costs about as much as parsing. A `JSONDocument` (the design of yyjson and simdjson)
/// keeps the whole document in a *tape* of fixed-size nodes and one *arena* of bytes, so
/// parsing and freeing it take a handful of allocations whatever its size. Values are
/// read through ``Value`` views; ``Value/jsonValue`` makes the tree of any part on demand.
///
/// The same reader and the same rules as ``JSONParser`` apply, option for option: the
/// same values are accepted and the same ``JSONParseError``s (message and offset) are
/// thrown; repeated member names keep their first position and their last value (or are
/// rejected) and are reported in ``duplicateKeys``, as by
/// ``JSONParser/parseWithDiagnostics(_:options:)``.
///
/// ```swift
/// let document = try JSONDocument.parse(#"{"a": [1, 2.50, "x"]}"#)
/// document.root["a"]?[1]?.numberValue?.text   // "2.50"
/// document.root["a"]?.count                   // 3
/// ```
///
/// Layout: every node is 16 bytes, two words.
///
/// - `head`: bits 0–2 the kind (null, false, true, number, string, array, object, or a
///   member *name*), bit 3 set when a string is all ASCII, bits 8–63 the byte count of a
///   string, name or number, or the element count of an array (members of an object).
/// - `payload`: for a string, name or number, the offset of its bytes in the arena; for
///   an array or object, the number of nodes of its subtree, itself included, so the
///   value after it is `payload` nodes further (any subtree is skipped in O(1)).
///
/// Nodes are in document order: a container's node, then its elements; an object's
/// members each as a name node followed by the value's subtree. Node 0 stands for the
/// document (an array holding the root), so the root is node 1. Sizes being relative,
/// the tape has no absolute positions in it.
///
/// The arena holds strings and member names decoded (escapes resolved, valid UTF-8) and
/// number literals exactly as written (a ``JSONNumber`` is made on demand), back to back.
/// It is allocated once with the input's size: no decoded string is longer than its JSON
/// text, so it never grows. The tape is reserved for one node per 8 input bytes (typical
/// JSON has one per 8 to 12) and doubles when that is not enough. Neither is trimmed
/// after parsing: pages of the arena that were never written are never touched.
///
/// Navigation: ``Value/count`` is O(1); ``Value/elements`` and ``Value/members`` step
/// from one element to the next in O(1); ``Value/subscript(_:)-(Int)`` is O(1) when the
/// array's elements are all scalars, else O(index); ``Value/subscript(_:)-(String)``
/// scans the members, comparing names by their bytes as ``JSONObject`` does.
///
/// A `JSONDocument` and its values are immutable, `Sendable`, and cheap to copy (one
/// reference).
public struct JSONDocument: Sendable {
  /// The tape and the arena of one document, freed with it.
  final class Storage: @unchecked Sendable {
    // @unchecked: the memory is written only by the parse that creates the storage, and
    // read-only afterwards.
    let nodes: UnsafeMutablePointer<JSONTapeNode>
    let nodeCount: Int
    let arena: UnsafeMutablePointer<UInt8>
    /// Bytes of content in the arena (zero padding follows).
    let arenaCount: Int
    let duplicateKeys: [JSONDuplicateKey]

    init(
      nodes: UnsafeMutablePointer<JSONTapeNode>, nodeCount: Int, arena: UnsafeMutablePointer<UInt8>,
      arenaCount: Int, duplicateKeys: [JSONDuplicateKey]
    ) {
      self.nodes = nodes
      self.nodeCount = nodeCount
      self.arena = arena
      self.arenaCount = arenaCount
      self.duplicateKeys = duplicateKeys
    }

    deinit {
      nodes.deallocate()
      arena.deallocate()
    }

    /// The bytes of the string, name or number at `node`.
    @inline(__always)
    func bytes(_ node: JSONTapeNode) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: arena + node.offset, count: node.count)
    }

    /// How many bytes may be read from the start of the bytes of `node` (padding included).
    @inline(__always)
    func readable(_ node: JSONTapeNode) -> Int {
      arenaCount + JSONTapeBuilder.arenaPadding - node.offset
    }
  }

  let storage: Storage

  /// The repeated member names met while parsing, in document order (always empty when
  /// the options reject them, since a repeat is then an error).
  public var duplicateKeys: [JSONDuplicateKey] { storage.duplicateKeys }

  /// The document's value.
  public var root: Value { Value(storage: storage, index: 1) }

  /// The number of tape nodes (values and member names, plus one for the document).
  public var nodeCount: Int { storage.nodeCount }
}

// MARK: - Parsing

extension JSONDocument {
  /// Parses a JSON text.
  ///
  /// - Parameters:
  ///   - text: the JSON text.
  ///   - options: parser options, applied as by ``JSONParser``.
  /// - Returns: the document.
  /// - Throws: ``JSONParseError``, exactly as ``JSONParser/parse(_:options:)`` would.
  /// - Complexity: O(n) in the input size.
  public static func parse(_ text: String, options: JSONParser.Options = .default) throws(JSONParseError)
    -> JSONDocument
  {
    var copy = text
    let result = copy.withUTF8 { buffer in
      Result { () throws(JSONParseError) -> JSONDocument in try parse(buffer, options: options) }
    }
    return try result.get()
  }

  /// Parses JSON bytes (`[UInt8]`, `Data`, a slice...).
  ///
  /// - Parameters:
  ///   - bytes: the UTF-8 JSON text; contiguous collections are read in place.
  ///   - options: parser options, applied as by ``JSONParser``.
  /// - Returns: the document.
  /// - Throws: ``JSONParseError``, exactly as ``JSONParser/parse(_:options:)`` would.
  /// - Complexity: O(n) in the input size.
  public static func parse(_ bytes: some Collection<UInt8>, options: JSONParser.Options = .default)
    throws(JSONParseError) -> JSONDocument
  {
    let result =
      bytes.withContiguousStorageIfAvailable { buffer in
        Result { () throws(JSONParseError) -> JSONDocument in try parse(buffer, options: options) }
      }
      ?? Array(bytes).withUnsafeBufferPointer { buffer in
        Result { () throws(JSONParseError) -> JSONDocument in try parse(buffer, options: options) }
      }
    return try result.get()
  }

  /// Parses a buffer of UTF-8 bytes; the document keeps no reference to it.
  ///
  /// - Parameters:
  ///   - buffer: the whole JSON text.
  ///   - options: parser options, applied as by ``JSONParser``.
  /// - Returns: the document.
  /// - Throws: ``JSONParseError``, exactly as ``JSONParser/parse(_:options:)`` would.
  /// - Complexity: O(n) in the input size.
  public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONParser.Options = .default)
    throws(JSONParseError) -> JSONDocument
  {
    var buffers = JSONParserBuffers.take()
    let builder = JSONTapeBuilder(
      inputCount: buffer.count, rejectsDuplicates: options.duplicateKeys == .reject, buffers: buffers)
    var reader = JSONReader(buffer: buffer, options: options, sink: builder, buffers: buffers)
    defer {
      reader.store(into: &buffers)
      JSONParserBuffers.recycle(&buffers)
    }
    do throws(JSONParseError) {
      try reader.parseDocument()
    } catch {
      reader.sink.releaseTape()
      throw error
    }
    reader.sink.finish()
    let sink = reader.sink
    return JSONDocument(
      storage: Storage(
        nodes: sink.tape.base, nodeCount: sink.tape.count, arena: sink.arena, arenaCount: sink.arenaCount,
        duplicateKeys: JSONParser.sortedByOffset(sink.duplicates)))
  }
}

// MARK: - Values

extension JSONDocument {
  /// The type of a JSON value, as JSON Schema names them (``typeName``).
  public enum Kind: String, Sendable, Hashable {
    case null, boolean, number, string, array, object

    /// "null", "boolean", "number", "string", "array" or "object" (as
    /// ``JSONValue/typeName``): the case's name.
    public var typeName: String { rawValue }
  }

  /// One value of a ``JSONDocument``: a reference to the document and a node position.
  ///
  /// Reading a value creates nothing unless asked: ``stringValue``, ``numberValue``,
  /// member names of ``members`` and ``jsonValue`` create Swift values; ``count``,
  /// ``kind``, ``withStringUTF8(_:)``, lookups and iteration do not.
  public struct Value: Sendable {
    let storage: Storage
    /// The value's node on the tape.
    let index: Int

    @inline(__always)
    var node: JSONTapeNode { storage.nodes[index] }

    /// The value's type.
    public var kind: Kind {
      switch node.kind {
      case JSONTapeNode.null: .null
      case JSONTapeNode.false, JSONTapeNode.true: .boolean
      case JSONTapeNode.number: .number
      case JSONTapeNode.string: .string
      case JSONTapeNode.array: .array
      default: .object
      }
    }

    /// The JSON Schema type name (see ``JSONValue/typeName``).
    public var typeName: String { kind.typeName }

    /// Whether this is `null`.
    public var isNull: Bool { node.kind == JSONTapeNode.null }

    /// The Boolean when this is `true` or `false`.
    public var boolValue: Bool? {
      switch node.kind {
      case JSONTapeNode.true: true
      case JSONTapeNode.false: false
      default: nil
      }
    }

    /// The number (its exact literal) when this is a number.
    public var numberValue: JSONNumber? {
      let node = self.node
      guard node.kind == JSONTapeNode.number else { return nil }
      return JSONNumber(validatedLiteral: storage.bytes(node), readable: storage.readable(node))
    }

    /// The string when this is a string (created on each call).
    public var stringValue: String? {
      let node = self.node
      guard node.kind == JSONTapeNode.string else { return nil }
      return String(validatedUTF8: storage.bytes(node), isASCII: node.head & JSONTapeNode.asciiFlag != 0)
    }

    /// Calls `body` with the decoded UTF-8 bytes of this string, without creating a
    /// `String`; nil when this is not a string.
    ///
    /// - Parameter body: receives the bytes (valid only during the call).
    /// - Returns: what `body` returns, or nil.
    public func withStringUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
      let node = self.node
      guard node.kind == JSONTapeNode.string else { return nil }
      return try withExtendedLifetime(storage) { try body(storage.bytes(node)) }
    }

    /// The number of elements of an array or members of an object; 0 for any other value.
    ///
    /// - Complexity: O(1).
    public var count: Int {
      let node = self.node
      return node.isContainer ? node.count : 0
    }

    /// Whether this is an array or an object.
    var isContainer: Bool { node.isContainer }

    /// The element at `index` when this is an array long enough.
    ///
    /// - Complexity: O(1) when every element of the array is a scalar, else O(`index`)
    ///   (each element before it is skipped in O(1)).
    public subscript(index: Int) -> Value? {
      let node = self.node
      guard node.kind == JSONTapeNode.array, index >= 0, index < node.count else { return nil }
      if node.size == node.count + 1 { return Value(storage: storage, index: self.index + 1 + index) }
      var i = self.index + 1
      for _ in 0..<index { i += storage.nodes[i].size }
      return Value(storage: storage, index: i)
    }

    /// The value of the member named `key` (exactly these code points) when this is an
    /// object that has it.
    ///
    /// Names are compared by their UTF-8 bytes, as ``JSONObject`` compares them:
    /// `"\u{E9}"` does not find a member named `"e\u{301}"`.
    ///
    /// - Complexity: O(members): a scan comparing byte counts first.
    public subscript(key: String) -> Value? {
      let node = self.node
      guard node.kind == JSONTapeNode.object else { return nil }
      var key = key
      return key.withUTF8 { utf8 in member(named: utf8, in: node) }
    }

    /// The value of the member whose name has the bytes `utf8`, in the object `node`.
    private func member(named utf8: UnsafeBufferPointer<UInt8>, in node: JSONTapeNode) -> Value? {
      let nodes = storage.nodes
      var i = index + 1
      for _ in 0..<node.count {
        let name = nodes[i]
        if name.count == utf8.count && JSONObject.equalBytes(storage.bytes(name), utf8) {
          return Value(storage: storage, index: i + 1)
        }
        i += 1 + nodes[i + 1].size
      }
      return nil
    }

    /// The elements when this is an array (empty for any other value).
    public var elements: Elements {
      let node = self.node
      guard node.kind == JSONTapeNode.array else { return Elements(storage: storage, start: index, end: index, count: 0) }
      return Elements(storage: storage, start: index + 1, end: index + node.size, count: node.count)
    }

    /// The members in document order when this is an object (empty for any other value).
    public var members: Members {
      let node = self.node
      guard node.kind == JSONTapeNode.object else { return Members(storage: storage, start: index, end: index, count: 0) }
      return Members(storage: storage, start: index + 1, end: index + node.size, count: node.count)
    }
  }
}

// MARK: - Collections

extension JSONDocument {
  /// A position in ``Elements`` or ``Members``: a node of the tape (an element, or a
  /// member's name).
  public struct Position: Comparable, Hashable, Sendable {
    let node: Int
    public static func < (a: Position, b: Position) -> Bool { a.node < b.node }
  }

  /// The elements of an array, in order.
  ///
  /// Positions are tape positions: ``index(after:)`` skips an element's subtree in O(1),
  /// ``count`` is O(1); an element is reached from the start in O(its position).
  public struct Elements: Collection, Sendable {
    /// A position in the array.
    public typealias Index = Position

    let storage: Storage
    let start: Int
    let end: Int
    /// The number of elements.
    public let count: Int

    public var startIndex: Index { Index(node: start) }
    public var endIndex: Index { Index(node: end) }
    public var isEmpty: Bool { count == 0 }

    public func index(after i: Index) -> Index {
      Index(node: i.node + storage.nodes[i.node].size)
    }

    public subscript(position: Index) -> Value {
      precondition(position.node >= start && position.node < end, "index out of range")
      return Value(storage: storage, index: position.node)
    }
  }

  /// The members of an object, in document order, as `(name:, value:)` pairs.
  ///
  /// Each access to a member creates its name (a `String`); ``withNameUTF8(at:_:)``
  /// reads the name's bytes without creating one.
  public struct Members: Collection, Sendable {
    /// A position in the object (the tape position of a member's name).
    public typealias Index = Position

    let storage: Storage
    let start: Int
    let end: Int
    /// The number of members.
    public let count: Int

    public var startIndex: Index { Index(node: start) }
    public var endIndex: Index { Index(node: end) }
    public var isEmpty: Bool { count == 0 }

    public func index(after i: Index) -> Index {
      Index(node: i.node + 1 + storage.nodes[i.node + 1].size)
    }

    public subscript(position: Index) -> (name: String, value: Value) {
      precondition(position.node >= start && position.node < end, "index out of range")
      let name = storage.bytes(storage.nodes[position.node])
      return (String(validatedUTF8: name), Value(storage: storage, index: position.node + 1))
    }

    /// The member names in order (each created on access).
    public var names: some Collection<String> { lazy.map(\.name) }

    /// Calls `body` with the UTF-8 bytes of the name at `position`, without creating a
    /// `String`.
    ///
    /// - Parameters:
    ///   - position: a valid position of the members.
    ///   - body: receives the decoded bytes (valid only during the call).
    /// - Returns: what `body` returns.
    public func withNameUTF8<R>(at position: Index, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
      precondition(position.node >= start && position.node < end, "index out of range")
      return try withExtendedLifetime(storage) { try body(storage.bytes(storage.nodes[position.node])) }
    }
  }
}

// MARK: - JSON Pointer

extension JSONDocument.Value {
  /// The value that the JSON Pointer `pointer` designates from this one, or nil (see
  /// ``JSONPointer/resolve(_:in:)``).
  ///
  /// - Parameter pointer: an RFC 6901 pointer such as `/items/0/name` (`""` is this value).
  /// - Returns: the value, or nil when the pointer is invalid or a token is missing.
  public func value(at pointer: String) -> JSONDocument.Value? {
    guard let tokens = JSONPointer.tokens(pointer) else { return nil }
    return value(atTokens: tokens)
  }

  /// The value reached from this one by unescaped reference tokens (member names, or
  /// array indices in canonical decimal form); nil when one of them is missing.
  ///
  /// - Parameter tokens: the tokens, already unescaped (`~0`/`~1` decoded).
  /// - Returns: the value, or nil.
  public func value(atTokens tokens: some Sequence<String>) -> JSONDocument.Value? {
    var current = self
    for token in tokens {
      switch current.node.kind {
      case JSONTapeNode.object:
        guard let next = current[token] else { return nil }
        current = next
      case JSONTapeNode.array:
        guard let i = Int(token), String(i) == token, let next = current[i] else { return nil }
        current = next
      default:
        return nil
      }
    }
    return current
  }
}

extension JSONDocument.Value: CustomStringConvertible {
  /// The compact serialization of this value.
  public var description: String { JSONSerializer.serialize(jsonValue) }
}
