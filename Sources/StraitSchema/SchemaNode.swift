import StraitJSON
import StraitPCRE2

/// A compiled (sub)schema: its keywords, precompiled, and where it came from.
///
/// Nodes live as long as their ``JSONSchema`` (which owns them all in an array); links
/// between nodes are `unowned(unsafe)` (``NodeRef``) because `$ref` makes the graph
/// cyclic and the validator's hot path should not pay for reference counting.
final class SchemaNode {
  // The fields the validator reads on every visit come first, in one cache line.

  /// The keywords that apply to each kind of instance, in evaluation order, in the
  /// program's ``KeywordArena``: the validator reads them without reference counting
  /// and skips keywords for other types without looking at them (``Keyword/matters(to:)``).
  var keywordsByKind = KeywordLists()
  /// Bit `k` set when every instance of ``InstanceKind`` `k` is valid here with nothing
  /// to evaluate (its list is empty; a `type` that admits the whole kind is not in it),
  /// so that a parent can skip the visit after reading the instance's tag.
  var acceptedKinds: UInt8 = 0
  /// `true`/`false` for a Boolean schema (or an object schema that reduces to one).
  var constant: Bool?
  /// The target of a node whose only keyword is a `$ref` (when the program does not
  /// track the dynamic scope): the fast mode goes straight there, without reading this
  /// node's keyword list (``KeywordArena/init(_:forwardsReferences:)``).
  var forward: NodeRef?
  /// Whether this node has `unevaluatedProperties`/`unevaluatedItems` (needs annotations).
  var hasUnevaluated = false
  /// The schema resource this node belongs to (index into the resource table).
  let resource: Int
  /// The keywords to evaluate, in evaluation order (`unevaluated*` last).
  private(set) var keywords: [Keyword] = []
  /// The objects that the keywords' ``Payload``s point to, kept alive here.
  var payloads: [AnyObject] = []
  /// Pointer of this schema in its document (for schema errors).
  let documentPointer: String
  /// `base#pointer-in-resource` for absolute keyword locations, nil when the base is unknown.
  let absoluteLocation: String?

  init(documentPointer: String, absoluteLocation: String?, resource: Int) {
    self.documentPointer = documentPointer
    self.absoluteLocation = absoluteLocation
    self.resource = resource
  }

  /// Stores the compiled keywords (once; their payloads must be in ``payloads``). The
  /// validator's lists are laid out later, for all nodes at once (``KeywordArena``).
  func setKeywords(_ keywords: [Keyword]) {
    precondition(self.keywords.isEmpty, "keywords are set once")
    self.keywords = keywords
  }

  /// Keeps `object` alive for as long as this node and returns a non-owning link to it.
  func keep<Object: AnyObject>(_ object: Object) -> Payload<Object> {
    payloads.append(object)
    return Payload(unmanaged: .passUnretained(object))
  }
}

/// The kinds of instance that keywords apply to (`null` and Booleans share one).
enum InstanceKind: Int {
  case object, array, string, number, other

  @inline(__always)
  init(_ value: JSONValue) {
    switch value {
    case .object: self = .object
    case .array: self = .array
    case .string: self = .string
    case .number: self = .number
    case .null, .bool: self = .other
    }
  }
}

/// A node's keywords split by ``InstanceKind``: list `k` is
/// `base[starts.k ..< starts.k+1]`, in the ``KeywordArena`` (non-owning, trivial).
struct KeywordLists {
  private var base: UnsafePointer<Keyword>?
  private var starts: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0)

  init() {}

  init(base: UnsafePointer<Keyword>, starts: [UInt32]) {
    self.base = base
    self.starts = (starts[0], starts[1], starts[2], starts[3], starts[4], starts[5])
  }

  /// The keywords for instances of `kind`.
  @inline(__always)
  subscript(kind: InstanceKind) -> UnsafeBufferPointer<Keyword> {
    let (start, end): (UInt32, UInt32)
    switch kind {
    case .object: (start, end) = (starts.0, starts.1)
    case .array: (start, end) = (starts.1, starts.2)
    case .string: (start, end) = (starts.2, starts.3)
    case .number: (start, end) = (starts.3, starts.4)
    case .other: (start, end) = (starts.4, starts.5)
    }
    return UnsafeBufferPointer(start: base.map { $0 + Int(start) }, count: Int(end &- start))
  }
}

