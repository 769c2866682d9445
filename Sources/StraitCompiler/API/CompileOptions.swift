/// Options of ``SchemaCompiler``.
///
/// The defaults aim at constrained decoding: any JSON whitespace where JSON allows it,
/// formats asserted, and strict mode (a keyword that cannot be enforced exactly is an
/// error, never silently dropped).
///
/// ```swift
/// var options = CompileOptions()
/// options.whitespace = .compact
/// options.strict = false   // report unenforceable keywords instead of failing
/// let grammar = try SchemaCompiler.compile(schema: schema, options: options)
/// ```
public struct CompileOptions: Sendable, Hashable {
  /// Where the grammar allows whitespace.
  public enum Whitespace: Sendable, Hashable {
    /// Any run of JSON whitespace (space, tab, LF, CR) wherever RFC 8259 allows it, so
    /// `json.dumps` output (`", "` and `": "`) and pretty-printed documents are accepted.
    case any
    /// No whitespace at all.
    case compact
    /// At most `maxRun` whitespace bytes at each place whitespace is allowed (keeps a model
    /// from looping on whitespace).
    case bounded(maxRun: Int)
  }

  /// Whitespace policy (default ``Whitespace/any``).
  public var whitespace: Whitespace = .any

  /// How many times a recursive `$ref` may re-enter itself along one path (default 3).
  ///
  /// Levels are counted per subschema re-entered (its `$ref`s, and the negations and views
  /// the compiler builds of it) and per instance depth: a definition re-entered at four
  /// instance depths below the first is past the default. Must not be negative.
  ///
  /// The schema below the last allowed entry lowers to the empty language (an
  /// under-approximation: documents that recurse deeper are rejected, never accepted
  /// wrongly). Recursion that does not descend into the instance (a `$ref` cycle with no
  /// base case) is a ``CompileError`` whatever this limit.
  public var maxRecursionDepth: Int = 3

  /// How deep schema-less, free-form JSON values (`{}`, `true`, absent `items` /
  /// `additionalProperties`) may nest, in arrays and objects below the point where the
  /// free-form value starts (default 3).
  ///
  /// The same bound limits the universe that `not`, `oneOf` and `if`/`else` complement
  /// within: a complement only accepts values nested at most this deep below it.
  public var maxNestingDepth: Int = 3

  /// The most DFA states the lazy automaton may create (default 100,000); passed to
  /// ``LazyDFA``.
  public var stateBudget: Int = 100_000

  /// The most regular-IR terms the lowering may create (default 2,000,000); beyond it the
  /// schema is rejected with an error naming the subschema that built the most terms.
  public var termBudget: Int = 2_000_000

  /// Strict mode (default true): a keyword that the automaton cannot enforce exactly is a
  /// ``CompileError`` naming the keyword and its JSON Pointer. Lenient mode drops it,
  /// reports it as ignored, and the automaton over-approximates there.
  public var strict: Bool = true

  /// Whether `format` is enforced (default true). Formats are annotations in 2020-12;
  /// enforcing them only narrows the accepted language (never accepts an invalid document).
  public var assertFormat: Bool = true

  /// The dialect for schemas without a recognised `$schema` (default 2020-12).
  public var defaultDialect: SchemaDialectName = .draft2020_12

  /// The most states of the residue counter that enforces a `multipleOf` whose value,
  /// scaled to an integer, is not a power of ten (default 48; the counter for `multipleOf`
  /// 7 has 10 states, for 0.25 about 8). Larger counters are unsupported.
  public var maxMultipleOfStates: Int = 48

  /// Creates the default options.
  public init() {}

  /// The default options.
  public static let `default` = CompileOptions()
}

/// A JSON Schema specification version the compiler understands.
public enum SchemaDialectName: String, Sendable, Hashable, CaseIterable, Comparable {
  case draft4 = "draft4"
  case draft6 = "draft6"
  case draft7 = "draft7"
  case draft2019_09 = "draft2019-09"
  case draft2020_12 = "draft2020-12"

  var order: Int {
    switch self {
    case .draft4: 4
    case .draft6: 6
    case .draft7: 7
    case .draft2019_09: 8
    case .draft2020_12: 9
    }
  }

  public static func < (a: Self, b: Self) -> Bool { a.order < b.order }

  /// The dialect whose metaschema URI is `uri` (ignoring a trailing `#` and http/https).
  public init?(metaschemaURI uri: String) {
    var u = uri
    if u.hasSuffix("#") { u.removeLast() }
    if u.hasPrefix("https://") { u = "http://" + u.dropFirst(8) }
    switch u {
    case "http://json-schema.org/draft-04/schema": self = .draft4
    case "http://json-schema.org/draft-06/schema": self = .draft6
    case "http://json-schema.org/draft-07/schema": self = .draft7
    case "http://json-schema.org/draft/2019-09/schema": self = .draft2019_09
    case "http://json-schema.org/draft/2020-12/schema": self = .draft2020_12
    default: return nil
    }
  }
}
