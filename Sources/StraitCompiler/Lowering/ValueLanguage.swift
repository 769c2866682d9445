import StraitAutomata

/// The six JSON value kinds a schema's language is split by (integers are numbers).
enum JSONKind: Int, CaseIterable, Hashable {
  case null, boolean, number, string, array, object

  /// Parses a JSON Schema `type` name; `integer` maps to `.number` (see ``isInteger``).
  init?(typeName: String) {
    switch typeName {
    case "null": self = .null
    case "boolean": self = .boolean
    case "number", "integer": self = .number
    case "string": self = .string
    case "array": self = .array
    case "object": self = .object
    default: return nil
    }
  }

  var name: String {
    switch self {
    case .null: "null"
    case .boolean: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
}

/// One term per JSON kind: the texts of values of that kind (no surrounding whitespace).
struct TypedTerms {
  var terms: [Term]

  init(empty store: TermStore) {
    terms = Array(repeating: store.empty, count: JSONKind.allCases.count)
  }

  subscript(_ k: JSONKind) -> Term {
    get { terms[k.rawValue] }
    set { terms[k.rawValue] = newValue }
  }

  var all: [Term] { terms }
}

/// How faithfully a lowered term represents a schema's valid values of one kind.
///
/// `sound`: every accepted text is valid (false only where lenient mode dropped a
/// keyword). `complete`: every valid text of the canonical form (whitespace, member order,
/// number grammar) nested at most `complete` levels deep is accepted; deeper valid texts
/// may be rejected (free-form values and recursion are bounded). -1: no completeness
/// guarantee at all (a format or a key set approximated by a subset).
///
/// Complements are computed within the universe of values nested at most `complete`
/// levels, which keeps them sound whatever the approximation below.
struct Fidelity: Hashable {
  var complete: Int
  var sound: Bool

  static let unbounded = Int.max / 4
  static let exact = Fidelity(complete: unbounded, sound: true)
  static let incomplete = Fidelity(complete: -1, sound: true)

  func meet(_ o: Fidelity) -> Fidelity {
    Fidelity(complete: min(complete, o.complete), sound: sound && o.sound)
  }

  /// The fidelity of a container whose children have this fidelity.
  var nested: Fidelity {
    Fidelity(complete: complete >= Self.unbounded ? complete : complete + 1, sound: sound)
  }

  var isExact: Bool { complete >= Self.unbounded && sound }
}

/// The language of a schema split by kind, with the fidelity of each part.
struct ValueLanguage {
  var terms: TypedTerms
  var fidelity: [Fidelity]

  init(empty store: TermStore) {
    terms = TypedTerms(empty: store)
    fidelity = Array(repeating: .exact, count: JSONKind.allCases.count)
  }

  init(terms: TypedTerms, fidelity: Fidelity) {
    self.terms = terms
    self.fidelity = Array(repeating: fidelity, count: JSONKind.allCases.count)
  }

  subscript(_ k: JSONKind) -> Term {
    get { terms[k] }
    set { terms[k] = newValue }
  }

  func fidelity(_ k: JSONKind) -> Fidelity { fidelity[k.rawValue] }

  mutating func setFidelity(_ k: JSONKind, _ f: Fidelity) { fidelity[k.rawValue] = f }

  /// The meet of the fidelities of the non-empty kinds.
  var overallFidelity: Fidelity {
    var f = Fidelity.exact
    for k in JSONKind.allCases { f = f.meet(fidelity(k)) }
    return f
  }

  /// Every value of any kind.
  func union(in store: TermStore) -> Term { store.union(terms.all) }

  /// Whether every kind is empty.
  func isEmpty(in store: TermStore) -> Bool { terms.all.allSatisfy { $0 == store.empty } }
}