/// The keyword lists of every node of a program in one allocation, in node creation
/// order (a schema's nodes are created depth first, as validation usually walks them):
/// schema data is cold when validating against many schemas, and adjacent lists share
/// cache lines and get prefetched.
final class KeywordArena {
  private let buffer: UnsafeMutableBufferPointer<Keyword>

  /// Lays out the lists of `nodes` and points each node's ``SchemaNode/keywordsByKind``
  /// into them.
  ///
  /// With `forwardsReferences`, a node whose only keyword is a `$ref` also gets
  /// ``SchemaNode/forward`` and the ``SchemaNode/acceptedKinds`` of the node its chain of
  /// such references ends at: what that node accepts without evaluating, the reference
  /// does too, so a parent skips the visit (`$ref`-only nodes are common: a property
  /// whose schema is `{"$ref": "#/definitions/x"}`).
  init(_ nodes: [SchemaNode], forwardsReferences: Bool = false) {
    let kinds: [InstanceKind] = [.object, .array, .string, .number, .other]
    var total = 0
    for node in nodes {
      for k in node.keywords { total += kinds.reduce(0) { $0 + (k.matters(to: $1) ? 1 : 0) } }
    }
    buffer = .allocate(capacity: total)
    var end = 0
    for node in nodes {
      let base = UnsafePointer(buffer.baseAddress! + end)
      var starts: [UInt32] = [0]
      var count = 0
      for kind in kinds {
        for k in node.keywords where k.matters(to: kind) {
          (buffer.baseAddress! + end + count).initialize(to: k)
          count += 1
        }
        starts.append(UInt32(count))
      }
      node.keywordsByKind = KeywordLists(base: base, starts: starts)
      node.acceptedKinds = Self.acceptedKinds(node)
      end += count
    }
    guard forwardsReferences else { return }
    for node in nodes where node.constant == nil && !node.hasUnevaluated && node.keywords.count == 1 {
      if case .ref(let target) = node.keywords[0] { node.forward = target }
    }
    for node in nodes where node.forward != nil {
      // Follow the chain to a node that is not a bare `$ref` (compilation rejects
      // reference cycles that make no progress, but stay bounded all the same).
      var end = node.forward!.node
      var hops = 0
      while let next = end.forward, hops < nodes.count {
        end = next.node
        hops += 1
      }
      if end.forward == nil { node.acceptedKinds = end.acceptedKinds }
    }
  }

  /// ``SchemaNode/acceptedKinds`` of a node whose lists are laid out.
  private static func acceptedKinds(_ node: SchemaNode) -> UInt8 {
    if let c = node.constant { return c ? 0x1F : 0 }
    var mask: UInt8 = 0
    for kind in [InstanceKind.object, .array, .string, .number, .other] where node.keywordsByKind[kind].isEmpty {
      mask |= 1 << UInt8(kind.rawValue)
    }
    return mask
  }

  deinit { buffer.deallocate() }
}

/// A non-owning link from a ``Keyword`` to its payload object, which the keyword's
/// ``SchemaNode`` keeps alive (``SchemaNode/keep(_:)``).
///
/// This keeps ``Keyword`` a trivial type: reading one from a node and switching on it
/// never retains or releases, which was a third of the validator's time.
struct Payload<Object: AnyObject> {
  let unmanaged: Unmanaged<Object>

