import StraitJSON

extension SchemaCompiler {
  /// `instance` rewritten in the grammar's canonical form: object members reordered to the
  /// member order the compiled grammar expects (see ``SchemaCompiler``), numbers in exponent
  /// notation rewritten as plain decimals. Values are unchanged as JSON values, so the
  /// result is valid iff `instance` is.
  ///
  /// Use it to tell a document rejected only for its member order from one that is
  /// invalid, or to reorder data before checking it against a grammar.
  ///
  /// - Parameters:
  ///   - instance: any JSON value.
  ///   - schema: the schema the grammar was compiled from.
  ///   - options: the compile options (the dialect matters).
  /// - Returns: the reordered value.
  /// - Throws: ``CompileError`` when a `$ref` cannot be resolved.
  /// - Complexity: O(size of the instance) plus the location computations.
  public static func canonicalForm(
    of instance: JSONValue, schema: JSONValue, options: CompileOptions = .default
  ) throws(CompileError) -> JSONValue {
    let doc = SchemaDocument(root: schema, defaultDialect: options.defaultDialect)
    guard let root = doc.node(at: "") else { return instance }
    var table = LocationTable(document: doc)
    let loc = try table.location(of: [root])
    return try canonical(instance, loc, &table, depth: 0)
  }

  private static func canonical(
    _ v: JSONValue, _ loc: LocationID, _ table: inout LocationTable, depth: Int
  ) throws(CompileError) -> JSONValue {
    if depth > 200 { return v }
    switch v {
    case .number(let n):
      return .number(plainDecimal(n))
    case .array(let items):
      let child = try table.itemsChild(loc)
      var out: [JSONValue] = []
      for item in items { out.append(try canonical(item, child, &table, depth: depth + 1)) }
      return .array(out)
    case .object(let members):
      let index = table[loc].keyIndex
      let known = members.keys.filter { index[$0] != nil }.sorted { (index[$0] ?? 0) < (index[$1] ?? 0) }
      let others = members.keys.filter { index[$0] == nil }
      var out = JSONObject()
      for k in known {
        guard let value = members[k] else { continue }
        out[k] = try canonical(value, try table.child(loc, key: k), &table, depth: depth + 1)
      }
      let add = try table.additionalChild(loc)
      for k in others {
        guard let value = members[k] else { continue }
        out[k] = try canonical(value, add, &table, depth: depth + 1)
      }
      return .object(out)
    default:
      return v
    }
  }

  /// The plain decimal spelling of `n` (no exponent).
  static func plainDecimal(_ n: JSONNumber) -> JSONNumber {
    guard n.text.contains(where: { $0 == "e" || $0 == "E" }) else { return n }
    guard let p = DecimalParts(n.decimal) else { return n }
    if p.isZero { return JSONNumber(0) }
    var s = p.isNegative ? "-" : ""
    s += p.intDigits.isEmpty ? "0" : String(p.intDigits.map { Character(String($0)) })
    if !p.fracDigits.isEmpty { s += "." + String(p.fracDigits.map { Character(String($0)) }) }
    return JSONNumber(text: s) ?? n
  }
}