  /// Calls `body` with the object, borrowed without retaining it.
  @inline(__always)
  func with<Result>(_ body: (Object) -> Result) -> Result {
    unmanaged._withUnsafeGuaranteedRef(body)
  }

  /// The object (a strong reference; use ``with(_:)`` on hot paths).
  var object: Object { unmanaged.takeUnretainedValue() }
}

/// A non-owning link to a node (see ``SchemaNode``).
///
/// `Unmanaged` rather than `unowned(unsafe)`: the validator borrows the node with
/// `_withUnsafeGuaranteedRef`, which (unlike loading an unowned reference) does not
/// retain and release it on every descent.
struct NodeRef {
  let unmanaged: Unmanaged<SchemaNode>
  init(_ node: SchemaNode) { unmanaged = .passUnretained(node) }
  /// The node (a strong reference; use ``unmanaged`` on hot paths).
  var node: SchemaNode { unmanaged.takeUnretainedValue() }
  /// The node's ``SchemaNode/constant``, read without retaining the node.
  @inline(__always)
  var constant: Bool? { unmanaged._withUnsafeGuaranteedRef { $0.constant } }

  /// Whether the node accepts `value` with nothing to evaluate
  /// (``SchemaNode/acceptedKinds``): only the value's tag is read, so a caller that
  /// takes the value from an array need not copy it.
  @inline(__always)
  func acceptsWithoutEvaluating(_ value: JSONValue) -> Bool {
    let kinds = unmanaged._withUnsafeGuaranteedRef { $0.acceptedKinds }
    return kinds & (1 << UInt8(InstanceKind(value).rawValue)) != 0
  }
}

/// The JSON Schema type names as a bit set (`integer` is its own bit).
struct TypeSet: OptionSet {
  let rawValue: UInt8
  static let null = TypeSet(rawValue: 1)
  static let boolean = TypeSet(rawValue: 2)
  static let object = TypeSet(rawValue: 4)
  static let array = TypeSet(rawValue: 8)
  static let number = TypeSet(rawValue: 16)
  static let string = TypeSet(rawValue: 32)
  static let integer = TypeSet(rawValue: 64)
  /// Draft-04 reading of `integer`: the literal has no fraction (`1.0` is not an integer).
  static let integerLiteralOnly = TypeSet(rawValue: 128)

  init(rawValue: UInt8) { self.rawValue = rawValue }

  init?(name: String) {
    switch name {
    case "null": self = .null
    case "boolean": self = .boolean
    case "object": self = .object
    case "array": self = .array
    case "number": self = .number
    case "string": self = .string
    case "integer": self = .integer
    default: return nil
    }
  }

  /// Names in the canonical order, for messages.
  var names: [String] {
    var out: [String] = []
    for (t, n) in [(TypeSet.null, "null"), (.boolean, "boolean"), (.object, "object"), (.array, "array"),
      (.number, "number"), (.integer, "integer"), (.string, "string")] where contains(t)
    {
      out.append(n)
    }
    return out
  }
}

/// A numeric bound (`minimum`, `multipleOf`, ...) with exact and fast forms.
struct NumericBound {
  let number: JSONNumber
  let decimal: JSONNumber.Decimal
  /// The bound as an integer when it is one and fits.
  let int: Int64?

  init(_ number: JSONNumber) {
    self.number = number
    self.decimal = number.decimal
    self.int = number.int64
  }
}

/// A compiled `pattern`: the original ECMA-262 text and the PCRE2 program.
///
/// A class so that a keyword holding one stays one word wide.
final class CompiledPattern {
  /// Backtracking steps after which a PCRE2 match gives up (PCRE2's default is ten
  /// times more): a pattern that backtracks exponentially on some subject takes
  /// milliseconds, not seconds, to be reported as undecided.
  static let matchLimit = 1_000_000

  let source: String
  let regex: PCRE2Regex
  /// Decides most subjects of a `^literal...` pattern without PCRE2.
  let shortcut: PatternShortcut?
  /// ASCII bytes every match contains (``PatternShortcut/requiredASCII(in:)``).
  let requiredBytes: [UInt8]

  /// - Parameter regex: `source` compiled by ``ECMARegex/compile(_:matchLimit:jit:)``
  ///   with ``matchLimit``.
  init(source: String, regex: PCRE2Regex) {
    self.source = source
    self.regex = regex
    self.shortcut = PatternShortcut(source: source)
    self.requiredBytes = PatternShortcut.requiredASCII(in: source)
  }

  /// Whether the pattern matches somewhere in `subject`, or nil when PCRE2 could not
  /// tell (the match limit was hit): the caller must not take that for either answer.
  @inline(__always)
  func match(_ subject: String) -> Bool? {
    if let shortcut, let answer = shortcut.decide(subject) { return answer }
    // Native strings are contiguous: no copy of the subject (`withUTF8` needs a `var`).
    if let answer = subject.utf8.withContiguousStorageIfAvailable({ match(bytes: $0) }) { return answer }
    return Array(subject.utf8).withUnsafeBufferPointer { match(bytes: $0) }
  }

  private func match(bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    for b in requiredBytes where !bytes.contains(b) { return false }
    do throws(PCRE2Regex.MatchError) {
      return try regex.firstMatch(in: bytes) != nil
    } catch {
      return Self.retryWithoutJIT(source, bytes, error)
    }
  }

  /// PCRE2's reason for the nil ``match(_:)`` of `subject` (it matches again).
  func undecidedReason(_ subject: String) -> String {
    var subject = subject
    return subject.withUTF8 { bytes in
      do throws(PCRE2Regex.MatchError) {
        _ = try regex.firstMatch(in: bytes)
        return "PCRE2 could not match"
      } catch {
        return error.message
      }
    }
  }

  /// A JIT match that failed on the JIT's own stack (`PCRE2_ERROR_JIT_STACKLIMIT`) is
  /// run again by the interpreter, which has no such limit (it is compiled here: this
  /// is rare); any other error, and the interpreter's, leaves the match undecided.
  private static func retryWithoutJIT(
    _ source: String, _ bytes: UnsafeBufferPointer<UInt8>, _ error: PCRE2Regex.MatchError
  ) -> Bool? {
    let jitStackLimit: Int32 = -46
    guard error.code == jitStackLimit,
      let interpreter = try? ECMARegex.compile(source, matchLimit: matchLimit, jit: false)
    else { return nil }
    do throws(PCRE2Regex.MatchError) {
      return try interpreter.firstMatch(in: bytes) != nil
    } catch {
      return nil
    }
  }
}

/// An immutable box for a keyword payload that is not plain data (or is wider than two
/// words), so that ``Keyword`` stays small (24 bytes instead of 80) and trivial: the
/// validator reads a node's keywords from one contiguous buffer.
final class Boxed<Value> {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// `minimum`/`maximum`/`exclusive*`: the bound, whether it is exclusive, and the keyword
/// name reported in errors.
struct BoundKeyword {
  let bound: NumericBound
  let exclusive: Bool
  let name: String
}

/// The keyword names of ``Keyword/itemsFrom(_:start:name:)``, as one byte.
enum ItemsKeywordName: UInt8 {
  case items
  case additionalItems

  var text: String {
    switch self {
    case .items: "items"
    case .additionalItems: "additionalItems"
    }
  }
}

/// One precompiled keyword (or keyword group) of a schema.
///
/// A trivial type: class payloads are ``Payload`` links (owned by the node) and every
/// other payload is plain data, so keywords are copied without reference counting.
enum Keyword {
  case type(TypeSet)
  case enumeration(Payload<EnumValues>)
  case const(Payload<Boxed<JSONValue>>)
  case multipleOf(Payload<Boxed<NumericBound>>)
  /// `minimum`/`exclusiveMinimum` (and draft-04's Boolean form).
  case minimum(Payload<Boxed<BoundKeyword>>)
  case maximum(Payload<Boxed<BoundKeyword>>)
  case minLength(Int)
  case maxLength(Int)
  case pattern(Payload<CompiledPattern>)
  case format(Payload<Boxed<(name: String, check: @Sendable (String) -> Bool)>>)
  /// `prefixItems` (or array-form `items`): `name` is the keyword.
  case prefixItems(Payload<Boxed<(refs: [NodeRef], name: String)>>)
  /// Schema for every item from `start` on (`items`, `additionalItems`).
  case itemsFrom(NodeRef, start: Int32, name: ItemsKeywordName)
  case contains(Payload<Boxed<(ref: NodeRef, min: Int, max: Int?, marksEvaluated: Bool)>>)
  case minItems(Int)
  case maxItems(Int)
  case uniqueItems
  case properties(NameTable)
  case patternProperties(Payload<Boxed<[(CompiledPattern, NodeRef)]>>)
  /// `known`: the names in `properties` (a names-only table).
  /// `known` also holds the `patternProperties` patterns.
  case additionalProperties(NodeRef, known: NameTable)
  case required(NameTable)
  case propertyNames(NodeRef)
  case minProperties(Int)
  case maxProperties(Int)
  case dependentRequired(Payload<Boxed<(list: [(String, [String])], name: String)>>)
  case dependentSchemas(Payload<Boxed<(list: [(String, NodeRef)], name: String)>>)
  case allOf(Payload<Boxed<[NodeRef]>>)
  case anyOf(Payload<Boxed<[NodeRef]>>)
  case oneOf(Payload<Boxed<[NodeRef]>>)
  case not(NodeRef)
  case conditional(Payload<Boxed<(if: NodeRef, then: NodeRef?, else: NodeRef?)>>)
  case ref(NodeRef)
  /// `$dynamicRef`: static target, and the anchor name when dynamic resolution applies.
  case dynamicRef(Payload<Boxed<(ref: NodeRef, anchor: String?)>>)
  /// `$recursiveRef`: static target and whether it has `$recursiveAnchor: true`.
  case recursiveRef(NodeRef, dynamic: Bool)
  case unevaluatedProperties(NodeRef)
  case unevaluatedItems(NodeRef)
}

extension TypeSet {
  /// Whether every instance of `kind` has one of these types.
  func admitsAll(of kind: InstanceKind) -> Bool {
    switch kind {
    case .object: contains(.object)
    case .array: contains(.array)
    case .string: contains(.string)
    case .number: contains(.number)
    case .other: contains([.null, .boolean])
    }
  }
}

extension Keyword {
  /// Whether the keyword goes in the list for `kind`: it ``applies(to:)`` that kind, and
  /// is not a `type` that every instance of the kind passes.
  func matters(to kind: InstanceKind) -> Bool {
    if case .type(let set) = self, set.admitsAll(of: kind) { return false }
    return applies(to: kind)
  }

  /// Whether the keyword can fail or annotate for an instance of `kind` (the others pass
  /// every instance of another type without effect).
  func applies(to kind: InstanceKind) -> Bool {
    switch self {
    case .multipleOf, .minimum, .maximum:
      return kind == .number
    case .minLength, .maxLength, .pattern, .format:
      return kind == .string
    case .prefixItems, .itemsFrom, .contains, .minItems, .maxItems, .uniqueItems, .unevaluatedItems:
      return kind == .array
    case .properties, .patternProperties, .additionalProperties, .required, .propertyNames, .minProperties,
      .maxProperties, .dependentRequired, .dependentSchemas, .unevaluatedProperties:
      return kind == .object
    case .type, .enumeration, .const, .allOf, .anyOf, .oneOf, .not, .conditional, .ref, .dynamicRef, .recursiveRef:
      return true
    }
  }
}
